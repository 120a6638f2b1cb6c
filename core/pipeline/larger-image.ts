/**
 * The photo decoded larger than the working raster, for the looks that need more pixels than it has: a bib's small
 * print (bib-reader.ts) and a runner's small eyes (models/iris.ts). Decoded on demand, and at most once per size a
 * photo: a later look that needs no more pixels than an earlier one reads the decode already made.
 */
import type { DecodedPhoto, RgbImage } from "../domain/ports.ts";
import type { ExifToolAdapter } from "../adapters/exiftool.ts";
import { decodePhoto, FULL_RESOLUTION } from "../adapters/image-decoder.ts";

/**
 * The same photo decoded larger than the working raster (the full-resolution decode, or a RAW's largest preview):
 * `factor` is its long side over the working raster's; `load` gives it decoded at least `wanted` times the working
 * size (or as large as it goes), null when it cannot be decoded. The image given may be larger than asked: callers
 * measure its factor from its width.
 */
export interface LargerImage {
  readonly factor: number;
  load(wanted: number): Promise<RgbImage | null>;
}

/** The photo decoded again at `factor` times the working size (a RAW: its embedded preview that fills that size). */
export function largerImageOf(photo: DecodedPhoto, exiftool: ExifToolAdapter): LargerImage {
  const working = Math.max(photo.image.width, photo.image.height);
  // A RAW's recorded size is the preview analyzed; a larger embedded preview may exist (JpgFromRaw).
  const factor = Math.max(photo.width, photo.height, photo.source.raw ? 4 * working : 0) / working;
  const decodes = new Map<number, Promise<RgbImage | null>>();
  return {
    factor,
    load: (wanted) => {
      const maxSide = Math.min(FULL_RESOLUTION, Math.ceil(working * wanted));
      const made = [...decodes.keys()].filter((side) => side >= maxSide).sort((a, b) => a - b)[0];
      if (made !== undefined) return decodes.get(made)!;
      const image = decodePhoto(photo.file, { maxSide, exiftool }).then((d) => (d.ok ? d.value.image : null));
      decodes.set(maxSide, image);
      return image;
    },
  };
}
