import type { CtcText } from "./ctc-decode.ts";
import type { PixelRect } from "./raster.ts";

/**
 * What the OCR saw on one runner, before any bib rule: the torso crop and each text line found in it. Kept apart
 * from the choice of the bib so the rules can be tuned on cached OCR output.
 */
export interface TextLine {
  /** The detector's box in raster pixels. */
  readonly box: PixelRect;
  /** Mean detector probability inside the box. */
  readonly detScore: number;
  /**
   * Distance from the box to the torso crop's nearest border, in box heights: 0 when it touches it (part of the
   * print may lie outside what was read).
   */
  readonly edgeGap: number;
  /** Recognition passes on the same line: [0] the standard crop, then test-time variants (other margins). */
  readonly passes: readonly CtcText[];
  /**
   * For a line at the crop's border: the reading of the box stretched past that border into the photo (a bib cut
   * by a tight torso crop reads "200" for 2001); null for a line well inside the crop.
   */
  readonly extended: CtcText | null;
}

export interface RunnerTexts {
  /** The torso crop in raster pixels; null when the runner was too small to read. */
  readonly torso: PixelRect | null;
  readonly lines: readonly TextLine[];
}
