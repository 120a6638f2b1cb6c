/**
 * Thumbnails for the grid and the loupe: a JPEG of the photo as the photographer sees it. Built on decodePhoto so
 * a thumbnail shows exactly the frame the analysis measured (same RAW preview, same orientation decision, same
 * shrink-on-load, same error words); only the JPEG encoding of its small raster is added here.
 */
import sharp from "sharp";
import type { PhotoError, Result } from "../domain/ports.ts";
import type { ExifToolAdapter } from "./exiftool.ts";
import { decodePhoto } from "./image-decoder.ts";

/** Long sides we make: the grid's and the loupe's. Anything else would multiply the cache for little gain. */
export const THUMBNAIL_SIDES = [512, 1600] as const;
export type ThumbnailSide = (typeof THUMBNAIL_SIDES)[number];

export interface ThumbnailOptions {
  readonly longSide: ThumbnailSide;
  readonly exiftool: ExifToolAdapter;
  /** JPEG quality; 80 keeps a 512 px thumbnail near 40 KB and shows focus faithfully enough to cull. */
  readonly quality?: number;
}

export interface Thumbnail {
  readonly jpeg: Buffer;
  readonly width: number;
  readonly height: number;
  /** sha256 of the bytes that were actually read (the store's hash may be older than the file). */
  readonly sha256: string;
  /** The embedded preview a RAW was shown through, null for other photos. */
  readonly preview: string | null;
}

export async function makeThumbnail(
  file: string,
  options: ThumbnailOptions,
): Promise<Result<Thumbnail, PhotoError>> {
  const decoded = await decodePhoto(file, { maxSide: options.longSide, exiftool: options.exiftool });
  if (!decoded.ok) return decoded;
  const { image, source } = decoded.value;
  const jpeg = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality: options.quality ?? 80, mozjpeg: false })
    .toBuffer();
  return {
    ok: true,
    value: { jpeg, width: image.width, height: image.height, sha256: source.sha256, preview: source.preview },
  };
}
