/**
 * The running style's fitted numbers (the `running` term's weight, the trailing leg's share of the stride's weight and
 * whether the arm carriage counts: STYLE_WEIGHTS in running-style.ts), chosen again without each source and judged on
 * it: leave-one-source-out over the originals and their re-saved copies, since one scoring of 80 full-body photos moves by
 * up to 0.09 when they are merely saved again (resaves.ts).
 *
 * For each held-out source, the grid point with the highest mean Spearman (style against the photographer's form
 * rating, full-body photos) over the other sources' photos, across the originals and every copy, scores that source's
 * photos in each folder; the held-out figure is the Spearman of those scores per folder. Styles are recomputed from the
 * records' poses (core/domain/style), so the grid costs no analysis; each is read with the runner's other frames of the
 * burst as scoring reads it (style/other-frames.ts), whose share is chosen the same way (OTHER_FRAMES_CANDIDATES).
 */
import { basename } from "node:path";
import {
  DEFAULT_STYLE_OPTIONS,
  runningStyle,
  styleTerms,
  type StyleOptions,
  type StyleWeights,
} from "../../core/domain/style/running-style.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";
import { withOtherFrames } from "../../core/domain/style/other-frames.ts";
import type { LosoManifest } from "./loso.ts";
import { argmax, spearman, type ScoreLabels } from "./scores.ts";
import { mean } from "../../core/domain/learning/metrics.ts";

/**
 * The grid the numbers are chosen from: running 0–1 by quarters; the trailing leg from the rubric's share (0.14) up;
 * the arms as the rubric has them, then without (ties go to the earlier point: the rubric's).
 */
export const STYLE_GRID: readonly StyleWeights[] = [true, false].flatMap((arms) =>
  [0, 0.25, 0.5, 0.75, 1].flatMap((running) =>
    [0.14, 0.25, 0.35, 0.45, 0.55].map((trailingShare) => ({ running, trailingShare, arms })),
  ),
);

export interface StyleLoso {
  /** Spearman per folder (originals first) with the shipped weights. */
  readonly shipped: readonly number[];
  /** Spearman per folder with each source scored by the weights chosen without it. */
  readonly heldOut: readonly number[];
  /** How often each grid point was chosen, over the held-out sources. */
  readonly choices: ReadonlyMap<string, number>;
  readonly photos: number;
}

/** One full-body labelled photo: its form rating, its source and, per folder, its main runner's record. */
interface Item {
  readonly rating: number;
  readonly source: string;
  readonly records: readonly ScoreRecord[];
}

/** Style options to choose between, by name; a tie goes to the earlier. */
export type StyleCandidates = readonly { readonly name: string; readonly options: StyleOptions }[];

/** The weights' grid (STYLE_GRID), the other numbers as shipped. */
export const WEIGHT_CANDIDATES: StyleCandidates = STYLE_GRID.map((w) => ({
  name: label(w),
  options: optionsFor(w),
}));

/**
 * The share of a runner's other frames in his style (StyleOptions.otherFramesShare), each frame alone first; the
 * weights as shipped.
 */
export const OTHER_FRAMES_CANDIDATES: StyleCandidates = [0, 0.25, 0.5, 0.75, 1].map((share) => ({
  name: `share ${share}`,
  options: { ...DEFAULT_STYLE_OPTIONS, otherFramesShare: share },
}));

/**
 * For each held-out source, the candidate with the best mean Spearman on the other sources' photos over the folders
 * (the weights' grid unless told otherwise), and that source's photos scored with it.
 */
export function styleLoso(
  folders: readonly ReadonlyMap<string, ScoreRecord>[],
  labels: ScoreLabels,
  manifest: LosoManifest,
  candidates: StyleCandidates = WEIGHT_CANDIDATES,
): StyleLoso {
  const items = fullBody(folders, labels, manifest);
  // styles[g][f][i]: candidate g, folder f, item i.
  const styles = candidates.map((c) => stylesOf(items, folders, c.options));
  const ratings = items.map((it) => it.rating);
  const sources = [...new Set(items.map((it) => it.source))].sort();
  const chosen = new Map<string, number>();
  for (const source of sources) {
    const train = items.map((it) => it.source !== source);
    const fit = (g: number) =>
      mean(folders.map((_, f) => spearman(pick(styles[g]![f]!, train), pick(ratings, train))));
    // The first candidate of the highest fit: ties go to the earlier.
    chosen.set(
      source,
      argmax(
        candidates.map((_, g) => g),
        fit,
      )!,
    );
  }
  const choices = new Map<string, number>();
  for (const g of chosen.values()) {
    const name = candidates[g]!.name;
    choices.set(name, (choices.get(name) ?? 0) + 1);
  }
  return {
    shipped: stylesOf(items, folders, DEFAULT_STYLE_OPTIONS).map((s) => spearman(s, ratings)),
    heldOut: folders.map((_, f) =>
      spearman(
        items.map((it, i) => styles[chosen.get(it.source)!]![f]![i]!),
        ratings,
      ),
    ),
    choices,
    photos: items.length,
  };
}

function label(w: StyleWeights): string {
  return `running ${w.running} trailing ${w.trailingShare} arms ${w.arms ? "on" : "off"}`;
}

/** The report's "chosen" list: each grid point chosen, with how many held-out sources chose it. */
export function formatChoices(choices: StyleLoso["choices"]): string {
  return [...choices].map(([w, n]) => `${w} (${n})`).join(", ");
}

/** Full-body labelled photos with a form rating whose main runner has a pose in every folder. */
function fullBody(
  folders: readonly ReadonlyMap<string, ScoreRecord>[],
  labels: ScoreLabels,
  manifest: LosoManifest,
): Item[] {
  const sourceOf = new Map(manifest.map((m) => [m.file, m.source_repo]));
  return labels.photos.flatMap((p) => {
    const records = folders.map((recs) => recs.get(basename(p.file)));
    const posed = records.every((r) => r && r.prominent !== null && r.runners[r.prominent]?.keypoints);
    if (!p.full_body || p.form_rating === null || !posed || !sourceOf.has(p.file)) return [];
    return [{ rating: p.form_rating, source: sourceOf.get(p.file)!, records: records as ScoreRecord[] }];
  });
}

/** The style options with this grid point's numbers. */
function optionsFor(w: StyleWeights): StyleOptions {
  return { ...DEFAULT_STYLE_OPTIONS, terms: styleTerms(w) };
}

/**
 * The items' main-runner styles under these options, per folder, each read with the runner's other frames of the
 * burst as scoring reads it (the folder's records give the bursts and the linked persons); 0.5 (an ordinary stride)
 * where no style can be measured.
 */
function stylesOf(
  items: readonly Item[],
  folders: readonly ReadonlyMap<string, ScoreRecord>[],
  options: StyleOptions,
): number[][] {
  return folders.map((recs, f) => {
    const all = [...recs.values()];
    const pooled = withOtherFrames(
      all.map((r) =>
        r.runners.map((runner) => ({
          burst: r.burst.id,
          person: runner.person,
          style: runningStyle(runner, r, options),
        })),
      ),
      options.otherFramesShare ?? 0,
    );
    const byFile = new Map(all.map((r, i) => [r.file, pooled[i]!]));
    return items.map((it) => {
      const r = it.records[f]!;
      return byFile.get(r.file)?.[r.prominent!]?.score ?? 0.5;
    });
  });
}

const pick = <T>(xs: readonly T[], keep: readonly boolean[]): T[] => xs.filter((_, i) => keep[i]);
