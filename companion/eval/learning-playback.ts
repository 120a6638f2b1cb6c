/**
 * The learning curve on the team's real dev photos: the photographer's labels (labels.json) played back as their
 * feedback — keeper true/false as a pick/reject, form_rating 4–5 / 1–2 as a good/bad stride (3 says nothing) — with
 * the manifest's group as the burst and the photo's source collection as the shoot (pairs are only formed within
 * one). On held-out photos it prints the prior against heads fitted on the first 25, 50 and all training labels:
 * keeper pairwise agreement, keeper AUC, style pairwise agreement; split by burst and, harder, by whole source.
 *
 *   npx tsx companion/eval/learning-playback.ts [devDir] [--records run.jsonl] [--save run.jsonl] [--seeds 10]
 *
 * Without --records the photos are scored once by the real command line (`stridelight score --jsonl`, ~25 s).
 * Evaluation only: nothing of the dev set is written into the repository.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { promisify } from "node:util";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ANALYSIS_SCHEMA, AnalysisRecord } from "../../core/domain/analysis.ts";
import { PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { keeperPairs, stylePairs, type LabelledPhoto } from "../../core/domain/learning/examples.ts";
import { fitKeeperHead } from "../../core/domain/learning/keeper-selection.ts";
import { keeperLogit, trainKeeper } from "../../core/domain/learning/keeper-trainer.ts";
import { mean, pairwiseAgreement } from "../../core/domain/learning/metrics.ts";
import { keeperRowOf, styleRowOfRecord } from "../../core/domain/learning/photo-rows.ts";
import { seededRandom, shuffled } from "../../core/domain/learning/random.ts";
import {
  DEFAULT_TRAINING_PARAMS,
  makeSnapshot,
  type TrainingParams,
} from "../../core/domain/learning/training-snapshot.ts";
import { isHeldOut, type Split } from "../../core/domain/learning/split.ts";
import { styleScore, trainStyle, UNIT_MULTIPLIERS } from "../../core/domain/learning/style-trainer.ts";
import { train } from "../../core/domain/learning/training.ts";
import { NO_CROP_ADJUSTMENT } from "../../core/domain/learning/crop-trainer.ts";
import { ScoreRecord } from "../../core/domain/score-record.ts";
import { auc, ScoreLabels } from "./scores.ts";
import { DEFAULT_LEARNING } from "../learning/settings.ts";

const REPO = resolve(import.meta.dirname, "../..");
export const DEFAULT_DEV_DIR = resolve(REPO, "../shared/data/dev");
export const CURVE_SIZES = [25, 50] as const;

const DevManifest = z.array(
  z.object({ file: z.string(), group: z.string(), kind: z.string(), source_repo: z.string() }).loose(),
);
type DevManifest = z.infer<typeof DevManifest>;

export interface DevLabels {
  readonly labels: ScoreLabels;
  readonly manifest: DevManifest;
}

/** labels.json and manifest.json of a dev folder, validated. */
export function loadDevLabels(devDir: string): DevLabels {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(devDir, name), "utf8"));
  return {
    labels: ScoreLabels.parse(read("labels.json")),
    manifest: DevManifest.parse(read("manifest.json")),
  };
}

/** What the learner reads of a score record: the analysis and the photo's place in its burst. */
export interface ScoredPhoto {
  readonly record: AnalysisRecord;
  readonly burst: { readonly rank: number; readonly size: number };
}

/** Score records of a `score --jsonl` run, by file name; failed photos are left out. */
export function parseScoreJsonl(text: string): Map<string, ScoredPhoto> {
  const records = new Map<string, ScoredPhoto>();
  for (const line of text.split("\n").filter((l) => l.trim())) {
    const scored = ScoreRecord.safeParse(JSON.parse(line));
    if (!scored.success) continue;
    const record = AnalysisRecord.parse({ ...scored.data, schema: ANALYSIS_SCHEMA });
    records.set(basename(record.file), { record, burst: scored.data.burst });
  }
  return records;
}

/** The real analysis and scoring, once, through the command line as a photographer would run it. */
export async function scoreDevPhotos(devDir: string): Promise<string> {
  const cli = join(REPO, "companion/bin/stridelight.js");
  const run = promisify(execFile);
  const { stdout } = await run("node", [cli, "score", "--jsonl", devDir], { maxBuffer: 512 * 1024 * 1024 });
  return stdout;
}

const styleJudgement = (form: number | null): boolean | null =>
  form === null ? null : form >= 4 ? true : form <= 2 ? false : null;

