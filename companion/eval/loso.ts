/**
 * Leave-one-source-out: every number fitted on the dev photos is also judged on a source it never saw. Dev photos
 * come from about fifteen sources (manifest `source_repo`); the hidden photos from the same kinds of sources, so
 * the held-out figure is the one to quote.
 *
 * - keeper: the prior head as shipped (nothing fitted) beside a logistic head fitted on the labels (L2 pull to the
 *   prior, core/domain/learning/logistic.ts) — in sample, and with each source's photos scored by a head fitted on
 *   the other sources only. When the held-out fit does not beat the prior, the prior stays.
 * - series: the five numbers of DEFAULT_BURST_OPTIONS.series, chosen from a small grid on the other sources'
 *   labelled series and judged on the held-out source's: a series counts when all its frames form one burst that
 *   holds no frame of another labelled series.
 */
import { basename } from "node:path";
import { z } from "zod";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { DEFAULT_BURST_OPTIONS, groupBursts, type BurstOptions } from "../../core/domain/bursts.ts";
import type { SeriesOptions } from "../../core/domain/bursts/types.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { fitLogistic, type PointRow } from "../../core/domain/learning/logistic.ts";
import { burstPhoto } from "../../core/domain/scoring.ts";
import { scoreAnalyzed } from "../../core/pipeline/score-shoot.ts";
import { argmax, auc } from "./scores.ts";

export const LosoLabels = z.object({
  photos: z.array(z.object({ file: z.string(), keeper: z.boolean(), main_runner_box: z.unknown() }).loose()),
  bursts: z.array(z.object({ group: z.string(), ranking: z.array(z.string()) })),
});
export type LosoLabels = z.infer<typeof LosoLabels>;
export const LosoManifest = z.array(z.object({ file: z.string(), source_repo: z.string() }).loose());
export type LosoManifest = z.infer<typeof LosoManifest>;

export interface KeeperLoso {
  /** AUC on running photos (dev-eval's figure) and with the no-runner photos counted as rejects. */
  readonly prior: readonly [number, number];
  readonly fittedAll: readonly [number, number];
  readonly fittedLoso: readonly [number, number];
  readonly photos: number;
  readonly sources: number;
}

export interface SeriesLoso {
  readonly series: number;
  /** Series grouped whole and clean with the shipped defaults, with the grid's best on all series, and held out. */
  readonly shipped: number;
  readonly fittedAll: number;
  readonly fittedLoso: number;
}

/** The keeper's feature rows as the scorer builds them (final pass, burst ranks included), one per record. */
async function featureRows(records: readonly AnalysisRecord[]): Promise<readonly (readonly number[])[]> {
  let last: readonly (readonly number[])[] = [];
  await scoreAnalyzed(records, (rows) => {
    last = rows;
    return rows.map((r) => keeperReference(PRIOR_KEEPER_WEIGHTS, r));
  });
  return last;
}

export async function keeperLoso(
  records: readonly AnalysisRecord[],
  labels: LosoLabels,
  manifest: LosoManifest,
): Promise<KeeperLoso> {
  const rows = await featureRows(records);
  const byFile = new Map(labels.photos.map((p) => [p.file, p]));
  const sourceOf = new Map(manifest.map((m) => [m.file, m.source_repo]));
  const items = records.flatMap((r, i) => {
    const label = byFile.get(basename(r.file));
    const source = sourceOf.get(basename(r.file));
    return label && source ? [{ row: rows[i]!, label, source }] : [];
  });
  const points = (xs: typeof items): PointRow[] =>
    xs.map((x) => ({ row: x.row, target: x.label.keeper ? 1 : 0 }));
  const logit = (w: { weights: readonly number[]; bias: number }, row: readonly number[]) =>
    w.weights.reduce((s, wi, j) => s + wi * (row[j] ?? 0), w.bias);
  const figure = (scores: readonly number[]): readonly [number, number] => {
    const running = items.flatMap((x, i) => (x.label.main_runner_box ? [i] : []));
    return [
      auc(
        running.map((i) => scores[i]!),
        running.map((i) => items[i]!.label.keeper),
      ),
      auc(
        scores,
        items.map((x) => x.label.keeper),
      ),
    ];
  };
  const prior = items.map((x) => logit(PRIOR_KEEPER_WEIGHTS, x.row));
  const all = fitLogistic([], points(items), PRIOR_KEEPER_WEIGHTS);
  const sources = [...new Set(items.map((x) => x.source))];
  const held = new Array<number>(items.length);
  for (const source of sources) {
    const head = fitLogistic([], points(items.filter((x) => x.source !== source)), PRIOR_KEEPER_WEIGHTS);
    items.forEach((x, i) => {
      if (x.source === source) held[i] = logit(head, x.row);
    });
  }
  return {
    prior: figure(prior),
    fittedAll: figure(items.map((x) => logit(all, x.row))),
    fittedLoso: figure(held),
    photos: items.length,
    sources: sources.length,
  };
}

