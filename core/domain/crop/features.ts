/**
 * The learnable shape of a proposal: a crop is described by three targets relative to the subject (log of its size,
 * horizontal and vertical shift); the prior predicts them from a few features, and a learned offset — linear in
 * the same features, zero until a photographer's accepted crops have been fitted — corrects the prior.
 * targetsOf() reads the targets back from an accepted crop, so the learning step is a plain regression.
 */
import type { Subject } from "./compose.ts";
import { sizeOf } from "./compose.ts";
import type { PxBox } from "./geometry.ts";
import { type CropPrior, SIZE_REFERENCE } from "./prior.ts";

export const CROP_FEATURES = [
  "bias",
  "direction",
  "landscapeCrop",
  "runnerCutByPhoto",
  "runnerHeightShare",
] as const;
export type CropFeatureVector = readonly number[];

export interface CropTargets {
  /** log(crop height / subject height). */
  logScale: number;
  /** (crop centre x − subject centre x) / crop width. */
  shiftX: number;
  /** (crop centre y − subject centre y) / crop height. */
  shiftY: number;
}

/** Learned offset: one weight vector per target over CROP_FEATURES. */
export interface CropAdjustment {
  logScale: readonly number[];
  shiftX: readonly number[];
  shiftY: readonly number[];
}

export const NO_ADJUSTMENT: CropAdjustment = { logScale: [], shiftX: [], shiftY: [] };

export function cropFeatures(
  subject: Subject,
  ratio: number,
  width: number,
  height: number,
): CropFeatureVector {
  const b = subject.box;
  const cutByPhoto = b[1] <= 1 || b[3] >= height - 1 || b[0] <= 1 || b[2] >= width - 1;
  // Lead room grows with how side-on the runner is: one coming at the camera is framed centred.
  const lead = subject.direction * subject.sideOn;
  return [1, lead, ratio > 1 ? 1 : 0, cutByPhoto ? 1 : 0, sizeOf(b).h / height];
}

function dot(w: readonly number[], f: CropFeatureVector): number {
  return w.reduce((s, wi, i) => s + wi * (f[i] ?? 0), 0);
}

export function priorTargets(features: CropFeatureVector, prior: CropPrior): CropTargets {
  const share = features[4] ?? SIZE_REFERENCE;
  const logScale = Math.log(prior.scale) + prior.scaleBySize * (share - SIZE_REFERENCE);
  return { logScale, shiftX: prior.leadRoom * (features[1] ?? 0), shiftY: prior.verticalShift };
}

export function adjustedTargets(
  features: CropFeatureVector,
  prior: CropPrior,
  adj: CropAdjustment,
): CropTargets {
  const p = priorTargets(features, prior);
  return {
    logScale: p.logScale + dot(adj.logScale, features),
    shiftX: p.shiftX + dot(adj.shiftX, features),
    shiftY: p.shiftY + dot(adj.shiftY, features),
  };
}

/** A subject box this close to the photo's top or bottom edge (px) is cut there (subject boxes are clipped to it). */
const CUT_EDGE_PX = 1;

/**
 * Share of the target's margin a crop keeps. The margin is room above and below the runner; where the subject's box
 * already lies on the photo's top or bottom edge there is nothing beyond that edge, so that half of the margin is
 * dropped instead of being pushed to the other side (a runner cut at the shins keeps the usual head room, not twice
 * it).
 */
export function marginKept(box: Readonly<PxBox>, frameHeight: number): number {
  return 1 - (box[1] <= CUT_EDGE_PX ? 0.5 : 0) - (box[3] >= frameHeight - CUT_EDGE_PX ? 0.5 : 0);
}

/** Crop height over subject height for a target scale, in a frame of this height (see marginKept). */
export function scaleInFrame(logScale: number, box: Readonly<PxBox>, frameHeight: number): number {
  return 1 + (Math.exp(logScale) - 1) * marginKept(box, frameHeight);
}

/**
 * What an accepted crop (pixels, displayed frame) says about the targets, for fitting the learned offset: the
 * inverse of scaleInFrame, so a crop the prior proposed over a cut runner reads back as the prior's own target.
 */
export function targetsOf(subject: Subject, crop: PxBox, frameHeight = Infinity): CropTargets {
  const s = sizeOf(subject.box);
  const c = sizeOf(crop);
  const kept = marginKept(subject.box, frameHeight);
  const scale = kept > 0 ? Math.max(1e-3, 1 + (c.h / s.h - 1) / kept) : c.h / s.h;
  return {
    logScale: Math.log(scale),
    shiftX: ((crop[0] + crop[2]) / 2 - (subject.box[0] + subject.box[2]) / 2) / c.w,
    shiftY: ((crop[1] + crop[3]) / 2 - (subject.box[1] + subject.box[3]) / 2) / c.h,
  };
}
