/**
 * What a photo file really is, told from its first bytes rather than its name, and the orientation maths that
 * turn stored pixels into the displayed frame. Pure: bytes in, plain data out. What a file's name claims comes from
 * the one table of photo kinds (photo-kinds.ts).
 */
import { photoKindOf } from "./photo-kinds.ts";

/** Formats sharp decodes itself (HEIC only when its libheif has an HEVC decoder). */
export const RASTER_FORMATS = ["jpeg", "png", "tiff", "webp", "avif", "heic", "gif"] as const;
export type RasterFormat = (typeof RASTER_FORMATS)[number];

/** Camera RAW files: read through their largest embedded preview. */
export const RAW_FORMATS = [
  "cr2",
  "cr3",
  "nef",
  "nrw",
  "arw",
  "raf",
  "orf",
  "rw2",
  "dng",
  "pef",
  "srw",
] as const;
export type RawFormat = (typeof RAW_FORMATS)[number];

/** Image formats we recognise but do not decode. */
export type ForeignFormat = "bmp" | "jxl" | "psd" | "ico" | "jp2" | "raw-unknown";

export type Sniffed =
  | { kind: "raster"; format: RasterFormat }
  | { kind: "raw"; format: RawFormat }
  | { kind: "foreign"; format: ForeignFormat }
  | { kind: "unknown" };

/** Bytes of the file's start that sniffing needs (TIFF-based RAW keep IFD0 near the start). */
export const SNIFF_BYTES = 64 * 1024;

const ascii = (head: Uint8Array, at: number, text: string): boolean =>
  head.length >= at + text.length && [...text].every((c, i) => head[at + i] === c.charCodeAt(0));

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0): boolean =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);

/** Tells the format from the file's first bytes; `extension` (with dot, any case) only breaks TIFF ties. */
export function sniffFormat(head: Uint8Array, extension: string): Sniffed {
  return (
    sniffSimple(head) ??
    sniffIsoMedia(head) ??
    sniffTiffFamily(head, extension.toLowerCase()) ??
    sniffForeign(head) ?? { kind: "unknown" }
  );
}

function sniffSimple(head: Uint8Array): Sniffed | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: "raster", format: "jpeg" };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: "raster", format: "png" };
  if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) return { kind: "raster", format: "webp" };
  if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) return { kind: "raster", format: "gif" };
  if (ascii(head, 0, "FUJIFILMCCD-RAW")) return { kind: "raw", format: "raf" };
  if (ascii(head, 0, "IIRO") || ascii(head, 0, "IIRS") || ascii(head, 0, "MMOR"))
    return { kind: "raw", format: "orf" };
  if (startsWith(head, [0x49, 0x49, 0x55, 0x00])) return { kind: "raw", format: "rw2" };
  return null;
}

const HEIC_BRANDS = ["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs"];
const AVIF_BRANDS = ["avif", "avis"];

/** ISO base media ("ftyp" box): CR3, HEIC, AVIF. */
function sniffIsoMedia(head: Uint8Array): Sniffed | null {
  if (!ascii(head, 4, "ftyp") || head.length < 16) return null;
  const boxSize = Math.min(readU32(head, 0, false), head.length, 256);
  const brands: string[] = [];
  for (let at = 8; at + 4 <= boxSize; at += 4) {
    if (at !== 12) brands.push(String.fromCharCode(...head.subarray(at, at + 4)));
  }
  if (brands.includes("crx ")) return { kind: "raw", format: "cr3" };
  if (brands.some((b) => AVIF_BRANDS.includes(b))) return { kind: "raster", format: "avif" };
  if (brands.some((b) => HEIC_BRANDS.includes(b))) return { kind: "raster", format: "heic" };
  if (brands.includes("mif1") || brands.includes("msf1")) return { kind: "raster", format: "heic" };
  if (brands.includes("jxl ")) return { kind: "foreign", format: "jxl" };
  if (brands.includes("jp2 ")) return { kind: "foreign", format: "jp2" };
  return null;
}

