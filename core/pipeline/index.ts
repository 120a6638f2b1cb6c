export {
  Analyzer,
  DEFAULT_MAX_MEASURED,
  DEFAULT_MAX_POSED,
  DEFAULT_MAX_SIDE,
  MODEL_IDS,
  type AnalyzerOptions,
  type ModelId,
  type ModelOpener,
} from "./analyzer.ts";