/** The dev labels as the learner's LabelledPhoto: running photos with a score record only. */
export function devLabelledPhotos(
  records: ReadonlyMap<string, ScoredPhoto>,
  { labels, manifest }: DevLabels,
): LabelledPhoto[] {
  const entries = new Map(manifest.map((m) => [m.file, m]));
  return labels.photos.flatMap((label) => {
    const entry = entries.get(label.file);
    const scored = records.get(label.file);
    if (!entry || entry.kind !== "running" || !scored) return [];
    const { record, burst } = scored;
    return [
      {
        id: record.source.sha256,
        shoot: entry.source_repo,
        burst: entry.group,
        keeperRow: keeperRowOf(record, burst),
        styleRow: styleRowOfRecord(record),
        level: label.keeper ? 4 : 0,
        styleGood: styleJudgement(label.form_rating),
        crop: null,
      },
    ];
  });
}

export type SplitBy = "burst" | "shoot";

function splitOf(photos: readonly LabelledPhoto[], by: SplitBy, seed: number, share: number): Split {
  const split: Split = { train: [], heldOut: [] };
  for (const p of photos)
    (isHeldOut(by === "burst" ? p.burst : p.shoot, seed, share) ? split.heldOut : split.train).push(p);
  return split;
}

/** Labelled burst by burst in a seeded order, as a photographer culls. */
function labellingOrder(photos: readonly LabelledPhoto[], seed: number): LabelledPhoto[] {
  const bursts = new Map<string, LabelledPhoto[]>();
  for (const p of photos) bursts.set(p.burst, [...(bursts.get(p.burst) ?? []), p]);
  return shuffled([...bursts.keys()].sort(), seededRandom(seed)).flatMap((b) => bursts.get(b)!);
}

export interface DevPoint {
  /** Training labels used (0 = the prior). */
  readonly labels: number;
  /** The keeper head's pull toward the prior, chosen on the training labels (null: the prior itself). */
  readonly pull: number | null;
  readonly keeperAgreement: number;
  readonly keeperPairs: number;
  readonly keeperAuc: number;
  readonly styleAgreement: number;
  readonly stylePairs: number;
}

/** One split: the prior and heads fitted on the first n labels of the training side, judged on the held-out side. */
export function devCurve(
  photos: readonly LabelledPhoto[],
  by: SplitBy,
  seed: number,
  params: TrainingParams = DEFAULT_TRAINING_PARAMS,
): DevPoint[] {
  const split = splitOf(photos, by, seed, params.heldOutShare);
  const judge = { seed, pairsPerPhoto: params.heldOutPairsPerPhoto };
  const learn = { seed, pairsPerPhoto: params.pairsPerPhoto };
  const kPairs = keeperPairs(split.heldOut, judge);
  const sPairs = stylePairs(split.heldOut, judge);
  const rated = split.heldOut.filter((p) => p.keeperRow && p.level !== null);
  const order = labellingOrder(split.train, seed);
  const sizes = [0, ...CURVE_SIZES.filter((n) => n < order.length), order.length];
  return sizes.map((n) => {
    const fitted =
      n === 0 ? { head: PRIOR_KEEPER_WEIGHTS, pull: null } : fitKeeperHead(order.slice(0, n), params, learn);
    const keeper = fitted.head;
    const style = n === 0 ? UNIT_MULTIPLIERS : trainStyle(order.slice(0, n), params.style, learn);
    return {
      labels: n,
      pull: fitted.pull,
      keeperAgreement: pairwiseAgreement(keeperLogit(keeper), kPairs).accuracy,
      keeperPairs: kPairs.length,
      keeperAuc: auc(
        rated.map((p) => keeperLogit(keeper)(p.keeperRow!)),
        rated.map((p) => p.level! > 0),
      ),
      styleAgreement: pairwiseAgreement(styleScore(style), sPairs).accuracy,
      stylePairs: sPairs.length,
    };
  });
}

/** Mean and range over the seeds where the figure exists (a split without both classes has no AUC). */
const meanRange = (values: readonly number[]): string => {
  const ok = values.filter(Number.isFinite);
  if (!ok.length) return "—".padEnd(19);
  const m = ok.reduce((a, b) => a + b, 0) / ok.length;
  return `${m.toFixed(3)} [${Math.min(...ok).toFixed(2)}–${Math.max(...ok).toFixed(2)}]`.padEnd(19);
};