function sniffForeign(head: Uint8Array): Sniffed | null {
  if (ascii(head, 0, "BM") && head.length >= 26 && readU32(head, 2, true) >= 26)
    return { kind: "foreign", format: "bmp" };
  if (startsWith(head, [0xff, 0x0a]) || ascii(head, 4, "JXL ")) return { kind: "foreign", format: "jxl" };
  if (ascii(head, 0, "8BPS")) return { kind: "foreign", format: "psd" };
  if (startsWith(head, [0x00, 0x00, 0x01, 0x00]) && head.length > 6 && head[4] !== 0) {
    return { kind: "foreign", format: "ico" };
  }
  return null;
}

function readU32(b: Uint8Array, at: number, little: boolean): number {
  if (at + 4 > b.length) return 0;
  const v = little
    ? (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)
    : ((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0);
  return v >>> 0;
}

function readU16(b: Uint8Array, at: number, little: boolean): number {
  if (at + 2 > b.length) return 0;
  return little ? (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) : ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

/** Entries of a TIFF's first IFD: tag -> first value (SHORT/LONG) or the count (other types). */
export function readIfd0(head: Uint8Array): Map<number, number> | null {
  const little = ascii(head, 0, "II");
  if (!little && !ascii(head, 0, "MM")) return null;
  if (readU16(head, 2, little) !== 42) return null;
  const ifd = readU32(head, 4, little);
  const count = readU16(head, ifd, little);
  if (ifd < 8 || ifd + 2 + count * 12 > head.length) return null;
  const tags = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const at = ifd + 2 + i * 12;
    const type = readU16(head, at + 2, little);
    const value =
      type === 3 ? readU16(head, at + 8, little) : type === 4 ? readU32(head, at + 8, little) : -1;
    tags.set(readU16(head, at, little), value >= 0 ? value : readU32(head, at + 4, little));
  }
  return tags;
}

const TAG = { compression: 0x103, photometric: 0x106, subIfds: 0x14a, dngVersion: 0xc612 } as const;
/** Photometric interpretations only sensor data uses: CFA and LinearRaw. */
const SENSOR_PHOTOMETRIC = [32803, 34892];
/** Vendor compressions of sensor data (Nikon, Sony, Pentax, Samsung…): never a plain TIFF. */
const VENDOR_COMPRESSION = [32767, 32769, 32770, 34713, 65535];

/**
 * TIFF-based RAW share the plain TIFF header, so IFD0 decides: DNGVersion, SubIFDs, sensor photometric or a
 * vendor compression mean RAW. The extension only names which RAW (the bytes rarely say) or breaks a tie
 * when IFD0 lies beyond the bytes we read.
 */
function sniffTiffFamily(head: Uint8Array, extension: string): Sniffed | null {
  const isTiff = startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]);
  if (!isTiff) return null;
  if (ascii(head, 8, "CR") && head[10] === 2) return { kind: "raw", format: "cr2" };
  const rawByName = rawFormatOfExtension(extension);
  const ifd0 = readIfd0(head);
  if (ifd0 === null)
    return rawByName ? { kind: "raw", format: rawByName } : { kind: "raster", format: "tiff" };
  if (ifd0.has(TAG.dngVersion)) return { kind: "raw", format: "dng" };
  const sensor =
    ifd0.has(TAG.subIfds) ||
    SENSOR_PHOTOMETRIC.includes(ifd0.get(TAG.photometric) ?? 0) ||
    VENDOR_COMPRESSION.includes(ifd0.get(TAG.compression) ?? 0);
  if (!sensor) return { kind: "raster", format: "tiff" };
  return rawByName ? { kind: "raw", format: rawByName } : { kind: "foreign", format: "raw-unknown" };
}

/** The RAW format a name's extension claims (one sniffing decodes), or null. */
export function rawFormatOfExtension(extension: string): RawFormat | null {
  const kind = kindOfExtension(extension);
  const format = kind?.raw ? kind.format : null;
  return (RAW_FORMATS as readonly (string | null)[]).includes(format) ? (format as RawFormat) : null;
}

/** The format a file's name claims, or null for names that claim nothing we know. */
export function formatOfExtension(extension: string): string | null {
  return kindOfExtension(extension)?.format ?? null;
}

/** An extension with or without its dot, any case. */
const kindOfExtension = (extension: string) =>
  extension === "" ? null : photoKindOf(`x${extension.startsWith(".") ? "" : "."}${extension}`);

/**
 * True when a file that failed to decode ends before its format's end marker: JPEG without EOI, PNG without
 * IEND. Used only to tell "truncated" from "corrupt" after the decoder gave up.
 */
