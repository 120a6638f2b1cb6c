/** Synthetic analysis records for the crop tests: a runner drawn from body proportions inside a box. */
import { KEYPOINT_NAMES, type Keypoints } from "../../core/domain/analysis.ts";
import type { CropRecord } from "../../core/domain/crop/index.ts";

/** Keypoint positions as fractions of the runner's box (x from the left, y from the top), runner facing right. */
const BODY: Record<(typeof KEYPOINT_NAMES)[number], [number, number]> = {
  nose: [0.62, 0.07],
  left_eye: [0.58, 0.05],
  right_eye: [0.58, 0.05],
  left_ear: [0.48, 0.06],
  right_ear: [0.48, 0.06],
  left_shoulder: [0.5, 0.2],
  right_shoulder: [0.46, 0.2],
  left_elbow: [0.65, 0.33],
  right_elbow: [0.3, 0.35],
  left_wrist: [0.75, 0.28],
  right_wrist: [0.2, 0.45],
  left_hip: [0.48, 0.5],
  right_hip: [0.45, 0.5],
  left_knee: [0.72, 0.68],
  right_knee: [0.3, 0.72],
  left_ankle: [0.65, 0.9],
  right_ankle: [0.1, 0.85],
};

export function runner(box: [number, number, number, number], facing: "left" | "right" | "camera" = "right") {
  const [x0, y0, x1, y1] = box;
  const kps = Object.fromEntries(
    KEYPOINT_NAMES.map((n) => {
      const fy = BODY[n][1];
      let fx = BODY[n][0];
      if (facing === "left") fx = 1 - fx;
      if (facing === "camera" && n.endsWith("ear")) fx = n.startsWith("left") ? 0.6 : 0.4;
      if (facing === "camera" && n === "nose") fx = 0.5;
      return [n, [x0 + fx * (x1 - x0), y0 + fy * (y1 - y0), 0.8]];
    }),
  ) as Keypoints;
  return { box, keypoints: kps };
}

export function record(
  width: number,
  height: number,
  runners: ReturnType<typeof runner>[],
  orientation: number | null = 1,
): CropRecord {
  return { width, height, runners, prominent: runners.length > 0 ? 0 : null, source: { orientation } };
}

/** Tiny deterministic generator, so the property tests are the same on every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
