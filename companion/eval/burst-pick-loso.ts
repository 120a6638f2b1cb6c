/**
 * The best-of-burst pick's legible-bib weight (BurstOptions.legibleBibWeight) judged leave-one-source-out: the dev
 * records are scored again with each weight of a grid (the prior keeper head; the shoot as the records link it),
 * the photographer's best frame is counted as `dev-eval.py` counts it (exactly one "best" among a labelled series'
 * members, and it is their first), and each source's series are scored with the weight the other sources' series
 * choose.
 */
import { basename } from "node:path";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { DEFAULT_BURST_OPTIONS } from "../../core/domain/bursts.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { DEFAULT_SCORING_OPTIONS, scoreShoot } from "../../core/domain/scoring.ts";
import type { LosoLabels, LosoManifest } from "./loso.ts";
import { argmax } from "./scores.ts";

/** The weights tried (keeper logit); 0 ranks by keeper and closeness alone. */
export const BIB_WEIGHT_GRID: readonly number[] = Object.freeze([0, 0.5, 1, 1.5, 2, 3]);

export interface BurstPickLoso {
  /** Labelled series with at least two members in the records. */
  readonly series: number;
  /** Series whose best frame is the photographer's with the shipped weight, and with none. */
  readonly shipped: number;
  readonly withoutBib: number;
  /** The same, each source's series with the weight the other sources choose. */
  readonly heldOut: number;
  /** The weight chosen for each held-out source. */
  readonly choices: readonly number[];
}

export async function burstPickLoso(
  records: readonly AnalysisRecord[],
  labels: Pick<LosoLabels, "bursts">,
  manifest: LosoManifest,
): Promise<BurstPickLoso> {
  const present = new Set(records.map((r) => basename(r.file)));
  const series = labels.bursts.filter((b) => b.ranking.filter((f) => present.has(f)).length >= 2);
  const shippedWeight = DEFAULT_BURST_OPTIONS.legibleBibWeight;
  const weights = [...new Set([...BIB_WEIGHT_GRID, shippedWeight])].sort((a, b) => a - b);
  const right = new Map<number, ReadonlySet<string>>();
  for (const w of weights) right.set(w, await rightSeries(records, series, w));
  const sourceOf = new Map(manifest.map((m) => [m.file, m.source_repo]));
  const sourceOfSeries = new Map(series.map((b) => [b.group, sourceOf.get(b.ranking[0]!) ?? ""]));
  const count = (w: number, keep: (group: string) => boolean) =>
    [...right.get(w)!].filter((g) => keep(g)).length;
  const choices: number[] = [];
  let heldOut = 0;
  for (const source of new Set(sourceOfSeries.values())) {
    const others = (g: string) => sourceOfSeries.get(g) !== source;
    // Ties go to the smaller weight (the weights are in rising order): the least departure from ranking by the keeper.
    const chosen = argmax(weights, (w) => count(w, others))!;
    choices.push(chosen);
    heldOut += count(chosen, (g) => !others(g));
  }
  return {
    series: series.length,
    shipped: count(shippedWeight, () => true),
    withoutBib: count(0, () => true),
    heldOut,
    choices,
  };
}

/** The labelled series whose only "best" frame is the photographer's first, scored with this weight. */
async function rightSeries(
  records: readonly AnalysisRecord[],
  series: LosoLabels["bursts"],
  legibleBibWeight: number,
): Promise<ReadonlySet<string>> {
  const options = {
    ...DEFAULT_SCORING_OPTIONS,
    bursts: { ...DEFAULT_SCORING_OPTIONS.bursts, legibleBibWeight },
  };
  const head = (rows: readonly (readonly number[])[]) =>
    rows.map((x) => keeperReference(PRIOR_KEEPER_WEIGHTS, x));
  const scored = await scoreShoot(records, options, head);
  const best = new Map(scored.map((r) => [basename(r.file), r.burst.best]));
  return new Set(
    series
      .filter((b) => {
        const bests = b.ranking.filter((f) => best.get(f) === true);
        return bests.length === 1 && bests[0] === b.ranking[0];
      })
      .map((b) => b.group),
  );
}

/** The report's line. */
export function burstPickLine(l: BurstPickLoso): string {
  const chosen = l.choices.map((c) => String(c)).join(", ");
  return `best-of-burst with the legible-bib weight chosen leave-one-source-out: ${l.heldOut}/${l.series} (shipped weight ${DEFAULT_BURST_OPTIONS.legibleBibWeight}: ${l.shipped}; without it: ${l.withoutBib}; chosen ${chosen})`;
}
