import type { Box, Keypoint, Runner } from "../analysis.ts";
import { reachesBottom } from "../flags.ts";

/**
 * Where a runner's bib is: the torso from shoulders to hips, padded, in normalised coordinates of the displayed
 * frame. Bibs are pinned from the chest to the waistband (sometimes on the shorts), so the region reaches below
 * the hips. Without a confident pose it falls back to the upper-middle part of the person box.
 */
export interface TorsoRegion {
  readonly box: Box;
  readonly from: "pose" | "box";
}

export interface TorsoOptions {
  /** Lowest keypoint score to trust a shoulder or hip. */
  readonly minKeypointScore: number;
  /** Padding left and right, as a share of the torso width (at least half the torso height is used as width). */
  readonly sidePad: number;
  /** Extension above the shoulders and below the hips, as shares of the torso height. */
  readonly topPad: number;
  readonly bottomPad: number;
}

export const DEFAULT_TORSO_OPTIONS: TorsoOptions = {
  minKeypointScore: 0.3,
  sidePad: 0.35,
  topPad: 0.1,
  bottomPad: 0.35,
};

export function torsoRegion(
  runner: Runner,
  aspect: number,
  options: TorsoOptions = DEFAULT_TORSO_OPTIONS,
): TorsoRegion {
  const fromPose = runner.keypoints ? poseTorso(runner, aspect, options) : null;
  return fromPose ? { box: fromPose, from: "pose" } : { box: boxTorso(runner.box), from: "box" };
}

/**
 * aspect = width / height of the frame: the torso is shaped in pixels, not in normalised units.
 * Needs one shoulder and one hip at least, or both shoulders of an upper body the frame cuts (shouldersDown).
 */
function poseTorso(runner: Runner, aspect: number, options: TorsoOptions): Box | null {
  const k = runner.keypoints!;
  const ok = (p: Keypoint): boolean => p[2] >= options.minKeypointScore;
  const shoulders = [k.left_shoulder, k.right_shoulder].filter(ok);
  const hips = [k.left_hip, k.right_hip].filter(ok);
  if (shoulders.length === 2 && hips.length === 0 && reachesBottom(runner.box))
    return shouldersDown(shoulders, aspect, options);
  if (shoulders.length === 0 || hips.length === 0) return null;
  const xs = [...shoulders, ...hips].map((p) => p[0] * aspect);
  const top = mean(shoulders.map((p) => p[1]));
  return padded(xs, top, mean(hips.map((p) => p[1])), aspect, options);
}

/** Shoulder to hip over shoulder breadth, seen from the front (anthropometry: about 0.30 and 0.23 of the stature). */
const TORSO_PER_SHOULDERS = 1.3;

/**
 * The torso of a runner the frame cuts at the waist or the thighs (the box reaches the bottom edge, flags.ts
 * reachesBottom) whose hips the pose cannot place: from both shoulders down by the length a torso of that breadth has. The
 * box's own proportions (boxTorso) assume a whole person and stop at two thirds of what is only an upper body, above
 * the bib.
 */
function shouldersDown(shoulders: readonly Keypoint[], aspect: number, options: TorsoOptions): Box | null {
  const xs = shoulders.map((p) => p[0] * aspect);
  const top = mean(shoulders.map((p) => p[1]));
  // x is scaled by the aspect: the breadth is in frame heights, like y.
  return padded(xs, top, top + (Math.max(...xs) - Math.min(...xs)) * TORSO_PER_SHOULDERS, aspect, options);
}

/** The torso between `top` and `bottom` over the joints at `xs` (frame heights), padded by the options. */
function padded(
  xs: readonly number[],
  top: number,
  bottom: number,
  aspect: number,
  options: TorsoOptions,
): Box | null {
  const height = bottom - top;
  if (height <= 0) return null;
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const halfWidth = Math.max(Math.max(...xs) - Math.min(...xs), height * 0.5) * (0.5 + options.sidePad);
  return clampBox([
    (cx - halfWidth) / aspect,
    top - height * options.topPad,
    (cx + halfWidth) / aspect,
    bottom + height * options.bottomPad,
  ]);
}

/** A standing person's torso spans roughly 20-65 % of the box height, in its middle 80 % of the width. */
function boxTorso(box: Box): Box {
  const [x0, y0, x1, y1] = box;
  const w = x1 - x0;
  const h = y1 - y0;
  return clampBox([x0 + 0.1 * w, y0 + 0.18 * h, x1 - 0.1 * w, y0 + 0.65 * h]);
}

function clampBox(b: readonly [number, number, number, number]): Box {
  const c = (v: number): number => Math.min(1, Math.max(0, v));
  return [c(b[0]), c(b[1]), c(b[2]), c(b[3])];
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
