import type { AnalysisRecord, Runner } from "../analysis.ts";
import type { CameraRawCrop } from "./camera-raw.ts";

/** [x0, y0, x1, y1] normalised 0–1 in the displayed frame. */
export type CropBox = [number, number, number, number];

/** One crop suggestion, ready for the `crops` field of `stridelight score --jsonl` and for the editor plugins. */
export interface CropProposal {
  /** "4:5", "16:9", "original" … (width:height in pixels, displayed frame). */
  aspect: string;
  box: CropBox;
  /** The same crop in Lightroom's Camera Raw frame (unrotated sensor frame). */
  crs: CameraRawCrop;
  /** 0–1: how well the crop meets the composition rules; the best of each aspect comes first. */
  score: number;
  /** Short, in the photographer's words. */
  reason: string;
  /** The crop's long side is below the configured minimum delivery size. */
  belowMinResolution: boolean;
  /** Output size in pixels of the analyzed image (for RAW: of the analyzed preview). */
  pixels: { width: number; height: number };
}

/** What cropping reads from the analysis record (a full AnalysisRecord fits). */
export type CropRecord = Pick<AnalysisRecord, "width" | "height" | "prominent"> & {
  runners: readonly Pick<Runner, "box" | "keypoints">[];
  source?: { orientation: number | null } | null;
};
