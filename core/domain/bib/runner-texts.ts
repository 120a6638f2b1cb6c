import type { CtcText } from "./ctc-decode.ts";
import type { PixelRect } from "./pixel-rect.ts";
import type { PlateFlanks } from "./plate-flanks.ts";
import { overlapShare } from "./torso-view.ts";

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
  /**
   * Readings of the same print from re-reads of an uncertain torso (a larger decode, stretched contrast): votes
   * for or against what the passes read. Absent when the torso was read once.
   */
  readonly rereads?: readonly CtcText[];
  /** True for a line only a second look found (absent otherwise). */
  readonly second?: boolean;
  /**
   * How far the plate runs on beside the print, left and right (plate-flanks.ts), measured on lines with digits;
   * absent on others and in OCR output saved before it was measured (a short bib is then not shown whole).
   */
  readonly flanks?: PlateFlanks;
  /** The print's height as a share of the torso region's, on the same lines. */
  readonly printShare?: number;
}

export interface RunnerTexts {
  /** The torso crop in raster pixels; null when the runner was too small to read. */
  readonly torso: PixelRect | null;
  readonly lines: readonly TextLine[];
}

/** What the first look alone saw: the second looks' readings and lines left out (the evaluation's "before"). */
export function firstLook(texts: RunnerTexts): RunnerTexts {
  return {
    torso: texts.torso,
    lines: texts.lines.filter((l) => !l.second).map(({ rereads: _, ...line }) => line),
  };
}

/**
 * The first look's lines with a second look's: a second-look line over a first-look line (most of the smaller
 * one covered, print heights within a factor 1.6) adds its readings to that line's votes; others are new lines.
 */
export function mergeLines(first: readonly TextLine[], second: readonly TextLine[]): TextLine[] {
  const merged = first.map((l) => ({ ...l, rereads: [...(l.rereads ?? [])] }));
  const added: TextLine[] = [];
  for (const line of second) {
    const same = merged.find(
      (l) =>
        overlapShare(l.box, line.box) >= 0.5 &&
        Math.max(l.box.h, line.box.h) <= 1.6 * Math.min(l.box.h, line.box.h),
    );
    if (same) same.rereads.push(...line.passes);
    else added.push({ ...line, second: true });
  }
  return [...merged, ...added];
}
