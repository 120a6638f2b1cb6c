/**
 * Score figures against the photographer's labels, defined as shared/tools/dev-eval.py defines them, each beside the
 * naive baseline from the same detections (largest person = the runner, its box area = keeper and style, largest
 * runner = best of burst):
 * - Spearman of runningStyle with form_rating on full-body photos that have a runningStyle;
 * - keeper AUC over labelled running photos (keeper true vs false), and again with the photos where no one runs (the
 *   manifest's negatives, labelled photos without a main runner) counted as rejects, as the hidden set is scored a
 *   second time: a spectator or a cyclist given stars costs here;
 * - flight-phase accuracy of the prominent runner's flight call on photos labelled "yes"/"no" (naive: always "no",
 *   the majority), plus the 3-class agreement including "unclear";
 * - best-of-burst top-1: the frames marked best among a labelled burst's members are exactly its first-ranked frame
 *   (dev-eval's rule), and, independent of our grouping, whether the highest keeper of the members is that frame.
 */
import { basename } from "node:path";
import { z } from "zod";
import type { Box } from "../../core/domain/analysis.ts";
import { iou } from "../../core/domain/persons.ts";

const NBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const ScoreLabels = z.object({
  photos: z.array(
    z
      .object({
        file: z.string(),
        main_runner_box: NBox.nullable(),
        full_body: z.boolean().nullable(),
        form_rating: z.number().nullable(),
        flight_phase: z.enum(["yes", "no", "unclear"]).nullable(),
        keeper: z.boolean(),
      })
      .loose(),
  ),
  bursts: z.array(z.object({ group: z.string(), ranking: z.array(z.string()) })),
});
export type ScoreLabels = z.infer<typeof ScoreLabels>;

export const DevManifest = z.array(
  z.object({ file: z.string(), group: z.string(), kind: z.string() }).loose(),
);
export type DevManifest = z.infer<typeof DevManifest>;

/** What the figures read of a score record (a full ScoreRecord fits). */
export interface EvalScoreRecord {
  file: string;
  runners: readonly { box: readonly number[]; runningStyle?: { flight: string } | null }[];
  prominent: number | null;
  runningStyle: number | null;
  keeper: number | null;
  burst: { best: boolean } | null;
}

export interface Pair {
  ours: number;
  naive: number;
  n: number;
}

export interface ScoreFigures {
  styleSpearman: Pair;
  keeperAuc: Pair & { keepers: number };
  /** keeperAuc with the photos where no one runs counted as rejects (a photo without a keeper counts 0). */
  keeperWithNoRunner: Pair & { keepers: number; noRunner: number };
  flightAccuracy: Pair & { threeClass: number; threeClassN: number };
  bestOfBurst: Pair & { byKeeper: number };
}

/** dev-eval's main-runner rule: our runner is the photographer's when the two boxes overlap by IoU 0.5 or more. */
export function isPhotographersRunner(ours: Box, theirs: Box): boolean {
  return iou(ours, theirs) >= 0.5;
}

const area = (b: readonly number[]) => (b[2]! - b[0]!) * (b[3]! - b[1]!);
/** dev-eval.py naive(): the largest person's box area, 0 without a person. */
export const naiveSize = (r: EvalScoreRecord): number => Math.max(0, ...r.runners.map((x) => area(x.box)));

export function evaluateScores(
  records: readonly EvalScoreRecord[],
  labels: ScoreLabels,
  manifest: DevManifest,
): ScoreFigures {
  const recs = new Map(records.map((r) => [basename(r.file), r]));
  const kinds = new Map(manifest.map((m) => [m.file, m.kind]));
  const labelled = new Map(labels.photos.map((p) => [p.file, p]));
  const run = labels.photos.filter(
    (p) => p.main_runner_box && recs.has(p.file) && kinds.get(p.file) !== "negative",
  );
  const noRunner = [...recs.keys()].filter(
    (file) => kinds.get(file) === "negative" || labelled.get(file)?.main_runner_box === null,
  );
  return {
    styleSpearman: styleFigure(run, recs),
    keeperAuc: keeperFigure(run, recs),
    keeperWithNoRunner: keeperWithNoRunnerFigure(run, noRunner, recs),
    flightAccuracy: flightFigure(run, recs),
    bestOfBurst: burstFigure(labels, recs),
  };
}

type Photo = ScoreLabels["photos"][number];
type Recs = ReadonlyMap<string, EvalScoreRecord>;

function styleFigure(run: readonly Photo[], recs: Recs): Pair {
  const full = run.filter(
    (p) => p.full_body && recs.get(p.file)!.runningStyle !== null && p.form_rating !== null,
  );
  const rating = full.map((p) => p.form_rating!);
  return {
    ours: spearman(
      full.map((p) => recs.get(p.file)!.runningStyle!),
      rating,
    ),
    naive: spearman(
      full.map((p) => naiveSize(recs.get(p.file)!)),
      rating,
    ),
    n: full.length,
  };
}