/** Agreement over every held-out pair of every seed (seeds with more pairs weigh more; none with no pairs). */
const pooled = (
  points: readonly DevPoint[],
  agreement: (p: DevPoint) => number,
  pairs: (p: DevPoint) => number,
) => {
  const n = points.reduce((a, p) => a + pairs(p), 0);
  const agreed = points.reduce((a, p) => a + agreement(p) * pairs(p), 0);
  return n ? `${(agreed / n).toFixed(3)} of ${String(n).padEnd(4)}` : "—".padEnd(13);
};

/** The pulls the training labels chose across seeds, "prior" where the prior itself won: "prior ×6, 30 ×3, 10". */
function pullsChosen(points: readonly DevPoint[]): string {
  const counts = new Map<string, number>();
  for (const p of points) {
    const name = p.pull === null ? "prior" : String(p.pull);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(", ");
}

function pointAt(curve: readonly DevPoint[], row: string): DevPoint | undefined {
  if (row === "prior") return curve[0];
  if (row === "all") return curve.at(-1);
  return curve.find((p) => String(p.labels) === row);
}

/** Rows "prior", "25", "50", "all" across seeds (the size of "all" varies with the split). */
function printCurves(by: SplitBy, curves: readonly DevPoint[][]): void {
  const alls = curves.map((c) => c.at(-1)!.labels);
  process.stdout.write(
    `\nheld out by ${by}, ${curves.length} seeds ("all" = ${Math.min(...alls)}–${Math.max(...alls)} training labels)\n` +
      `labels   keeper pairs agreed   keeper AUC (mean [range])   style pairs agreed   seeds   keeper pulls chosen\n`,
  );
  for (const row of ["prior", ...CURVE_SIZES.map(String), "all"]) {
    const points = curves.map((c) => pointAt(c, row)).filter((p): p is DevPoint => p !== undefined);
    process.stdout.write(
      `${row.padEnd(8)} ${pooled(
        points,
        (p) => p.keeperAgreement,
        (p) => p.keeperPairs,
      ).padEnd(21)} ` +
        `${meanRange(points.map((p) => p.keeperAuc)).padEnd(27)} ` +
        `${pooled(
          points,
          (p) => p.styleAgreement,
          (p) => p.stylePairs,
        ).padEnd(20)} ${String(points.length).padEnd(7)} ${row === "prior" ? "" : pullsChosen(points)}\n`,
    );
  }
  process.stdout.write(
    `head on all labels − prior, keeper AUC: ${gainOverPrior(curves)} (mean over the seeds)\n`,
  );
}

/** Mean over the seeds of the head-on-all-labels AUC minus the prior's on the same held-out photos. */
function gainOverPrior(curves: readonly DevPoint[][]): string {
  const gains = curves.map((c) => c.at(-1)!.keeperAuc - c[0]!.keeperAuc).filter(Number.isFinite);
  if (!gains.length) return "—";
  const m = mean(gains);
  return `${m >= 0 ? "+" : ""}${m.toFixed(3)}`;
}

/**
 * Curves of the first `count` seeds whose split has every point of the curve (more than 50 training labels) and
 * held-out keeper pairs: so every row is judged on the same splits and the same pairs as the prior.
 */
export function usableCurves(photos: readonly LabelledPhoto[], by: SplitBy, count: number): DevPoint[][] {
  return usableSeeds(photos, by, count).map((seed) => devCurve(photos, by, seed));
}

/** The seeds usableCurves uses. */
function usableSeeds(photos: readonly LabelledPhoto[], by: SplitBy, count: number): number[] {
  const seeds: number[] = [];
  for (let seed = 1; seed <= 50 * count && seeds.length < count; seed++) {
    const split = splitOf(photos, by, seed, DEFAULT_TRAINING_PARAMS.heldOutShare);
    const judge = { seed, pairsPerPhoto: DEFAULT_TRAINING_PARAMS.heldOutPairsPerPhoto };
    if (split.train.length > Math.max(...CURVE_SIZES) && keeperPairs(split.heldOut, judge).length > 0)
      seeds.push(seed);
  }
  return seeds;
}

/** Pulls of the upper bound below: weaker than any the trainer may choose, to show the most a head could gain. */
const BOUND_PULLS = [0.3, 1, 3] as const;

/**
 * An upper bound, NOT a result: heads fitted on every label, the held-out ones included, judged on the same
 * held-out photos as the prior. When even these barely beat the prior, the keeper features leave a linear head
 * little to learn from this photographer, whatever the trainer.
 */
function printBound(photos: readonly LabelledPhoto[], by: SplitBy, count: number): void {
  const prior = keeperLogit(PRIOR_KEEPER_WEIGHTS);
  // The held-out photos of each usable seed, the same for every pull.
  const heldOut = usableSeeds(photos, by, count).map(
    (seed) => splitOf(photos, by, seed, DEFAULT_TRAINING_PARAMS.heldOutShare).heldOut,
  );
  const gains = BOUND_PULLS.map((pull) => {
    const head = keeperLogit(
      trainKeeper(photos, { ...DEFAULT_TRAINING_PARAMS.keeper, l2: pull }, { seed: 1, pairsPerPhoto: 10 }),
    );
    const perSeed = heldOut.map((rated) => {
      const kept = rated.map((p) => p.level! > 0);
      return (
        auc(
          rated.map((p) => head(p.keeperRow!)),
          kept,
        ) -
        auc(
          rated.map((p) => prior(p.keeperRow!)),
          kept,
        )
      );
    });
    return `pull ${pull} ${mean(perSeed.filter(Number.isFinite)).toFixed(3)}`;
  });
  process.stdout.write(
    `upper bound, not a result (fitted on all labels, held-out ones included) − prior: ${gains.join(", ")}\n`,
  );
}

/** What the companion's own retrain would decide on all these labels (its split, its promotion rule). */
function printVerdicts(photos: readonly LabelledPhoto[], seed: number): void {
  const outcome = train(makeSnapshot(photos, seed), {
    keeper: PRIOR_KEEPER_WEIGHTS,
    style: UNIT_MULTIPLIERS,
    crop: NO_CROP_ADJUSTMENT,
  });
  for (const [head, o] of [
    ["keeper", outcome.keeper],
    ["style", outcome.style],
  ] as const)
    process.stdout.write(
      `retrain (seed ${seed}) ${head}: held-out ${o.metrics.heldOut.toFixed(3)} vs prior ${o.metrics.activeHeldOut.toFixed(3)} ` +
        `on ${o.metrics.heldOutItems} pairs -> ${o.verdict.promote ? "promote" : "keep the prior"} (${o.verdict.reason})\n`,
    );
}

/** The real playback: prints the curves and the retrain verdicts; arguments as on the command line above. */
export async function devPlayback(args: string[] = process.argv.slice(2)): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      records: { type: "string" },
      save: { type: "string" },
      seeds: { type: "string", default: "10" },
    },
  });
  const devDir = resolve(positionals[0] ?? DEFAULT_DEV_DIR);
  if (!existsSync(join(devDir, "labels.json"))) {
    process.stderr.write(`${devDir}: no dev data (labels.json) here: nothing to evaluate\n`);
    process.exitCode = 2;
    return;
  }
  const text = values.records ? readFileSync(values.records, "utf8") : await scoreDevPhotos(devDir);
  if (values.save) writeFileSync(values.save, text);
  const photos = devLabelledPhotos(parseScoreJsonl(text), loadDevLabels(devDir));
  if (photos.length === 0) {
    const from = values.records ?? "the score run";
    process.stderr.write(
      `${from}: no score records of the labelled dev photos (give \`score --jsonl\` output)\n`,
    );
    process.exitCode = 2;
    return;
  }
  const keepers = photos.filter((p) => p.level! > 0).length;
  const good = photos.filter((p) => p.styleGood === true).length;
  const bad = photos.filter((p) => p.styleGood === false).length;
  process.stdout.write(
    `${photos.length} running photos (${keepers} keepers, ${photos.length - keepers} not), ` +
      `${new Set(photos.map((p) => p.burst)).size} bursts, ${new Set(photos.map((p) => p.shoot)).size} sources; ` +
      `strides ${good} good / ${bad} bad\n`,
  );
  const seeds = Number(values.seeds);
  const prior = keeperLogit(PRIOR_KEEPER_WEIGHTS);
  const all = auc(
    photos.map((p) => prior(p.keeperRow!)),
    photos.map((p) => p.level! > 0),
  );
  process.stdout.write(`prior keeper AUC on all ${photos.length} photos: ${all.toFixed(3)}\n`);
  for (const by of ["burst", "shoot"] as const) {
    printCurves(by, usableCurves(photos, by, seeds));
    printBound(photos, by, seeds);
  }
  process.stdout.write("\n");
  printVerdicts(photos, DEFAULT_LEARNING.seed);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await devPlayback();
