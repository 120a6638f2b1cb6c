/**
 * The parts of a photo a plugin or a script asks for by name, per runner: the person's box, the lower body (hips
 * to feet: what the running-style score reads) and the face. Pure: boxes from the analysis record, normalised in
 * the displayed frame; the adapter cuts them from the full-resolution picture.
 */
import type { AnalysisRecord, Box, Keypoint, KeypointName } from "./analysis.ts";

export const REGION_KINDS = ["person", "lowerBody", "face"] as const;
export type RegionKind = (typeof REGION_KINDS)[number];

export const REGION_DESCRIPTIONS: Readonly<Record<RegionKind, string>> = Object.freeze({
  person: "the runner's box from the person detector",
  lowerBody: "hips to feet, from the pose (what the running-style score reads); absent without a usable pose",
  face: "the runner's face, when one was found and matched to the runner",
});

export interface Region {
  readonly runner: number;
  readonly kind: RegionKind;
  readonly box: Box;
}

/** A keypoint this confident is placed well enough to frame the legs. */
const MIN_KEYPOINT_SCORE = 0.3;
/** Room around the legs and the face, as a share of their own size: feet and chin stay inside the cut. */
const MARGIN = 0.12;
const LEGS: readonly KeypointName[] = [
  "left_hip",
  "right_hip",
  "left_knee",
  "right_knee",
  "left_ankle",
  "right_ankle",
];

const clamp = (v: number) => Math.min(1, Math.max(0, v));

function padded(x0: number, y0: number, x1: number, y1: number, margin: number): Box | null {
  const [mx, my] = [(x1 - x0) * margin, (y1 - y0) * margin];
  const box: Box = [clamp(x0 - mx), clamp(y0 - my), clamp(x1 + mx), clamp(y1 + my)];
  return box[2] - box[0] > 0.001 && box[3] - box[1] > 0.001 ? box : null;
}

/** Hips to feet: needs a hip and an ankle; the width covers every placed leg point and stays inside the person. */
export function lowerBodyBox(
  person: Box,
  keypoints: Partial<Record<KeypointName, Keypoint>> | null,
): Box | null {
  if (!keypoints) return null;
  const placed = LEGS.map((n) => [n, keypoints[n]] as const).filter(
    (e): e is readonly [KeypointName, Keypoint] => e[1] !== undefined && e[1][2] >= MIN_KEYPOINT_SCORE,
  );
  const hips = placed.filter(([n]) => n.endsWith("hip"));
  const ankles = placed.filter(([n]) => n.endsWith("ankle"));
  if (hips.length === 0 || ankles.length === 0) return null;
  const xs = placed.map(([, k]) => k[0]);
  const top = Math.min(...hips.map(([, k]) => k[1]));
  const bottom = Math.max(...ankles.map(([, k]) => k[1]));
  if (bottom <= top) return null;
  // Feet reach below the ankles: the margin below is doubled.
  const box = padded(Math.min(...xs), top, Math.max(...xs), bottom + (bottom - top) * MARGIN, MARGIN);
  if (!box) return null;
  return [Math.max(box[0], person[0]), box[1], Math.min(box[2], person[2]), box[3]];
}

/** Every asked-for region of every runner that has it, runner by runner. */
export function regionsOf(record: AnalysisRecord, kinds: readonly RegionKind[]): Region[] {
  const out: Region[] = [];
  record.runners.forEach((runner, i) => {
    for (const kind of kinds) {
      const box =
        kind === "person"
          ? runner.box
          : kind === "lowerBody"
            ? lowerBodyBox(runner.box, runner.keypoints)
            : faceBox(record, i);
      if (box) out.push({ runner: i, kind, box });
    }
  });
  return out;
}

function faceBox(record: AnalysisRecord, runner: number): Box | null {
  const face = record.faces.filter((f) => f.runner === runner).sort((a, b) => b.score - a.score)[0];
  return face ? padded(face.box[0], face.box[1], face.box[2], face.box[3], MARGIN) : null;
}