/** The grid the series numbers are chosen from (the shipped defaults lie on it). */
const SERIES_GRID: readonly SeriesOptions[] = [3, 6, 10].flatMap((window) =>
  [20, 25, 30, 35].flatMap((sameScene) =>
    [30, 40, 50].flatMap((sameSceneWithRunner) =>
      [40, 60].map((sameKit) => ({
        ...DEFAULT_BURST_OPTIONS.series,
        window,
        sameScene,
        sameSceneWithRunner,
        sameKit,
      })),
    ),
  ),
);

export function seriesLoso(
  records: readonly AnalysisRecord[],
  labels: LosoLabels,
  manifest: LosoManifest,
): SeriesLoso {
  const photos = records.map((r) => burstPhoto(r, 0.5));
  const sourceOf = new Map(manifest.map((m) => [m.file, m.source_repo]));
  const series = labels.bursts.filter((b) => b.ranking.length >= 2);
  const outcome = (options: BurstOptions) => seriesOutcome(groupBursts(photos, options), series);
  const table = SERIES_GRID.map((s) => outcome({ ...DEFAULT_BURST_OPTIONS, series: s }));
  const pick = (keep: (group: string) => boolean) => {
    const scoreOf = (o: ReadonlyMap<string, Outcome>) =>
      series.reduce((s, b) => (keep(b.group) ? s + value(o.get(b.group)!) : s), 0);
    return argmax(table, scoreOf)!;
  };
  const whole = (o: ReadonlyMap<string, Outcome>, keep: (group: string) => boolean = () => true) =>
    series.filter((b) => keep(b.group) && o.get(b.group) === "whole").length;
  const sourceOfSeries = new Map(series.map((b) => [b.group, sourceOf.get(b.ranking[0]!) ?? ""]));
  const held = [...new Set(sourceOfSeries.values())].reduce((n, source) => {
    const chosen = pick((g) => sourceOfSeries.get(g) !== source);
    return n + whole(chosen, (g) => sourceOfSeries.get(g) === source);
  }, 0);
  return {
    series: series.length,
    shipped: whole(outcome(DEFAULT_BURST_OPTIONS)),
    fittedAll: whole(pick(() => true)),
    fittedLoso: held,
  };
}

type Outcome = "whole" | "split" | "merged";

/** A merge with another labelled series costs more than a split: it takes two series' best frames down at once. */
const value = (o: Outcome) => (o === "whole" ? 1 : o === "split" ? 0 : -1);

function seriesOutcome(
  bursts: ReadonlyMap<string, { id: string }>,
  series: LosoLabels["bursts"],
): ReadonlyMap<string, Outcome> {
  const idOf = (file: string) => [...bursts.entries()].find(([f]) => basename(f) === file)?.[1].id;
  const ids = new Map(series.map((b) => [b.group, new Set(b.ranking.map(idOf))]));
  return new Map(
    series.map((b) => {
      const own = ids.get(b.group)!;
      if (own.size !== 1 || own.has(undefined)) return [b.group, "split"];
      const merged = series.some(
        (o) => o.group !== b.group && [...ids.get(o.group)!].some((id) => own.has(id)),
      );
      return [b.group, merged ? "merged" : "whole"];
    }),
  );
}

/** The report's lines. */
export function losoLines(k: KeeperLoso, s: SeriesLoso): string[] {
  const pair = (p: readonly [number, number]) =>
    `${p[0].toFixed(2)} running photos, ${p[1].toFixed(2)} with no-runner photos as rejects`;
  return [
    `keeper AUC, prior as shipped (nothing fitted): ${pair(k.prior)}`,
    `keeper AUC, head fitted on all ${k.photos} labelled photos: ${pair(k.fittedAll)}`,
    `keeper AUC, head fitted leave-one-source-out (${k.sources} sources): ${pair(k.fittedLoso)}`,
    `series without capture time grouped whole (of ${s.series}): shipped numbers ${s.shipped}, grid best on all ${s.fittedAll}, leave-one-source-out ${s.fittedLoso}`,
  ];
}
