/**
 * Each keeper input left out in turn: the prior (keeper/prior.ts) with that input's weight set to 0, everything else
 * as shipped, scored again on the stored records of the originals and of each re-saved copy (the shoot as the records
 * link it). An input earns its weight on the photographer's labels when leaving it out lowers the keeper AUC on
 * every folder (one folder cannot tell a weight's worth from its noise). One that does not is an input the labels
 * cannot confirm, and keeps the weight the rubric gave it (the "where the data cannot confirm a weight, keep
 * the documented prior") unless its weight chosen leave-one-source-out does better held out (inputWeightLoso).
 */
import { basename } from "node:path";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { KEEPER_FEATURES, type KeeperFeature } from "../../core/domain/keeper/features.ts";
import {
  keeperReference,
  PRIOR_KEEPER_WEIGHTS,
  priorWeight,
  priorWith,
  type KeeperWeights,
} from "../../core/domain/keeper/prior.ts";
import { DEFAULT_SCORING_OPTIONS, scoreShoot } from "../../core/domain/scoring.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";
import type { LosoManifest } from "./loso.ts";
import { auc, evaluateScores, type DevManifest, type ScoreLabels } from "./scores.ts";

export interface InputLeftOut {
  /** The input left out; null for the prior as shipped. */
  readonly input: KeeperFeature | null;
  /** One figure per folder, in the folders' order. */
  readonly keeperAuc: readonly number[];
  readonly keeperWithNoRunner: readonly number[];
  readonly bestOfBurst: readonly number[];
}

/** The prior as shipped, then the prior without each input, on every folder's records. */
export async function keeperInputsLeftOut(
  folders: readonly (readonly AnalysisRecord[])[],
  labels: ScoreLabels,
  manifest: DevManifest,
): Promise<InputLeftOut[]> {
  const rows: InputLeftOut[] = [];
  for (const input of [null, ...KEEPER_FEATURES]) {
    const weights = withoutInput(input);
    const figures = [];
    for (const records of folders)
      figures.push(evaluateScores(await scoreWith(records, weights), labels, manifest));
    rows.push({
      input,
      keeperAuc: figures.map((f) => f.keeperAuc.ours),
      keeperWithNoRunner: figures.map((f) => f.keeperWithNoRunner.ours),
      bestOfBurst: figures.map((f) => f.bestOfBurst.ours),
    });
  }
  return rows;
}

/** The records scored again as one shoot (the links they hold) with these keeper weights. */
export function scoreWith(
  records: readonly AnalysisRecord[],
  weights: KeeperWeights,
): Promise<ScoreRecord[]> {
  return scoreShoot(records, DEFAULT_SCORING_OPTIONS, (x) => x.map((f) => keeperReference(weights, f)));
}

/** The prior without one input (its weight 0, a typical frame unmoved: keeper/prior.ts priorWith), or as shipped. */
export function withoutInput(input: KeeperFeature | null): KeeperWeights {
  return input === null ? PRIOR_KEEPER_WEIGHTS : priorWith(input, 0);
}

export interface InputWeightLoso {
  readonly input: KeeperFeature;
  /** Keeper AUC per folder with the shipped weight, and with each source scored at the weight the others choose. */
  readonly shipped: readonly number[];
  readonly heldOut: readonly number[];
  /** The weight chosen without each source (the same for every folder: the choice sees all four). */
  readonly choices: readonly number[];
}

/**
 * One input's weight chosen from `grid` without each source (the manifest's source_repo), on the running photos of
 * every folder together, and that source's photos scored with it: the held-out keeper AUC to set beside the shipped
 * weight's. A tie goes to the shipped weight, then to the smaller one.
 */
export async function inputWeightLoso(
  folders: readonly (readonly AnalysisRecord[])[],
  labels: ScoreLabels,
  manifest: DevManifest,
  sources: LosoManifest,
  input: KeeperFeature,
  grid: readonly number[],
): Promise<InputWeightLoso> {
  const shippedWeight = priorWeight(input);
  // The shipped weight first: a strictly better total is needed to leave it.
  const weights = [...new Set([shippedWeight, ...[...grid].sort((a, b) => a - b)])];
  const keeper = await keepersByWeight(folders, input, weights);
  const kind = new Map(manifest.map((m) => [m.file, m.kind]));
  const source = new Map(sources.map((m) => [m.file, m.source_repo]));
  const photos = labels.photos.filter(
    (p) => p.main_runner_box && kind.get(p.file) !== "negative" && keeper[0]![0]!.has(p.file),
  );
  const aucOf = (f: number, w: number, ps: typeof photos) =>
    auc(
      ps.map((p) => keeper[f]![w]!.get(p.file)!),
      ps.map((p) => p.keeper),
    );
  const choices: number[] = [];
  const held = folders.map(() => ({ scores: [] as number[], labels: [] as boolean[] }));
  for (const s of new Set(photos.map((p) => source.get(p.file)))) {
    const others = photos.filter((p) => source.get(p.file) !== s);
    const totals = weights.map((_, w) => folders.reduce((sum, _, f) => sum + (aucOf(f, w, others) || 0), 0));
    const chosen = totals.reduce((best, t, w) => (t > totals[best]! + 1e-9 ? w : best), 0);
    choices.push(weights[chosen]!);
    const mine = photos.filter((p) => source.get(p.file) === s);
    held.forEach((h, f) => {
      h.scores.push(...mine.map((p) => keeper[f]![chosen]!.get(p.file)!));
      h.labels.push(...mine.map((p) => p.keeper));
    });
  }
  return {
    input,
    shipped: folders.map((_, f) => aucOf(f, 0, photos)),
    heldOut: held.map((h) => auc(h.scores, h.labels)),
    choices,
  };
}

/** Each folder's keepers by file name, scored with each of the input's weights: [folder][weight]. */
async function keepersByWeight(
  folders: readonly (readonly AnalysisRecord[])[],
  input: KeeperFeature,
  weights: readonly number[],
): Promise<Map<string, number>[][]> {
  const out: Map<string, number>[][] = [];
  for (const records of folders) {
    const row: Map<string, number>[] = [];
    for (const w of weights) {
      const scored = await scoreWith(records, priorWith(input, w));
      row.push(new Map(scored.map((r) => [basename(r.file), r.keeper ?? 0])));
    }
    out.push(row);
  }
  return out;
}
