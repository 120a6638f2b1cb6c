/**
 * From the companion's crop (normalised 0–1 in the displayed frame of the analyzed image) to Photoshop's pixel
 * bounds on the open document. A document opens in the displayed orientation, so the two frames agree as long as
 * the document still has the analyzed shape: a RAW analyzed through its smaller embedded preview, or a document
 * resized since, only changes the scale. A rotation or a crop/canvas change since opening cannot be mapped back
 * with confidence, so it is refused with a message saying what changed.
 */
import type { PixelBounds } from "./commands.ts";

/** [x0, y0, x1, y1], normalised to the displayed frame. */
export type Box = readonly [number, number, number, number];

export interface Size {
  readonly width: number;
  readonly height: number;
}

export type CropRefusal =
  | { readonly kind: "rotated"; readonly message: string }
  | { readonly kind: "reshaped"; readonly message: string };

export type CropMapping =
  { readonly ok: true; readonly bounds: PixelBounds } | { readonly ok: false; readonly refusal: CropRefusal };

/**
 * Same shape when the heights agree once the widths are matched, within a pixel of rounding plus 0.5 %
 * (embedded previews are sometimes a few pixels off the sensor's proportions).
 */
function sameShape(a: Size, b: Size): boolean {
  const expectedHeight = (b.width * a.height) / a.width;
  return Math.abs(b.height - expectedHeight) <= 1 + 0.005 * b.height;
}

const sizeText = (s: Size) => `${s.width}×${s.height}`;

/** Null when the document still has the analyzed shape, else why the crop cannot be placed. */
export function shapeRefusal(analyzed: Size, doc: Size): CropRefusal | null {
  if (sameShape(analyzed, doc)) return null;
  const swapped = { width: analyzed.height, height: analyzed.width };
  if (sameShape(swapped, doc)) {
    return {
      kind: "rotated",
      message: `The document was rotated since it was analyzed (analyzed ${sizeText(analyzed)}, now ${sizeText(doc)}). Rotate it back to place the crop.`,
    };
  }
  return {
    kind: "reshaped",
    message: `The document no longer matches the analyzed photo (analyzed ${sizeText(analyzed)}, now ${sizeText(doc)}): it was cropped or its canvas changed. Undo that, or save it and ask for a new analysis.`,
  };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Pixel bounds of `box` on a document of size `doc`, at least one pixel each way and inside the canvas. */
export function pixelBounds(box: Box, doc: Size): PixelBounds {
  const left = clamp(Math.round(box[0] * doc.width), 0, doc.width - 1);
  const top = clamp(Math.round(box[1] * doc.height), 0, doc.height - 1);
  const right = clamp(Math.round(box[2] * doc.width), left + 1, doc.width);
  const bottom = clamp(Math.round(box[3] * doc.height), top + 1, doc.height);
  return { left, top, right, bottom };
}

export function mapCrop(box: Box, analyzed: Size, doc: Size): CropMapping {
  const refusal = shapeRefusal(analyzed, doc);
  return refusal ? { ok: false, refusal } : { ok: true, bounds: pixelBounds(box, doc) };
}
