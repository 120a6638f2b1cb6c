/**
 * The prominent runner: the person the photographer framed. Size matters most (the labelled dev set says the
 * nearest runner wins even when a frame edge cuts him; a body the bottom edge cuts is as tall as its torso says, see
 * `bodyHeight`), then pose confidence (a back or a half-hidden spectator reads badly), a mild pull to the centre, a
 * penalty for a box cut at the side, and sharpness among the candidates.
 */
import type { Runner } from "./analysis.ts";
import { DEFAULT_FLAG_THRESHOLDS, reachesBottom } from "./flags.ts";
import { meanSureY } from "./pose.ts";

export interface ProminenceWeights {
  /** Exponent on the box size: how strongly nearer (bigger) wins. */
  readonly size: number;
  /** How much the box width counts next to its height (0 = height only, 0.5 = square root of the area). */
  readonly aspect: number;
  /** Penalty for horizontal distance of the box centre from the frame centre (0 = none). */
  readonly centrality: number;
  /** Factor on a box cut by the left or right frame edge. */
  readonly sideCut: number;
  /** Weight of pose confidence (0 = ignore). */
  readonly pose: number;
  /** Weight of sharpness relative to the sharpest measured person (0 = ignore). */
  readonly sharpness: number;
}

/** Chosen on the dev set (90–91 of 94 labelled main runners over a wide plateau of settings; largest box: 86). */
export const DEFAULT_PROMINENCE: ProminenceWeights = {
  size: 2,
  aspect: 0.25,
  centrality: 0.2,
  sideCut: 0.6,
  pose: 0.6,
  sharpness: 0.5,
};

/** Index of the prominent runner, or null without runners. */
export function chooseProminent(
  runners: readonly Runner[],
  w: ProminenceWeights = DEFAULT_PROMINENCE,
): number | null {
  return rankByProminence(runners, w)[0] ?? null;
}

/** Runner indices, most prominent first. Runners without pixel measures count as the least sharp measured one. */
export function rankByProminence(
  runners: readonly Runner[],
  w: ProminenceWeights = DEFAULT_PROMINENCE,
): number[] {
  const scores = prominenceScores(runners, w);
  return runners.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
}

/** Each runner's prominence, sharpness judged against the sharpest measured runner of the same list. */
function prominenceScores(runners: readonly Runner[], w: ProminenceWeights): number[] {
  const measured = runners.flatMap((r) => (r.pixels ? [r.pixels.sharpness] : []));
  const sharpest = Math.max(0, ...measured);
  const fallback = measured.length > 0 ? Math.min(...measured) : 0;
  return runners.map((r) => prominence(r, r.pixels?.sharpness ?? fallback, sharpest, w));
}

/** The prominence of one runner (higher wins); `sharpest` is the highest sharpness among the photo's persons. */
export function prominence(
  r: Runner,
  sharpness: number,
  sharpest: number,
  w: ProminenceWeights = DEFAULT_PROMINENCE,
): number {
  const [x0, y0, x1, y1] = r.box;
  const h = Math.max(y1 - y0, 1e-3);
  const sideCut = x0 <= 0.005 || x1 >= 0.995;
  // Cut by a side edge too, a body keeps its box's height: stretched, a passer-by filling a corner would win (dev: the
  // night bridge's and the cross-country pack's nearest, soft bodies, cut left and bottom). So does a body far softer
  // than the sharpest candidate (under the focus-missed line): the foreground the photographer focused past.
  const focusedPast = sharpest > 0 && sharpness < DEFAULT_FLAG_THRESHOLDS.focusRatio * sharpest;
  const height = sideCut || focusedPast ? h : bodyHeight(r);
  const size = Math.pow(height * Math.pow(Math.max(x1 - x0, 1e-3) / h, w.aspect), w.size);
  const offCentre = Math.abs((x0 + x1) / 2 - 0.5) * 2;
  const central = 1 - w.centrality * offCentre * offCentre;
  const cut = sideCut ? w.sideCut : 1;
  const pose = 1 - w.pose + w.pose * Math.min(1, r.poseScore / 0.5);
  const sharp = sharpest > 0 ? 1 - w.sharpness + w.sharpness * Math.sqrt(sharpness / sharpest) : 1;
  return size * central * cut * pose * sharp;
}

/** Shoulder-to-hip height as a share of stature (anthropometry: shoulders at ~0.82 of it, hips at ~0.53). */
const TORSO_SHARE = 0.29;
/** A joint at least this confident places the torso (the bib reader's torso uses the same). */
const SURE_JOINT = 0.3;

/**
 * How tall the runner stands in the frame (share of its height). The box's height, except for a body the bottom edge
 * cuts: there the box measures only what is left above the edge, and the nearest runner of a pack, cut at the
 * thighs, would lose to a smaller full-length runner behind him (dev: three Monaco pack frames and a night bridge,
 * each labelled for the cut runner). His torso still shows his scale: the stature it implies, when that is taller.
 * `prominence` does not ask it of a body the side edge cuts too (someone passing the lens is not who was framed), nor
 * of one far softer than the sharpest candidate (a start line's foreground the photographer focused past).
 */
export function bodyHeight(r: Runner): number {
  const h = Math.max(r.box[3] - r.box[1], 1e-3);
  if (!reachesBottom(r.box)) return h;
  const shoulders = meanSureY(r.keypoints, ["left_shoulder", "right_shoulder"], SURE_JOINT);
  const hips = meanSureY(r.keypoints, ["left_hip", "right_hip"], SURE_JOINT);
  if (shoulders === null || hips === null) return h;
  return Math.max(h, (hips - shoulders) / TORSO_SHARE);
}

/** The naive choice: the largest box. Kept as the baseline the prominence rule is measured against. */
export function largestRunner(runners: readonly Runner[]): number | null {
  let best: number | null = null;
  let bestArea = -1;
  runners.forEach((r, i) => {
    const a = (r.box[2] - r.box[0]) * (r.box[3] - r.box[1]);
    if (a > bestArea) [best, bestArea] = [i, a];
  });
  return best;
}

/**
 * How clearly one runner is the photo's subject: the prominence margin of the pick over the runner-up, as a share
 * of the pick's (1 = alone or far ahead, 0 = a tie). Only persons with a pose compete: they are the candidates.
 */
export function subjectClarity(
  runners: readonly Runner[],
  w: ProminenceWeights = DEFAULT_PROMINENCE,
): number {
  const posed = runners.filter((r) => r.keypoints !== null);
  if (posed.length < 2) return 1;
  const scores = prominenceScores(posed, w).sort((a, b) => b - a);
  return scores[0]! > 0 ? (scores[0]! - scores[1]!) / scores[0]! : 0;
}
