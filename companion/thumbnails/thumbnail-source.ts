/**
 * Which of a photo's files a thumbnail is made from: a full-resolution JPEG/TIFF partner beats a RAW's embedded
 * preview (sharper, no exiftool round trip); among equals the analyzed file first. Files gone from disk are skipped.
 */
import { stat } from "node:fs/promises";
import type { PhotoFile } from "../store/shapes.ts";
import { isRawFile } from "../files/photo-files.ts";

export interface SourceFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

const rank = (f: PhotoFile): number => (isRawFile(f.path) ? 2 : 0) + (f.role === "analyzed" ? 0 : 1);

/** The best file still on disk, or null when every file of the photo is gone. */
export async function thumbnailSource(files: readonly PhotoFile[]): Promise<SourceFile | null> {
  for (const file of [...files].sort((a, b) => rank(a) - rank(b))) {
    const info = await stat(file.path).catch(() => null);
    if (info?.isFile()) return { path: file.path, size: info.size, mtimeMs: info.mtimeMs };
  }
  return null;
}
