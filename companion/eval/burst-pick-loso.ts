/**
 * The best-of-burst pick's numbers (BurstOptions.legibleBibWeight, runningShare) judged leave-one-source-out: the dev
 * records are scored again with each candidate of a setting (the prior keeper head; the shoot as the records link
 * it; what a candidate does not name as shipped), the photographer's best frame is counted as `dev-eval.py` counts
 * it (exactly one "best" among a labelled series' members, and it is their first), and each source's series are
 * scored with the candidate the other sources' series choose.
 */
import { basename } from "node:path";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { DEFAULT_BURST_OPTIONS, type BurstOptions } from "../../core/domain/bursts.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { DEFAULT_SCORING_OPTIONS, scoreShoot } from "../../core/domain/scoring.ts";
import type { LosoLabels, LosoManifest } from "./loso.ts";
import { argmax } from "./scores.ts";

/** The burst pick's fitted numbers. */
type PickOptions = Pick<BurstOptions, "legibleBibWeight" | "runningShare">;

/**
 * A setting of the pick chosen leave-one-source-out: its candidates, the keeper's own ranking first and the rest in
 * growing departure from it (a tie goes to the earlier candidate); each candidate changes only what it names.
 */
export interface BurstPickSetting {
  /** How the report names it. */
  readonly name: string;
  readonly candidates: readonly Partial<PickOptions>[];
}

/** Keeper logit for a frame whose bib is read; 0 ranks by keeper and closeness alone. */
const BIB_WEIGHTS = [0, 0.5, 1, 1.5, 2, 3];
/** Share of the running look's difference from a typical frame's; 1 ranks by the keeper's own rows. */
const RUNNING_SHARES = [1, 0.75, 0.5, 0.25, 0];

export const BURST_PICK_SETTINGS: readonly BurstPickSetting[] = Object.freeze([
  { name: "legible-bib weight", candidates: BIB_WEIGHTS.map((legibleBibWeight) => ({ legibleBibWeight })) },
  { name: "running look's share", candidates: RUNNING_SHARES.map((runningShare) => ({ runningShare })) },
  {
    name: "legible-bib weight and running look's share together",
    candidates: BIB_WEIGHTS.flatMap((legibleBibWeight) =>
      RUNNING_SHARES.map((runningShare) => ({ legibleBibWeight, runningShare })),
    ),
  },
]);

export interface BurstPickLoso {
  readonly setting: BurstPickSetting;
  /** Labelled series with at least two members in the records. */
  readonly series: number;
  /** Series whose best frame is the photographer's as shipped, and with the setting's first candidate. */
  readonly shipped: number;
  readonly neutral: number;
  /** The same, each source's series with the candidate the other sources choose. */
  readonly heldOut: number;
  /** The candidate chosen for each held-out source, as the report writes it. */
  readonly choices: readonly string[];
}

export async function burstPickLoso(
  records: readonly AnalysisRecord[],
  labels: Pick<LosoLabels, "bursts">,
  manifest: LosoManifest,
  setting: BurstPickSetting = BURST_PICK_SETTINGS[0]!,
): Promise<BurstPickLoso> {
  const present = new Set(records.map((r) => basename(r.file)));
  const series = labels.bursts.filter((b) => b.ranking.filter((f) => present.has(f)).length >= 2);
  const candidates = setting.candidates;
  const right: ReadonlySet<string>[] = [];
  for (const c of candidates) right.push(await rightSeries(records, series, c));
  const sourceOf = new Map(manifest.map((m) => [m.file, m.source_repo]));
  const sourceOfSeries = new Map(series.map((b) => [b.group, sourceOf.get(b.ranking[0]!) ?? ""]));
  const count = (groups: ReadonlySet<string>, keep: (group: string) => boolean) =>
    [...groups].filter((g) => keep(g)).length;
  const choices: string[] = [];
  let heldOut = 0;
  for (const source of new Set(sourceOfSeries.values())) {
    const others = (g: string) => sourceOfSeries.get(g) !== source;
    const chosen = argmax(
      candidates.map((_, i) => i),
      (i) => count(right[i]!, others),
    )!;
    choices.push(candidateText(candidates[chosen]!));
    heldOut += count(right[chosen]!, (g) => !others(g));
  }
  return {
    setting,
    series: series.length,
    shipped: (await rightSeries(records, series, {})).size,
    neutral: right[0]!.size,
    heldOut,
    choices,
  };
}

/** A candidate as the report writes it: the legible-bib weight / the running look's share, what it names. */
export function candidateText(c: Partial<PickOptions>): string {
  return [c.legibleBibWeight, c.runningShare].filter((v) => v !== undefined).join("/");
}

/** The labelled series whose only "best" frame is the photographer's first, scored with these burst options. */
async function rightSeries(
  records: readonly AnalysisRecord[],
  series: LosoLabels["bursts"],
  change: Partial<PickOptions>,
): Promise<ReadonlySet<string>> {
  const options = {
    ...DEFAULT_SCORING_OPTIONS,
    bursts: { ...DEFAULT_SCORING_OPTIONS.bursts, ...change },
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

/** The report's lines: every setting of the pick chosen leave-one-source-out in turn. */
export async function burstPickLines(
  records: readonly AnalysisRecord[],
  labels: Pick<LosoLabels, "bursts">,
  manifest: LosoManifest,
): Promise<string[]> {
  const lines: string[] = [];
  for (const setting of BURST_PICK_SETTINGS)
    lines.push(burstPickLine(await burstPickLoso(records, labels, manifest, setting)));
  return lines;
}

/** As shipped, the pick's numbers as the report writes a candidate. */
export function shippedPickText(): string {
  return candidateText(DEFAULT_BURST_OPTIONS);
}

/** The report's line for one setting. */
function burstPickLine(l: BurstPickLoso): string {
  const first = candidateText(l.setting.candidates[0]!);
  return `best-of-burst with the ${l.setting.name} chosen leave-one-source-out: ${l.heldOut}/${l.series} (shipped ${shippedPickText()}: ${l.shipped}; ${first}: ${l.neutral}; chosen ${l.choices.join(", ")})`;
}
