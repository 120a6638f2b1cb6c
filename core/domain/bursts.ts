/**
 * Bursts: the same scene shot in quick succession by one camera. Frames are linked to their neighbours in capture
 * order and in the camera's file numbering (see bursts/links.ts); each burst is ranked by the frames' quality and its
 * best frame marked, identical copies flagged as duplicates.
 */
import { clusterBursts } from "./bursts/clusters.ts";
import { rankFrames } from "./bursts/rank.ts";
import type { BurstOptions, BurstPhoto } from "./bursts/types.ts";

export type { BurstOptions, BurstPhoto } from "./bursts/types.ts";

export interface BurstMembership {
  /** Stable id: the file of the burst's first frame in capture order. */
  readonly id: string;
  /** 1 = best frame of the burst. */
  readonly rank: number;
  readonly size: number;
  readonly best: boolean;
  /** File of the earlier identical copy (same sha256), or null. */
  readonly duplicateOf: string | null;
}

/**
 * - maxGapMs 2 s: bursts run at 5–20 fps and a photographer following a passing pack shoots a series at ~1 fps; the
 *   next runner usually arrives later (dev: every pair of one camera's frames under 2 s apart is one labelled series).
 * - sceneChangeBits 40 with capture times: a pan with the pack changes up to 36 of 64 bits within one series.
 * - maxNameStep 2: consecutive numbers, or one frame between them deleted in the camera.
 * - nameSceneBits 28 and minRunnerOverlap 0.5 without capture times: unrelated frames differ by ~32 ± 4 bits; frames
 *   of one series 2–26 (dev), and the followed runner's box keeps at least half its overlap from one frame to the
 *   next (dev series ≥ 0.61; consecutive frames of two different runners 0.06–0.46).
 * - nearDuplicateBits 12: untimed frames this close are the same scene wherever they lie (dev: no two frames of
 *   different series closer than 14 bits).
 * - series (frames seconds apart or untimed, neighbours in file order): the background grid outside the persons
 *   within 40 (mean sRGB distance per cell; frames of one series 3–30 on dev unless the camera pans, different
 *   places of one source mostly 25–45) when the runner's kit matches (60: the same singlet under changing light);
 *   the place alone (within 30) only for frames without a measured runner, since a race spot shows one runner
 *   after another against one background (dev: the same figures with or without the place-alone link); 6 frames of file order (a service's series is delivered together); 10 s between timed frames
 *   (a photographer following a runner shoots a few frames per second for a few seconds). These five numbers were
 *   chosen on the dev series (19 of 22 grouped whole, none merged with another); leave-one-source-out in
 *   `npm run eval`.
 */
export const DEFAULT_BURST_OPTIONS: BurstOptions = Object.freeze({
  maxGapMs: 2000,
  sceneChangeBits: 40,
  maxNameStep: 2,
  nameSceneBits: 28,
  minRunnerOverlap: 0.5,
  nearDuplicateBits: 12,
  // Leave-one-burst-out on the dev rankings chose 0.5 in 13 of 14 folds (companion/eval/fit-bursts.ts).
  closerWeight: 0.5,
  // Set by hand: one logit, the step from an ordinary to a good frame. Dev best-of-burst is flat from 0.75 to 2 on
  // the originals and every re-saved copy; chosen leave-one-source-out in `npm run eval` (burst-pick-loso.ts).
  legibleBibWeight: 1,
  // Half: a burst's frames differ in their running look mostly by the stride's phase, and MoveNet's legs read the
  // photographer's "knee driven forward" frame as less of a running look than a plain scissor (dev notes). Over the
  // dev photos and three re-saved copies best-of-burst is 12.25 series of 22 at 1, 14.0 at 0.5 (every folder as good
  // or better), 13.0 at 0.25 and 0.75, 12.75 at 0; chosen leave-one-source-out with the legible-bib weight 12.25
  // (10.5 for the legible-bib weight alone at 1), burst-pick-loso.ts.
  runningShare: 0.5,
  series: Object.freeze({
    window: 6,
    maxGapMs: 10_000,
    sameScene: 30,
    sameSceneWithRunner: 40,
    sameKit: 60,
  }),
});

/** Groups photos into bursts, ranks each burst by quality and marks the best frame and exact duplicates. */
export function groupBursts(
  photos: readonly BurstPhoto[],
  options: BurstOptions = DEFAULT_BURST_OPTIONS,
): Map<string, BurstMembership> {
  const out = new Map<string, BurstMembership>();
  for (const group of clusterBursts(photos, options)) {
    const id = group[0]!.file;
    rankFrames(group, options.closerWeight, options.legibleBibWeight).forEach(({ photo, duplicateOf }, i) => {
      out.set(photo.file, { id, rank: i + 1, size: group.length, best: i === 0, duplicateOf });
    });
  }
  return out;
}
