/**
 * How far a dev figure can be trusted. Each headline figure is taken again over the dev sources drawn again with
 * replacement (a cluster bootstrap): the hidden photos come from "the same kinds of sources", so the source, not
 * the photo, is what varies from one set of race photos to the next, and a source's photos stay together in a draw
 * (frames of one race are alike; drawn one by one they would read the figure surer than it is). The interval is
 * what a set of photos like the dev set could show; it says nothing of a number fitted on these photos (for those,
 * the leave-one-source-out lines above).
 */
import { basename } from "node:path";
import { seededRandom } from "../../core/domain/learning/random.ts";
import type { CropFigures } from "./crops.ts";
import { median } from "./crops.ts";
import type { LosoManifest } from "./loso.ts";
import { auc, isPhotographersRunner, seriesPicks, spearman, type ScoreLabels } from "./scores.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";

export interface IntervalOptions {
  /** How many times the sources are drawn again. */
  readonly draws: number;
  /** The share of the draws the interval holds (0.9: from the 5th to the 95th percentile). */
  readonly level: number;
  /** Seed of the draws: the same records give the same intervals. */
  readonly seed: number;
}

/** 1000 draws settle a 90 % interval's ends to about ±0.01 on these figures; seed 1 as everywhere in the evals. */
export const DEFAULT_INTERVAL: IntervalOptions = Object.freeze({ draws: 1000, level: 0.9, seed: 1 });

export interface Interval {
  /** The figure on the photos as they are. */
  readonly figure: number;
  readonly low: number;
  readonly high: number;
  /** Draws where the figure exists (an AUC needs both classes, a Spearman four photos). */
  readonly draws: number;
}

/** The statistic over the items, and its interval over draws of whole sources. */
export function sourceInterval<T>(
  items: readonly T[],
  sourceOf: (item: T) => string,
  statistic: (items: readonly T[]) => number,
  options: IntervalOptions = DEFAULT_INTERVAL,
): Interval {
  const bySource = new Map<string, T[]>();
  for (const item of items) bySource.set(sourceOf(item), [...(bySource.get(sourceOf(item)) ?? []), item]);
  const sources = [...bySource.keys()].sort();
  const random = seededRandom(options.seed);
  const values: number[] = [];
  for (let d = 0; d < options.draws; d++) {
    const drawn = sources.flatMap(() => bySource.get(sources[Math.floor(random() * sources.length)]!)!);
    const value = statistic(drawn);
    if (Number.isFinite(value)) values.push(value);
  }
  values.sort((a, b) => a - b);
  const at = (q: number) =>
    values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
  const tail = (1 - options.level) / 2;
  return {
    figure: statistic(items),
    low: at(tail) ?? NaN,
    high: at(1 - tail) ?? NaN,
    draws: values.length,
  };
}

/** One labelled photo's part in the figures, with its source. */
interface Item {
  readonly source: string;
  readonly keeper: number;
  readonly kept: boolean;
  /** The main runner is the photographer's (box IoU >= 0.5, dev-eval's rule); null for a photo without a runner. */
  readonly rightRunner: boolean | null;
  /** Style and form rating on a full-body photo with a style; null elsewhere. */
  readonly style: readonly [number, number] | null;
}

/** A labelled series: whether the best frame was the photographer's, and the source of its frames. */
interface Series {
  readonly source: string;
  readonly hit: boolean;
}

export interface DevIntervals {
  readonly mainRunner: Interval;
  readonly keeper: Interval;
  readonly keeperWithNoRunner: Interval;
  readonly style: Interval;
  readonly bestOfBurst: Interval;
  readonly cropInside: Interval;
  readonly cropIouMedian: Interval;
}

