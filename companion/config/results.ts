/**
 * Where a folder's results go, in the photographer's words: the start banner and the page say it, so a photographer
 * who chose sidecars only is told that Lightroom will not see the results of JPEG/TIFF/DNG.
 */
import type { FolderConfig } from "./schema.ts";

export function lightroomSeesJpegResults(folder: Pick<FolderConfig, "sidecar">): boolean {
  return !folder.sidecar.neverModifyOriginals;
}

/** Where a folder's results go, in the photographer's words. */
export function resultsLine(folder: Pick<FolderConfig, "write" | "sidecar">): string {
  const what = [
    folder.write.ratings ? "stars" : null,
    folder.write.labels ? "labels" : null,
    folder.write.keywords ? "keywords" : null,
    folder.write.crop ? "crops" : null,
  ].filter(Boolean);
  const into = folder.sidecar.neverModifyOriginals
    ? "into .xmp sidecars only (Lightroom ignores sidecars of JPEG/TIFF/DNG: use the plugin or turn neverModifyOriginals off)"
    : "inside JPEG/TIFF/DNG (image data untouched; Lightroom reads it there), .xmp sidecars beside RAW";
  return `${what.length > 0 ? what.join(", ") : "nothing (all writes off)"} → ${into}`;
}
