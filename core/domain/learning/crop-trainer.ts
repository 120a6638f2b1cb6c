/**
 * The crop adjuster: a ridge regression of what the photographer's accepted crops say (targetsOf) minus what the
 * prior predicted (priorTargets), linear in CROP_FEATURES — exactly the CropAdjustment proposeCrops takes.
 * Pulled toward zero (the prior) so a handful of crops nudges rather than rewrites the framing.
 */
import type { Subject } from "../crop/compose.ts";
import {
  CROP_FEATURES,
  adjustedTargets,
  scaleInFrame,
  targetsOf,
  type CropAdjustment,
  type CropTargets,
} from "../crop/features.ts";
import { CROP_PRIOR, type CropPrior } from "../crop/prior.ts";
import type { CropExample } from "./examples.ts";
import { solve, zeroMatrix, zeros } from "./linalg.ts";
import { boxIoU, type Box } from "./metrics.ts";

export const CROP_TARGETS = ["logScale", "shiftX", "shiftY"] as const;

export interface CropParams {
  /** Ridge penalty toward no adjustment, in squared target units per weight. */
  readonly l2: number;
}

export const DEFAULT_CROP_PARAMS: CropParams = Object.freeze({ l2: 1 });

/** targetsOf reads only the subject's box: a box (and the frame's size) is all the example keeps. */
function acceptedTargets(e: CropExample): CropTargets {
  return targetsOf({ box: [...e.subject] } as unknown as Subject, [...e.accepted], e.height);
}

export function trainCropAdjustment(
  examples: readonly CropExample[],
  params: CropParams = DEFAULT_CROP_PARAMS,
  prior: CropPrior = CROP_PRIOR,
): CropAdjustment {
  const d = CROP_FEATURES.length;
  if (examples.length === 0) return { logScale: zeros(d), shiftX: zeros(d), shiftY: zeros(d) };
  const A = zeroMatrix(d);
  const b = { logScale: zeros(d), shiftX: zeros(d), shiftY: zeros(d) };
  for (const e of examples) {
    const residual = residualOf(e, prior);
    for (let i = 0; i < d; i++) {
      const fi = e.features[i] ?? 0;
      for (let j = 0; j < d; j++) A[i]![j]! += fi * (e.features[j] ?? 0);
      for (const t of CROP_TARGETS) b[t][i]! += fi * residual[t];
    }
  }
  for (let i = 0; i < d; i++) A[i]![i]! += params.l2;
  return { logScale: solve(A, b.logScale), shiftX: solve(A, b.shiftX), shiftY: solve(A, b.shiftY) };
}

function residualOf(e: CropExample, prior: CropPrior): CropTargets {
  const accepted = acceptedTargets(e);
  const predicted = adjustedTargets(e.features, prior, { logScale: [], shiftX: [], shiftY: [] });
  return {
    logScale: accepted.logScale - predicted.logScale,
    shiftX: accepted.shiftX - predicted.shiftX,
    shiftY: accepted.shiftY - predicted.shiftY,
  };
}

/**
 * The crop the targets ask for, before the composition search: height from the scale, width from the aspect,
 * centre shifted from the subject's, then moved (and if need be shrunk) into the frame.
 */
export function cropFromTargets(e: CropExample, t: CropTargets): Box {
  const [x0, y0, x1, y1] = e.subject;
  let h = scaleInFrame(t.logScale, e.subject, e.height) * Math.max(1, y1 - y0);
  let w = h * e.ratio;
  const fit = Math.min(1, e.width / w, e.height / h);
  h *= fit;
  w *= fit;
  const cx = (x0 + x1) / 2 + t.shiftX * w;
  const cy = (y0 + y1) / 2 + t.shiftY * h;
  const left = Math.min(Math.max(0, cx - w / 2), e.width - w);
  const top = Math.min(Math.max(0, cy - h / 2), e.height - h);
  return [left, top, left + w, top + h];
}

/** Per example: IoU of the adjusted proposal with the crop the photographer kept. */
export function cropAgreement(
  examples: readonly CropExample[],
  adjustment: CropAdjustment,
  prior: CropPrior = CROP_PRIOR,
): number[] {
  return examples.map((e) =>
    boxIoU(cropFromTargets(e, adjustedTargets(e.features, prior, adjustment)), e.accepted),
  );
}

export const NO_CROP_ADJUSTMENT: CropAdjustment = Object.freeze({
  logScale: zeros(CROP_FEATURES.length),
  shiftX: zeros(CROP_FEATURES.length),
  shiftY: zeros(CROP_FEATURES.length),
});