/** The intervals of the shipped figures (the records as scored; nothing is fitted again in a draw). */
export function devIntervals(
  scored: readonly ScoreRecord[],
  labels: ScoreLabels,
  manifest: LosoManifest,
  crops: CropFigures,
  options: IntervalOptions = DEFAULT_INTERVAL,
): DevIntervals {
  const source = new Map(manifest.map((m) => [m.file, m.source_repo]));
  const negatives = new Set(manifest.filter((m) => m["kind"] === "negative").map((m) => m.file));
  const records = new Map(scored.map((r) => [basename(r.file), r]));
  const items = labels.photos.flatMap((p): Item[] => {
    const r = records.get(p.file);
    if (!r || !source.has(p.file)) return [];
    const runner = p.main_runner_box !== null && !negatives.has(p.file);
    const main = r.prominent === null ? null : r.runners[r.prominent];
    return [
      {
        source: source.get(p.file)!,
        keeper: r.keeper ?? 0,
        kept: runner && p.keeper,
        rightRunner: runner
          ? main !== null && main !== undefined && isPhotographersRunner(main.box, p.main_runner_box!)
          : null,
        style:
          runner && p.full_body && r.runningStyle !== null && p.form_rating !== null
            ? [r.runningStyle, p.form_rating]
            : null,
      },
    ];
  });
  const running = items.filter((i) => i.rightRunner !== null);
  const within = <T extends { source: string }>(xs: readonly T[], stat: (ys: readonly T[]) => number) =>
    sourceInterval(xs, (x) => x.source, stat, options);
  const keeperAuc = (ys: readonly Item[]) =>
    auc(
      ys.map((y) => y.keeper),
      ys.map((y) => y.kept),
    );
  const cropRows = crops.rows.filter((row) => source.has(row.file));
  const cropSource = (row: { file: string }) => source.get(row.file)!;
  return {
    mainRunner: within(running, (ys) => share(ys.map((y) => y.rightRunner === true))),
    keeper: within(running, keeperAuc),
    keeperWithNoRunner: within(items, keeperAuc),
    style: within(
      items.filter((i) => i.style !== null),
      (ys) =>
        spearman(
          ys.map((y) => y.style![0]),
          ys.map((y) => y.style![1]),
        ),
    ),
    bestOfBurst: within(seriesOf(labels, records, source), (ys) => share(ys.map((y) => y.hit))),
    cropInside: sourceInterval(
      cropRows.filter((row) => row.inside !== null),
      cropSource,
      (ys) => share(ys.map((y) => y.inside === true)),
      options,
    ),
    cropIouMedian: sourceInterval(cropRows, cropSource, (ys) => median(ys.map((y) => y.iou)), options),
  };
}

/** The labelled series judged as `npm run eval` judges them (seriesPicks), each with its frames' source. */
function seriesOf(
  labels: ScoreLabels,
  records: ReadonlyMap<string, ScoreRecord>,
  source: ReadonlyMap<string, string>,
): Series[] {
  return seriesPicks(labels, records).flatMap(({ members, hit }) =>
    source.has(members[0]!) ? [{ source: source.get(members[0]!)!, hit }] : [],
  );
}

const share = (xs: readonly boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : NaN);

/** The report's lines: each figure with its interval. */
export function intervalLines(d: DevIntervals, options: IntervalOptions = DEFAULT_INTERVAL): string[] {
  const f = (i: Interval, digits = 2) =>
    `${i.figure.toFixed(digits)} [${i.low.toFixed(digits)}–${i.high.toFixed(digits)}]`;
  return [
    `${Math.round(options.level * 100)} % intervals, the dev sources drawn again ${options.draws} times (a source's photos stay together; what another set of photos from such sources could read):`,
    `  main runner ${f(d.mainRunner)}, keeper AUC ${f(d.keeper)}, with no-runner photos as rejects ${f(d.keeperWithNoRunner)}, style Spearman ${f(d.style)}`,
    `  best-of-burst ${f(d.bestOfBurst)} of the series, 4:5 crop runner inside ${f(d.cropInside)}, IoU median ${f(d.cropIouMedian, 3)}`,
  ];
}
