/**
 * Each keeper input left out in turn: the prior (keeper/prior.ts) with that input's weight set to 0, everything else
 * as shipped, scored again on the stored records of the originals and of each re-saved copy (the shoot as the records
 * link it). An input earns its weight when leaving it out lowers the keeper AUC or the best-of-burst on the copies'
 * mean by more than the copies' own spread; one whose removal moves them less is an input the dev photos cannot
 * confirm either way, and keeps the weight the rubric gave it (the "where the data cannot confirm a weight,
 * keep the documented prior").
 */
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { KEEPER_FEATURES, type KeeperFeature } from "../../core/domain/keeper/features.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS, type KeeperWeights } from "../../core/domain/keeper/prior.ts";
import { DEFAULT_SCORING_OPTIONS, scoreShoot } from "../../core/domain/scoring.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";
import { evaluateScores, type DevManifest, type ScoreLabels } from "./scores.ts";

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

/**
 * The prior with one input's weight at 0 and the bias unchanged: every photo's logit moves by that input's share
 * alone, so the ranking (what AUC and the burst's pick read) is the one the other inputs make.
 */
export function withoutInput(input: KeeperFeature | null): KeeperWeights {
  if (input === null) return PRIOR_KEEPER_WEIGHTS;
  const at = PRIOR_KEEPER_WEIGHTS.features.indexOf(input);
  return { ...PRIOR_KEEPER_WEIGHTS, weights: PRIOR_KEEPER_WEIGHTS.weights.map((w, i) => (i === at ? 0 : w)) };
}
