/**
 * The torso as the bib reader looks at it: a rectangle of the working raster, turned to level the runner's
 * shoulder/hip line and sampled at the resolution the print needs (from the working raster or a larger decode of
 * the same photo). Pure geometry: the pipeline samples the pixels with the one sampler.
 */
import type { Keypoint, Runner } from "../analysis.ts";
import type { PixelRect } from "./pixel-rect.ts";

export interface TiltOptions {
  /** Lowest keypoint score to trust a shoulder or hip for the tilt. */
  readonly minKeypointScore: number;
  /** Below this tilt (radians) the torso is read as it is: turning costs a resample and gains nothing. */
  readonly minAngle: number;
  /** Above this tilt the line is more likely a runner seen from the side (shoulders overlapping) than a tilt. */
  readonly maxAngle: number;
  /** A shoulder or hip line shorter than this share of the torso height says nothing about the tilt. */
  readonly minSpan: number;
}

/**
 * 6 degrees: the recogniser reads a line tilted less than that as well as a level one (PaddleOCR is trained with
 * small rotations); 35 degrees: runners leaning into a bend or photographed with a tilted camera stay well under it.
 */
export const DEFAULT_TILT: TiltOptions = Object.freeze({
  minKeypointScore: 0.3,
  minAngle: (6 * Math.PI) / 180,
  maxAngle: (35 * Math.PI) / 180,
  minSpan: 0.35,
});

/**
 * How much the runner's torso is turned in the picture (radians, positive = clockwise with y down), from the
 * shoulder line and the hip line (their mean when both are seen); 0 when the pose does not say or the tilt is
 * too small to matter. A bib is pinned flat on the chest, so its print runs along these lines.
 */
export function torsoTilt(
  runner: Runner,
  frame: { width: number; height: number },
  options: TiltOptions = DEFAULT_TILT,
): number {
  const k = runner.keypoints;
  if (!k) return 0;
  const px = (p: Keypoint): [number, number] => [p[0] * frame.width, p[1] * frame.height];
  const ok = (p: Keypoint): boolean => p[2] >= options.minKeypointScore;
  const shoulders = [k.left_shoulder, k.right_shoulder];
  const hips = [k.left_hip, k.right_hip];
  if (!shoulders.every(ok) || !hips.some(ok)) return 0;
  const top = midpoint(px(shoulders[0]!), px(shoulders[1]!));
  const seenHips = hips.filter(ok).map(px);
  const bottom = seenHips.length === 2 ? midpoint(seenHips[0]!, seenHips[1]!) : seenHips[0]!;
  const torsoHeight = Math.hypot(bottom[0] - top[0], bottom[1] - top[1]);
  const lines = [shoulders, hips]
    .filter((pair) => pair.every(ok))
    .map((pair) => lineAngle(px(pair[0]!), px(pair[1]!), torsoHeight * options.minSpan));
  const angles = lines.filter((a): a is number => a !== null);
  if (angles.length === 0) return 0;
  const angle = angles.reduce((a, b) => a + b, 0) / angles.length;
  if (Math.abs(angle) < options.minAngle || Math.abs(angle) > options.maxAngle) return 0;
  return angle;
}

/** The angle of the line through two points, left to right, or null when they are closer than minSpan. */
function lineAngle(a: [number, number], b: [number, number], minSpan: number): number | null {
  const [l, r] = a[0] <= b[0] ? [a, b] : [b, a];
  if (Math.hypot(r[0] - l[0], r[1] - l[1]) < minSpan) return null;
  return Math.atan2(r[1] - l[1], r[0] - l[0]);
}

function midpoint(a: [number, number], b: [number, number]): [number, number] {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/**
 * A torso view: `rect` (working-raster pixels) turned by `angle` about its centre and sampled at `scale` view
 * pixels per working pixel. The view's pixel (0, 0) is the rectangle's top-left corner before the turn.
 */
export interface TorsoView {
  readonly rect: PixelRect;
  readonly angle: number;
  readonly scale: number;
}

/** The view's size in its own pixels. */
export function viewSize(view: TorsoView): { width: number; height: number } {
  return {
    width: Math.max(1, Math.round(view.rect.w * view.scale)),
    height: Math.max(1, Math.round(view.rect.h * view.scale)),
  };
}

/** A point of the view (its pixels) in working-raster pixels. */
export function viewToRaster(view: TorsoView, x: number, y: number): [number, number] {
  const { rect, angle, scale } = view;
  const u = x / scale - rect.w / 2;
  const v = y / scale - rect.h / 2;
  const cx = rect.x + rect.w / 2;
  const cy = rect.y + rect.h / 2;
  return [cx + u * Math.cos(angle) - v * Math.sin(angle), cy + u * Math.sin(angle) + v * Math.cos(angle)];
}

/**
 * A rectangle of the view in working-raster pixels: the bounding box of its turned corners, except for the height,
 * which stays the print's own height (in working pixels) so that prints read in different views compare.
 */
export function rectToRaster(view: TorsoView, r: PixelRect): PixelRect {
  const corners = [
    viewToRaster(view, r.x, r.y),
    viewToRaster(view, r.x + r.w, r.y),
    viewToRaster(view, r.x, r.y + r.h),
    viewToRaster(view, r.x + r.w, r.y + r.h),
  ];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const h = r.h / view.scale;
  return { x: Math.min(...xs), y: cy - h / 2, w: Math.max(...xs) - Math.min(...xs), h };
}

/** The torso rectangle grown by `margin` torso heights on every side (print cut by the torso's edge is read whole). */
export function withMargin(rect: PixelRect, margin: number): PixelRect {
  const m = rect.h * margin;
  return { x: rect.x - m, y: rect.y - m, w: rect.w + 2 * m, h: rect.h + 2 * m };
}

/** Share of the smaller rectangle covered by both: the same print seen in two views overlaps almost wholly. */
export function overlapShare(a: PixelRect, b: PixelRect): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min(a.w * a.h, b.w * b.h);
}