export function looksTruncated(format: string, tail: Uint8Array): boolean {
  if (format === "jpeg") return !hasEndMarker(tail, [0xff, 0xd9]);
  if (format === "png") return !hasEndMarker(tail, [0x49, 0x45, 0x4e, 0x44]);
  return false;
}

function hasEndMarker(tail: Uint8Array, marker: readonly number[]): boolean {
  for (let at = tail.length - marker.length; at >= 0; at--) {
    if (startsWith(tail, marker, at)) return true;
  }
  return false;
}

/** How stored pixels become the displayed frame: mirror left-right first, then turn clockwise (sharp's order). */
export interface OrientationTransform {
  readonly flop: boolean;
  readonly rotate: 0 | 90 | 180 | 270;
}

const TRANSFORMS: Record<number, OrientationTransform> = {
  1: { flop: false, rotate: 0 },
  2: { flop: true, rotate: 0 },
  3: { flop: false, rotate: 180 },
  4: { flop: true, rotate: 180 },
  5: { flop: true, rotate: 270 },
  6: { flop: false, rotate: 90 },
  7: { flop: true, rotate: 90 },
  8: { flop: false, rotate: 270 },
};

/** EXIF orientation 1–8 as a transform; anything else is the identity. */
export function orientationTransform(orientation: number): OrientationTransform {
  return TRANSFORMS[orientation] ?? { flop: false, rotate: 0 };
}

/** Orientations 5–8 swap width and height. */
export const swapsAxes = (orientation: number): boolean => orientation >= 5 && orientation <= 8;

export interface OrientationInput {
  /** The EXIF value as recorded (may be 0, 9, … on odd files), null when absent. */
  readonly recorded: number | null;
  /** Stored pixel size of the raster we decode. */
  readonly storedWidth: number;
  readonly storedHeight: number;
  /** Size the camera recorded (ExifImageWidth/Height or the RAW's sensor size), when known. */
  readonly recordedWidth: number | null;
  readonly recordedHeight: number | null;
}

export interface OrientationDecision {
  /** The orientation to apply to the stored pixels (1 = leave them). */
  readonly apply: number;
  /** What goes into the record: the valid EXIF orientation, or null when absent or invalid. */
  readonly reported: number | null;
  readonly warning: string | null;
}

/**
 * Chooses the orientation to apply. Out-of-range values are treated as 1. A turning orientation (5–8) on
 * pixels whose landscape/portrait shape is already the opposite of what the camera recorded means some
 * tool rotated the pixels but kept the tag: applying it again would lay the runner on their side.
 */
export function decideOrientation(input: OrientationInput): OrientationDecision {
  const { recorded } = input;
  if (recorded === null) return { apply: 1, reported: null, warning: null };
  if (!Number.isInteger(recorded) || recorded < 1 || recorded > 8) {
    return {
      apply: 1,
      reported: null,
      warning: `EXIF orientation ${recorded} is not a valid value (1–8); used 1`,
    };
  }
  if (swapsAxes(recorded) && alreadyTurned(input)) {
    const warning =
      `EXIF orientation ${recorded} but the pixels are already turned ` +
      `(${input.storedWidth}x${input.storedHeight} stored, camera recorded ${input.recordedWidth}x${input.recordedHeight}); not rotated again`;
    return { apply: 1, reported: recorded, warning };
  }
  return { apply: recorded, reported: recorded, warning: null };
}

/** Shapes differ by more than a near-square tolerance, so a crop cannot explain the swap. */
function alreadyTurned(input: OrientationInput): boolean {
  const { storedWidth, storedHeight, recordedWidth, recordedHeight } = input;
  if (!recordedWidth || !recordedHeight || !storedWidth || !storedHeight) return false;
  const stored = Math.log(storedWidth / storedHeight);
  const camera = Math.log(recordedWidth / recordedHeight);
  const NEAR_SQUARE = Math.log(1.1);
  return (
    Math.abs(stored) > NEAR_SQUARE &&
    Math.abs(camera) > NEAR_SQUARE &&
    Math.sign(stored) !== Math.sign(camera)
  );
}

/** Displayed size of a stored raster under an orientation. */
export function displayedSize(
  width: number,
  height: number,
  orientation: number,
): { width: number; height: number } {
  return swapsAxes(orientation) ? { width: height, height: width } : { width, height };
}
