export type XmpErrorCode =
  /** Two photos would share one basename sidecar (IMG_1.CR2 beside IMG_1.DNG). */
  | "sidecar-collision"
  /** Neither a proprietary RAW nor a format with embedded XMP that we write. */
  | "unsupported-format"
  | "not-found"
  /** The file or its folder cannot be written (read-only, immutable, read-only mount). */
  | "read-only"
  /** The exiftool process was started without our namespace config. */
  | "namespace-not-configured"
  /** A sidecar appeared between our read and our write. */
  | "concurrent-change"
  | "unreadable-xmp"
  /** The analysis asked for something we never write (a keyword outside our root, a rating of 7). */
  | "invalid-intent"
  | "write-failed";

/** An expected XMP problem with one photo, returned as a value: the other photos proceed. */
export class XmpError extends Error {
  constructor(
    readonly code: XmpErrorCode,
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "XmpError";
  }
}
