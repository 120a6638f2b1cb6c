export { DEFAULT_ASPECTS, isAspect, largestCrop, pixelRatio } from "./aspects.ts";
export { type CameraRawCrop, fromCameraRaw, toCameraRaw } from "./camera-raw.ts";
export { type Joint, type Subject, runningDirection, subjectOf } from "./compose.ts";
export {
  CROP_FEATURES,
  type CropAdjustment,
  type CropFeatureVector,
  type CropTargets,
  NO_ADJUSTMENT,
  adjustedTargets,
  cropFeatures,
  priorTargets,
  targetsOf,
} from "./features.ts";
export { CROP_PRIOR, type CropPrior } from "./prior.ts";
export { type CropOptions, DEFAULT_MIN_RESOLUTION, proposeCrops } from "./propose.ts";
export { RULE_WEIGHTS, type RuleCheck, checkRules } from "./rules.ts";
export type { CropBox, CropProposal, CropRecord } from "./types.ts";