function keeperFigure(run: readonly Photo[], recs: Recs): ScoreFigures["keeperAuc"] {
  const scored = run.filter((p) => recs.get(p.file)!.keeper !== null);
  return keeperAucOf(scored.map((p) => ({ r: recs.get(p.file)!, keeper: p.keeper })));
}

function keeperWithNoRunnerFigure(
  run: readonly Photo[],
  noRunner: readonly string[],
  recs: Recs,
): ScoreFigures["keeperWithNoRunner"] {
  const rows = [
    ...run.map((p) => ({ r: recs.get(p.file)!, keeper: p.keeper })),
    ...noRunner.map((file) => ({ r: recs.get(file)!, keeper: false })),
  ];
  return { ...keeperAucOf(rows), noRunner: noRunner.length };
}

/** Keeper AUC of these photos (label: `keeper`) beside the naive one; a photo without a keeper counts 0. */
function keeperAucOf(rows: readonly { r: EvalScoreRecord; keeper: boolean }[]): ScoreFigures["keeperAuc"] {
  const labels = rows.map((x) => x.keeper);
  return {
    ours: auc(
      rows.map((x) => x.r.keeper ?? 0),
      labels,
    ),
    naive: auc(
      rows.map((x) => naiveSize(x.r)),
      labels,
    ),
    n: rows.length,
    keepers: labels.filter(Boolean).length,
  };
}

export function flightCall(r: EvalScoreRecord): string {
  return (r.prominent === null ? undefined : r.runners[r.prominent]?.runningStyle?.flight) ?? "unclear";
}

function flightFigure(run: readonly Photo[], recs: Recs): ScoreFigures["flightAccuracy"] {
  const all = run.filter((p) => p.flight_phase !== null);
  const clear = all.filter((p) => p.flight_phase !== "unclear");
  const hit = (ps: readonly Photo[]) =>
    ps.filter((p) => flightCall(recs.get(p.file)!) === p.flight_phase).length;
  return {
    ours: hit(clear) / Math.max(1, clear.length),
    naive: clear.filter((p) => p.flight_phase === "no").length / Math.max(1, clear.length),
    n: clear.length,
    threeClass: hit(all) / Math.max(1, all.length),
    threeClassN: all.length,
  };
}

function burstFigure(labels: ScoreLabels, recs: Recs): ScoreFigures["bestOfBurst"] {
  let ours = 0;
  let naive = 0;
  let byKeeper = 0;
  const series = seriesPicks(labels, recs);
  for (const { members, first, hit } of series) {
    ours += Number(hit);
    naive += Number(argmax(members, (f) => naiveSize(recs.get(f)!)) === first);
    byKeeper += Number(argmax(members, (f) => recs.get(f)!.keeper ?? 0) === first);
  }
  return { ours, naive, n: series.length, byKeeper };
}

/** One labelled series as dev-eval judges it: its scored frames, the photographer's best, and our pick's verdict. */
export interface SeriesPick {
  readonly members: readonly string[];
  readonly first: string;
  /** The frames marked best among the members are exactly the photographer's first-ranked one. */
  readonly hit: boolean;
}

/** The labelled series with two or more scored frames, each judged by dev-eval's best-of-burst rule. */
export function seriesPicks(labels: ScoreLabels, recs: Recs): SeriesPick[] {
  return labels.bursts.flatMap((b) => {
    const members = b.ranking.filter((f) => recs.has(f));
    if (members.length < 2) return [];
    const best = members.filter((f) => recs.get(f)!.burst?.best);
    return [{ members, first: b.ranking[0]!, hit: best.length === 1 && best[0] === b.ranking[0] }];
  });
}

/** First maximum, as Python's max() picks it (ties go to the earlier element). */
export function argmax<T>(xs: readonly T[], key: (x: T) => number): T | undefined {
  return xs.reduce<T | undefined>(
    (best, x) => (best === undefined || key(x) > key(best) ? x : best),
    undefined,
  );
}

/** Average ranks (ties share the mean rank), as dev-eval.py ranks(). */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const r = new Array<number>(xs.length).fill(0);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]!] === xs[order[i]!]) j++;
    for (let k = i; k <= j; k++) r[order[k]!] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length < 4) return NaN;
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const [ma, mb] = [mean(ra), mean(rb)];
  let num = 0;
  let da = 0;
  let db = 0;
  ra.forEach((x, i) => {
    num += (x - ma) * (rb[i]! - mb);
    da += (x - ma) ** 2;
    db += (rb[i]! - mb) ** 2;
  });
  return da && db ? num / Math.sqrt(da * db) : NaN;
}

export function auc(scores: readonly number[], labels: readonly boolean[]): number {
  const pos = scores.filter((_, i) => labels[i]);
  const neg = scores.filter((_, i) => !labels[i]);
  if (pos.length === 0 || neg.length === 0) return NaN;
  let s = 0;
  for (const p of pos) for (const q of neg) s += p > q ? 1 : p === q ? 0.5 : 0;
  return s / (pos.length * neg.length);
}
