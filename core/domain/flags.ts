import type { AnalysisRecord, Box, Runner } from "./analysis.ts";

/** Technical problems a photographer rejects or fixes a frame for, measured on the main runner, not the frame. */
export const FLAGS = [
  "no-runner",
  "focus-missed",
  "motion-blur",
  "highlights-clipped",
  "shadows-clipped",
  "eyes-closed",
  "runner-cut",
  "runner-occluded",
  "runner-small",
  "duplicate",
] as const;
export type Flag = (typeof FLAGS)[number];

export interface FlagThresholds {
  /** Runner's detail energy below this share of the background's: the focus landed behind or in front. */
  readonly focusRatio: number;
  /** motionBlur (0–1) at or above this: smeared along one direction. */
  readonly motionBlur: number;
  readonly highlightsClipped: number;
  readonly shadowsClipped: number;
  /** Probability of open eyes below this. */
  readonly eyesOpen: number;
  /** Share of the runner's box covered by a nearer person's box. */
  readonly occluded: number;
  /** Runner's box height as a share of the frame height below this: too small to deliver. */
  readonly smallHeight: number;
}

/**
 * Defaults: focus 0.5 (Laplacian variance is energy, so half the background's is a clearly softer subject while
 * depth of field alone rarely does that); clipping 10 % highlights / 15 % shadows of the runner (a white singlet
 * blown out is visible at ~10 %); eyes 0.3 (the face model's open/closed boundary sits near 0.5, below 0.3 is sure);
 * occlusion 30 % of the box; small under 20 % of the frame height (a runner under that is background in a print).
 */
export const DEFAULT_FLAG_THRESHOLDS: FlagThresholds = Object.freeze({
  focusRatio: 0.5,
  motionBlur: 0.6,
  highlightsClipped: 0.1,
  shadowsClipped: 0.15,
  eyesOpen: 0.3,
  occluded: 0.3,
  smallHeight: 0.2,
});

/** The frame's edges: a box reaching this close to the top or bottom is cut there. */
const EDGE = 0.01;

/** Technical flags of one photo for its main runner (the one at `runnerIndex`, usually `prominent`). */
export function technicalFlags(
  record: Pick<AnalysisRecord, "runners" | "faces">,
  runnerIndex: number | null,
  t: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
): Flag[] {
  const runner = runnerIndex === null ? undefined : record.runners[runnerIndex];
  if (!runner || runnerIndex === null) return ["no-runner"];
  const flags: Flag[] = [...pixelFlags(runner, t)];
  const face = record.faces.find((f) => f.runner === runnerIndex && f.eyesOpen !== null);
  if (face && face.eyesOpen! < t.eyesOpen) flags.push("eyes-closed");
  if (isCut(runner)) flags.push("runner-cut");
  const others = record.runners.filter((_, i) => i !== runnerIndex);
  if (others.some((o) => inFront(o.box, runner.box) && coverage(runner.box, o.box) >= t.occluded))
    flags.push("runner-occluded");
  if (runner.box[3] - runner.box[1] < t.smallHeight) flags.push("runner-small");
  return flags;
}

function pixelFlags(runner: Runner, t: FlagThresholds): Flag[] {
  const p = runner.pixels;
  if (!p) return [];
  const flags: Flag[] = [];
  if (p.backgroundSharpness > 0 && p.sharpness < t.focusRatio * p.backgroundSharpness)
    flags.push("focus-missed");
  if (p.motionBlur >= t.motionBlur) flags.push("motion-blur");
  if (p.highlightsClipped >= t.highlightsClipped) flags.push("highlights-clipped");
  if (p.shadowsClipped >= t.shadowsClipped) flags.push("shadows-clipped");
  return flags;
}

/** Feet or head outside the frame: the box touches the bottom/top edge and the pose does not see both ankles / the head inside. */
export function isCut(runner: Runner): boolean {
  const [, y0, , y1] = runner.box;
  const k = runner.keypoints;
  const inside = (p: readonly [number, number, number]) =>
    p[2] >= 0.2 && p[1] >= 0 && p[1] <= 1 && p[0] >= 0 && p[0] <= 1;
  const feetIn = k ? inside(k.left_ankle) && inside(k.right_ankle) : false;
  const headIn = k ? inside(k.nose) || inside(k.left_eye) || inside(k.right_eye) : false;
  return (y1 >= 1 - EDGE && !feetIn) || (y0 <= EDGE && !headIn);
}

/** A person whose feet are lower in the frame stands nearer the camera. */
function inFront(other: Box, runner: Box): boolean {
  return other[3] > runner[3];
}

/** Share of box a covered by box b. */
export function coverage(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const area = (a[2] - a[0]) * (a[3] - a[1]);
  return area > 0 ? (ix * iy) / area : 0;
}
