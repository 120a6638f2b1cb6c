export { torsoRegion, DEFAULT_TORSO_OPTIONS } from "./torso-region.ts";
export type { TorsoRegion, TorsoOptions } from "./torso-region.ts";
export { textBoxes, DEFAULT_DB_OPTIONS } from "./db-postprocess.ts";
export type { TextBox, DbOptions } from "./db-postprocess.ts";
export { ctcGreedyDecode, parseDictionary } from "./ctc-decode.ts";
export type { CtcText } from "./ctc-decode.ts";
export {
  BibRules,
  DEFAULT_BIB_RULES,
  asBib,
  normaliseBib,
  bibPattern,
  rankBibs,
  pickBib,
  assignBibs,
  digitCount,
  differentBibs,
} from "./validate.ts";
export type { TextReading, BibReading, BibCandidate } from "./validate.ts";
export { StartListEntry, parseStartList, matchBib, splitCsvLine } from "./start-list.ts";
export type { StartList, StartListError } from "./start-list.ts";
export { KEYWORD_ROOT, DEFAULT_BIB_KEYWORD_OPTIONS, bibKeywords, hasBib } from "./keywords.ts";
export type { BibKeywordOptions, BibKeywords } from "./keywords.ts";
export { clampRect, asRegion } from "./pixel-rect.ts";
export type { PixelRect } from "./pixel-rect.ts";
export {
  DET_MEAN_BGR,
  DET_STD_BGR,
  REC_MEAN,
  REC_STD,
  REC_HEIGHT,
  DEFAULT_DET_SIZE,
  detInputSize,
  boxInRaster,
  recInputWidth,
  toBgrTensor,
} from "./ocr-input.ts";
export type { DetSizeOptions } from "./ocr-input.ts";
export type { TextLine, RunnerTexts } from "./runner-texts.ts";
export { firstLook, mergeLines } from "./runner-texts.ts";
export { chooseBibs, chooseBibsWithDigits, inRaceFormat } from "./choose-bibs.ts";
export { legibleBib, agreedReading, usualLength } from "./legibility.ts";
export {
  DEFAULT_TILT,
  torsoTilt,
  viewSize,
  viewToRaster,
  rectToRaster,
  withMargin,
  overlapShare,
} from "./torso-view.ts";
export type { TiltOptions, TorsoView } from "./torso-view.ts";
export { stretchContrast } from "./contrast.ts";
export { plateFlanks, DEFAULT_FLANK_OPTIONS } from "./plate-flanks.ts";
export type { PlateFlanks, FlankOptions } from "./plate-flanks.ts";
export { prefixFormat, formatRules, inFormat, underRaceFormat } from "./race-format.ts";
export type { PrefixFormat, RunnerReading } from "./race-format.ts";
