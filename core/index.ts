/**
 * Stridelight's core, as the companion and other callers use it: the record contracts (zod schemas with their
 * versions), the analyzer, shoot scoring, crops, bibs, the XMP intent and the model registry.
 */
export {
  ANALYSIS_SCHEMA,
  AnalysisRecord,
  AnyRecord,
  FailedRecord,
  KEYPOINT_NAMES,
  type Box,
  type Keypoints,
  type Runner,
} from "./domain/analysis.ts";
export { SCORE_SCHEMA, ScoreRecord, CropField, BurstInfo } from "./domain/score-record.ts";
export { DEFAULT_POLICY, Policy, resolvePolicy } from "./domain/star-policy.ts";
export {
  proposeCrops,
  toCameraRaw,
  fromCameraRaw,
  DEFAULT_ASPECTS,
  type CropProposal,
} from "./domain/crop/index.ts";
export { Analyzer, DEFAULT_MAX_SIDE, type AnalyzerOptions } from "./pipeline/index.ts";
export { BibReader } from "./pipeline/bib-reader.ts";
export { scoreAnalyzed, type ShootOptions } from "./pipeline/score-shoot.ts";
export { xmpIntent, xmpIntentOf } from "./pipeline/xmp-intent.ts";
export { openModel, listModels, type RuntimeOptions } from "./models/registry.ts";
export { buildModels } from "./models/build.ts";
