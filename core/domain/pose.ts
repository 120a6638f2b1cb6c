/**
 * Pose per person: MoveNet is single-person, so it runs on each person's own square crop (padded around the box)
 * and its keypoints are mapped back to the displayed frame, normalised 0–1.
 */
import { KEYPOINT_NAMES, type Box, type Keypoint, type KeypointName, type Keypoints } from "./analysis.ts";
import { regionTransform, toFrame, type Region } from "./raster.ts";

export interface Pose {
  readonly keypoints: Keypoints;
  /** Mean keypoint confidence. */
  readonly poseScore: number;
}

/** MoveNet's input side in pixels. */
export const POSE_INPUT = 192;

/**
 * The square crop (working pixels) centred on the person box, its side `pad` times the box's longer side: MoveNet
 * wants the whole body with some margin, and a square keeps the body's proportions.
 */
export function poseRegion(box: Box, image: { width: number; height: number }, pad = 1.2): Region {
  const w = (box[2] - box[0]) * image.width;
  const h = (box[3] - box[1]) * image.height;
  const side = Math.max(w, h, 1) * pad;
  const cx = ((box[0] + box[2]) / 2) * image.width;
  const cy = ((box[1] + box[3]) / 2) * image.height;
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}

/** Decodes MoveNet's [1, 1, 17, 3] output (y, x, score over the crop) into frame keypoints. */
export function decodePose(
  output: ArrayLike<number>,
  region: Region,
  image: { width: number; height: number },
): Pose {
  const t = regionTransform(region, image);
  const entries: [string, Keypoint][] = [];
  let total = 0;
  KEYPOINT_NAMES.forEach((name, i) => {
    const score = clampUnit(output[i * 3 + 2]!);
    const [x, y] = toFrame(t, output[i * 3 + 1]!, output[i * 3]!);
    entries.push([name, [x, y, score]]);
    total += score;
  });
  return {
    keypoints: Object.fromEntries(entries) as Keypoints,
    poseScore: clampUnit(total / KEYPOINT_NAMES.length),
  };
}

function clampUnit(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

/** Mean height (normalised y) of the named keypoints the pose placed at least `sure` confidently; null when none. */
export function meanSureY(k: Keypoints | null, names: readonly KeypointName[], sure: number): number | null {
  const ys = k
    ? names
        .map((n) => k[n])
        .filter((p) => p[2] >= sure)
        .map((p) => p[1])
    : [];
  return ys.length === 0 ? null : ys.reduce((s, v) => s + v, 0) / ys.length;
}
