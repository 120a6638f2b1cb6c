/** What the learner reads of an analyzed photo: its keeper row, its stride's contributions, a crop example. */
import type { AnalysisRecord } from "../analysis.ts";
import { pixelRatio } from "../crop/aspects.ts";
import { subjectOf } from "../crop/compose.ts";
import { cropFeatures } from "../crop/features.ts";
import { CROP_PRIOR } from "../crop/prior.ts";
import type { CropBox } from "../crop/types.ts";
import { DEFAULT_SCORING_OPTIONS, keeperRow } from "../scoring.ts";
import {
  DEFAULT_STYLE_OPTIONS,
  runningStyle,
  type RunningStyle,
  type StyleOptions,
} from "../style/running-style.ts";
import type { CropExample } from "./examples.ts";
import { styleRowOf } from "./style-trainer.ts";

function mainStyle(record: AnalysisRecord, options: StyleOptions): RunningStyle | null {
  const runner = record.prominent === null ? undefined : record.runners[record.prominent];
  return runner ? runningStyle(runner, record, options) : null;
}

/** The row the keeper head saw when it scored this photo (the burst place comes from the stored scores). */
export function keeperRowOf(
  record: AnalysisRecord,
  burst: { readonly rank: number; readonly size: number } | null,
  style: StyleOptions = DEFAULT_STYLE_OPTIONS,
): number[] {
  return keeperRow(record, burst, { ...DEFAULT_SCORING_OPTIONS, style });
}

/** Contributions under the prior style weights (the style head's multipliers are relative to them); null without a pose. */
export function styleRowOfRecord(record: AnalysisRecord): number[] | null {
  const style = mainStyle(record, DEFAULT_STYLE_OPTIONS);
  return style ? styleRowOf(style) : null;
}

/** A crop the photographer kept (box normalised, displayed frame) as a training example; null without a runner. */
export function cropExampleOf(record: AnalysisRecord, aspect: string, box: CropBox): CropExample | null {
  const subject = subjectOf(record, CROP_PRIOR);
  if (!subject) return null;
  const { width: W, height: H } = record;
  const ratio = pixelRatio(aspect, W, H);
  return {
    features: [...cropFeatures(subject, ratio, W, H)],
    subject: [subject.box[0], subject.box[1], subject.box[2], subject.box[3]],
    ratio,
    width: W,
    height: H,
    accepted: [box[0] * W, box[1] * H, box[2] * W, box[3] * H],
  };
}
