/**
 * Cuts named regions out of a photo as JPEGs: from the full-resolution decode (a RAW's largest embedded preview),
 * not from the analysis's working raster, so a 512 px face crop of a 24 MP frame has real detail. Each cut is
 * scaled to fit `size` on its long side, never enlarged.
 */
import sharp from "sharp";
import type { Box } from "../domain/analysis.ts";
import type { PhotoError, Result } from "../domain/ports.ts";
import type { ExifToolAdapter } from "./exiftool.ts";
import { decodePhoto, FULL_RESOLUTION } from "./image-decoder.ts";

export interface CutRegion {
  readonly jpeg: Buffer;
  readonly width: number;
  readonly height: number;
}

export async function cutRegions(
  file: string,
  boxes: readonly Box[],
  options: { readonly size: number; readonly exiftool: ExifToolAdapter; readonly quality?: number },
): Promise<Result<CutRegion[], PhotoError>> {
  const decoded = await decodePhoto(file, { maxSide: FULL_RESOLUTION, exiftool: options.exiftool });
  if (!decoded.ok) return decoded;
  const { image } = decoded.value;
  const raw = { raw: { width: image.width, height: image.height, channels: 3 as const } };
  const cuts: CutRegion[] = [];
  for (const [x0, y0, x1, y1] of boxes) {
    const left = Math.min(image.width - 1, Math.floor(x0 * image.width));
    const top = Math.min(image.height - 1, Math.floor(y0 * image.height));
    const width = Math.max(1, Math.min(image.width - left, Math.ceil(x1 * image.width) - left));
    const height = Math.max(1, Math.min(image.height - top, Math.ceil(y1 * image.height) - top));
    const { data, info } = await sharp(image.data, raw)
      .extract({ left, top, width, height })
      .resize({ width: options.size, height: options.size, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: options.quality ?? 85 })
      .toBuffer({ resolveWithObject: true });
    cuts.push({ jpeg: data, width: info.width, height: info.height });
  }
  return { ok: true, value: cuts };
}
