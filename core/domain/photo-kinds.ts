/**
 * The one table of photo kinds: every file extension Stridelight knows, what format its name claims, whether it is
 * camera RAW, whether the watcher, the CLI and the API take it in, and where Lightroom reads its XMP. Ingestion,
 * RAW+JPEG pairing, the CLI's folder walk, sniffing tie-breaks and the XMP target all ask this table; nothing keeps
 * a list of its own. Pure data and lookups.
 */

/** Where a kind's XMP goes when originals may be modified: inside the file, or a basename.xmp sidecar beside it. */
export type XmpHome = "embedded" | "sidecar";

export interface PhotoKind {
  /** The format the name claims, as sniffing reports it; null: known only so its sidecar is not claimed twice. */
  readonly format: string | null;
  /** Camera RAW: paired with the JPEG of the same name, read through its embedded preview. */
  readonly raw: boolean;
  /** Taken in from a folder (watcher, CLI walk, API upload name). */
  readonly taken: boolean;
  /** Where Lightroom reads its XMP; null: no XMP is written for this kind. */
  readonly xmp: XmpHome | null;
}

const photo = (format: string): PhotoKind => ({ format, raw: false, taken: true, xmp: "embedded" });
const raw = (format: string, xmp: XmpHome = "sidecar"): PhotoKind => ({
  format,
  raw: true,
  taken: true,
  xmp,
});
/** RAW we do not decode: never taken, but Lightroom gives it a basename sidecar that a neighbour must not share. */
const foreignRaw: PhotoKind = { format: null, raw: true, taken: false, xmp: "sidecar" };

/**
 * Keyed by the lower-case extension with its dot. JPEG, TIFF, PNG, HEIF, WebP, AVIF, DNG and PSD keep their XMP
 * inside (exiftool writes it without touching the image data; Lightroom ignores sidecars of those formats).
 * GIF decodes but is no photo; PSD is written into but never analyzed.
 */
export const PHOTO_KINDS: Readonly<Record<string, PhotoKind>> = Object.freeze({
  ".jpg": photo("jpeg"),
  ".jpeg": photo("jpeg"),
  ".jpe": photo("jpeg"),
  ".jfif": photo("jpeg"),
  ".png": photo("png"),
  ".tif": photo("tiff"),
  ".tiff": photo("tiff"),
  ".webp": photo("webp"),
  ".avif": photo("avif"),
  ".heic": photo("heic"),
  ".heif": photo("heic"),
  ".hif": photo("heic"),
  ".gif": { format: "gif", raw: false, taken: false, xmp: null },
  ".psd": { format: null, raw: false, taken: false, xmp: "embedded" },
  ".cr2": raw("cr2"),
  ".cr3": raw("cr3"),
  ".nef": raw("nef"),
  ".nrw": raw("nrw"),
  ".arw": raw("arw"),
  ".raf": raw("raf"),
  ".orf": raw("orf"),
  ".rw2": raw("rw2"),
  ".dng": raw("dng", "embedded"),
  ".pef": raw("pef"),
  ".srw": raw("srw"),
  ...Object.fromEntries(
    "3fr ari bay crw dcr dcs erf fff gpr iiq k25 kdc mef mos mrw raw rwl sr2 srf x3f"
      .split(" ")
      .map((ext) => [`.${ext}`, foreignRaw]),
  ),
});

/** The extension of a path or file name, lower case with its dot ("" when it has none). */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

/** The kind a file's name claims, or null for names that claim nothing we know. */
export function photoKindOf(name: string): PhotoKind | null {
  return PHOTO_KINDS[extensionOf(name)] ?? null;
}

/** A photo to take in by its name: a kind the table takes, never a hidden file. */
export function isPhotoName(name: string): boolean {
  const base = name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1);
  return !base.startsWith(".") && photoKindOf(base)?.taken === true;
}

/** Camera RAW by its name (DNG included): the RAW side of a RAW+JPEG pair. */
export function isRawName(name: string): boolean {
  return photoKindOf(name)?.raw === true;
}

/** The extensions the table takes in (the CLI's help, the tests walking every kind). */
export const TAKEN_EXTENSIONS: readonly string[] = Object.freeze(
  Object.keys(PHOTO_KINDS).filter((ext) => PHOTO_KINDS[ext]!.taken),
);
