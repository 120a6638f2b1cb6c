/**
 * The one door to sharp for photos: turns any file a photographer has (JPEG, PNG, TIFF, WebP, AVIF, HEIC,
 * camera RAW through its largest embedded preview) into the working raster the models read: RGB uint8 HWC,
 * displayed orientation, long side at most maxSide, shrunk on load. Problems come back as PhotoError values.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import sharp from "sharp";
import { z } from "zod";
import { captureFromTags, type PhotoTags } from "../domain/capture.ts";
import {
  SNIFF_BYTES,
  decideOrientation,
  displayedSize,
  formatOfExtension,
  looksTruncated,
  orientationTransform,
  sniffFormat,
  type Sniffed,
} from "../domain/formats.ts";
import { nameMayBeUndecodable, UNDECODABLE_NAME } from "../domain/file-name.ts";
import { PhotoError, type DecodedPhoto, type Result, type RgbImage } from "../domain/ports.ts";
import type { ExifToolAdapter } from "./exiftool.ts";

/** Decompression-bomb guard: a 250 MP frame is larger than any camera's; refuse bigger before decoding. */
export const DEFAULT_MAX_PIXELS = 250_000_000;
/** A preview smaller than this on its long side (a 160x120 thumbnail) is no basis for culling. */
export const MIN_PREVIEW_SIDE = 320;

/** The largest maxSide a decode may ask: in practice the full resolution of any camera. */
export const FULL_RESOLUTION = 16384;

/** The numeric limits of DecodeOptions, checked at the call. */
export const DecodeLimits = z.object({
  maxSide: z.number().int().min(16).max(FULL_RESOLUTION),
  maxPixels: z.number().int().positive().default(DEFAULT_MAX_PIXELS),
});
export interface DecodeOptions {
  readonly maxSide: number;
  readonly maxPixels?: number;
  readonly exiftool: ExifToolAdapter;
}

/** True when this build of sharp can decode HEIC (its libheif has an HEVC decoder). */
export function heicSupported(): boolean {
  return sharp.format.heif.input.fileSuffix?.includes(".heic") ?? false;
}

type Fail = { ok: false; error: PhotoError };
const fail = (code: PhotoError["code"], file: string, message: string): Fail => ({
  ok: false,
  error: new PhotoError(code, file, message),
});

export async function decodePhoto(file: string, options: DecodeOptions): Promise<Result<DecodedPhoto>> {
  const { maxSide, maxPixels } = DecodeLimits.parse({
    maxSide: options.maxSide,
    maxPixels: options.maxPixels,
  });
  const bytes = await readPhotoFile(file);
  if (!bytes.ok) return bytes;
  const identified = identify(file, bytes.value);
  if (!identified.ok) return identified;
  const { sniffed, warnings } = identified.value;
  // exiftool (a separate process) reads tags while sharp reads the header.
  const [tags, rasterHeader] = await Promise.all([
    options.exiftool.readTags(file, { raw: sniffed.kind === "raw" }),
    sniffed.kind === "raw" ? null : rasterPixels(file, bytes.value, sniffed.format, maxPixels),
  ]);
  if (!tags.ok && sniffed.kind === "raw") return tags;
  if (!tags.ok) warnings.push(`metadata unreadable: ${tags.error.message.slice(file.length + 2)}`);
  const photoTags = tags.ok ? tags.value : null;
  const pixels = rasterHeader ?? (await previewPixels(file, photoTags, options.exiftool, maxPixels, maxSide));
  if (!pixels.ok) return pixels;
  return finish(file, bytes.value, sniffed, photoTags, pixels.value, { maxSide, maxPixels, warnings });
}

async function readPhotoFile(file: string): Promise<Result<Buffer>> {
  try {
    const data = await readFile(file);
    if (data.length === 0) return fail("empty-file", file, "the file is empty (0 bytes)");
    return { ok: true, value: data };
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && nameMayBeUndecodable(file)) return fail("unreadable", file, UNDECODABLE_NAME);
    if (code === "ENOENT") return fail("not-found", file, "no such file");
    if (code === "EISDIR") return fail("unreadable", file, "this is a folder, not a photo file");
    if (code === "EACCES" || code === "EPERM")
      return fail("unreadable", file, "permission denied when reading the file");
    return fail("unreadable", file, `the file could not be read (${code ?? String(caught)})`);
  }
}

interface Identified {
  sniffed: Exclude<Sniffed, { kind: "foreign" } | { kind: "unknown" }>;
  warnings: string[];
}

/** Format from the bytes; the name is only checked against it. */
function identify(file: string, data: Buffer): Result<Identified> {
  const extension = extname(file);
  const sniffed = sniffFormat(data.subarray(0, SNIFF_BYTES), extension);
  if (sniffed.kind === "unknown") {
    return fail(
      "not-an-image",
      file,
      "the contents are not a photo in any format we know (wrong file type?)",
    );
  }
  if (sniffed.kind === "foreign") {
    return fail("unsupported-format", file, `${sniffed.format.toUpperCase()} images are not supported`);
  }
  if (sniffed.format === "heic" && !heicSupported()) {
    const message = `HEIC needs an HEVC decoder, which this build of sharp (libvips ${sharp.versions.vips}) lacks; export the photo as JPEG`;
    return fail("unsupported-format", file, message);
  }
  const claimed = formatOfExtension(extension);
  const warnings: string[] = [];
  if (claimed !== null && claimed !== sniffed.format) {
    warnings.push(
      `the file name says ${claimed.toUpperCase()} but the contents are ${sniffed.format.toUpperCase()}`,
    );
  }
  return { ok: true, value: { sniffed, warnings } };
}

/** The bytes sharp will decode, with their header facts. */
interface PixelSource {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly preview: string | null;
  readonly warnings: readonly string[];
}

async function rasterPixels(
  file: string,
  data: Buffer,
  format: string,
  maxPixels: number,
): Promise<Result<PixelSource>> {
  const header = await readHeader(file, data, format, maxPixels);
  if (!header.ok) return header;
  return { ok: true, value: { data, ...header.value, preview: null, warnings: [] } };
}

/** Header only (no pixel decode): size, checked against the bomb limit before anything is decoded. */
async function readHeader(
  file: string,
  data: Buffer,
  format: string,
  maxPixels: number,
): Promise<Result<{ width: number; height: number }>> {
  try {
    const meta = await sharp(data, { limitInputPixels: false }).metadata();
    if (!meta.width || !meta.height) return fail("corrupt", file, "the image header declares no size");
    if (meta.width * meta.height > maxPixels) {
      const message = `declares ${meta.width}x${meta.height} (${megapixels(meta.width * meta.height)}), above the ${megapixels(maxPixels)} limit; refused before decoding`;
      return fail("too-large", file, message);
    }
    return { ok: true, value: { width: meta.width, height: meta.height } };
  } catch (caught) {
    return decodeFailure(file, data, format, caught);
  }
}

const megapixels = (pixels: number): string => `${(pixels / 1e6).toFixed(pixels < 1e7 ? 1 : 0)} MP`;

/**
 * RAW: the smallest embedded preview that still fills the working size (a 1620 px PreviewImage rather than the
 * 6000 px JpgFromRaw: a fifth of the bytes through exiftool's pipe and no full-size JPEG decode), else the largest
 * that decodes and is big enough to cull from. Previews are tried smallest first, so the ones passed over are the
 * cheap ones.
 */
async function previewPixels(
  file: string,
  tags: PhotoTags | null,
  exiftool: ExifToolAdapter,
  maxPixels: number,
  maxSide: number,
): Promise<Result<PixelSource>> {
  const skipped: { bytes: number; why: string }[] = [];
  let best: (PixelSource & { bytes: number }) | null = null;
  for (const candidate of [...(tags?.previews ?? [])].reverse()) {
    const extracted = await exiftool.extractPreview(file, candidate.tag);
    if (!extracted.ok) {
      skipped.push({ bytes: candidate.bytes, why: `${candidate.tag}: ${extracted.error.message}` });
      continue;
    }
    const sniffed = sniffFormat(extracted.value.subarray(0, SNIFF_BYTES), "");
    const format = sniffed.kind === "raster" ? sniffed.format : "unknown";
    const header = await readHeader(file, extracted.value, format, maxPixels);
    if (!header.ok && header.error.code === "too-large") return header;
    const side = header.ok ? Math.max(header.value.width, header.value.height) : 0;
    if (header.ok && side >= MIN_PREVIEW_SIDE) {
      if (!best || side > Math.max(best.width, best.height))
        best = {
          data: extracted.value,
          ...header.value,
          preview: candidate.tag,
          warnings: [],
          bytes: candidate.bytes,
        };
      if (side >= maxSide) break;
      continue;
    }
    skipped.push({
      bytes: candidate.bytes,
      why: header.ok
        ? `${candidate.tag}: only ${header.value.width}x${header.value.height}`
        : `${candidate.tag}: does not decode`,
    });
  }
  if (best) {
    // Only a larger preview that failed is worth a warning: the smaller ones were never going to be used.
    const failedLarger = skipped.filter((s) => s.bytes > best.bytes);
    const source: PixelSource = {
      data: best.data,
      width: best.width,
      height: best.height,
      preview: best.preview,
      warnings: failedLarger.map((s) => `embedded preview skipped: ${s.why}`),
    };
    return { ok: true, value: source };
  }
  const why = skipped.length > 0 ? ` (${skipped.map((s) => s.why).join("; ")})` : "";
  return fail("no-preview", file, `this RAW file has no usable embedded preview to analyze${why}`);
}

interface FinishOptions {
  readonly maxSide: number;
  readonly maxPixels: number;
  readonly warnings: string[];
}

async function finish(
  file: string,
  bytes: Buffer,
  sniffed: Identified["sniffed"],
  tags: PhotoTags | null,
  pixels: PixelSource,
  options: FinishOptions,
): Promise<Result<DecodedPhoto>> {
  const selfOriented = sniffed.format === "avif" || sniffed.format === "heic";
  const orientation = decideOrientation({
    recorded: selfOriented ? null : (tags?.orientation ?? null),
    storedWidth: pixels.width,
    storedHeight: pixels.height,
    recordedWidth: tags?.exifWidth ?? null,
    recordedHeight: tags?.exifHeight ?? null,
  });
  const rendered = await renderWorking(file, pixels.data, orientation.apply, options, sniffed.format);
  if (!rendered.ok) return rendered;
  const warnings = [
    ...options.warnings,
    ...pixels.warnings,
    ...(orientation.warning ? [orientation.warning] : []),
  ];
  return {
    ok: true,
    value: {
      file,
      ...displayedSize(pixels.width, pixels.height, orientation.apply),
      image: rendered.value,
      source: {
        format: sniffed.format,
        raw: sniffed.kind === "raw",
        preview: pixels.preview,
        orientation: orientation.reported,
        bytes: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
      },
      capture: captureFromTags(tags ?? EMPTY_TAGS),
      warnings,
    },
  };
}

/**
 * Resize first, then mirror/turn: sharp only shrinks on load (JPEG DCT scaling, WebP scaling) when the turn
 * comes after the resize, and with a square bounding box the result is the same.
 */
async function renderWorking(
  file: string,
  data: Buffer,
  orientation: number,
  options: FinishOptions,
  format: string,
): Promise<Result<RgbImage>> {
  const { flop, rotate } = orientationTransform(orientation);
  try {
    const { data: raster, info } = await sharp(data, {
      failOn: "truncated",
      limitInputPixels: options.maxPixels,
    })
      .resize({ width: options.maxSide, height: options.maxSide, fit: "inside", withoutEnlargement: true })
      .flop(flop)
      .rotate(rotate)
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace("srgb")
      .removeAlpha()
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3)
      return fail("corrupt", file, `decoded to ${info.channels} channels instead of RGB`);
    return {
      ok: true,
      value: {
        data: new Uint8Array(raster.buffer, raster.byteOffset, raster.length),
        width: info.width,
        height: info.height,
      },
    };
  } catch (caught) {
    return decodeFailure(file, data, format, caught);
  }
}

/** Sharp's message, sorted into the words a photographer can act on. */
function decodeFailure(file: string, data: Buffer, format: string, caught: unknown): Fail {
  const message = caught instanceof Error ? caught.message : String(caught);
  const detail = message.split("\n")[0]?.slice(0, 160) ?? "";
  if (/pixel limit/i.test(message))
    return fail("too-large", file, `the image is larger than the pixel limit (${detail})`);
  if (/compression format.*not (built|supported)|no decoder|unsupported codec/i.test(message)) {
    return fail(
      "unsupported-format",
      file,
      `sharp has no decoder for this ${format.toUpperCase()} variant (${detail})`,
    );
  }
  const ended =
    /premature end|truncated|unexpected end|end of (file|data|stream)|short read|not enough data/i.test(
      message,
    );
  if (ended || looksTruncated(format, data.subarray(Math.max(0, data.length - 1024)))) {
    return fail(
      "truncated",
      file,
      `the file ends too early: it was cut off while copying or writing (${detail})`,
    );
  }
  return fail(
    "corrupt",
    file,
    `the ${format.toUpperCase()} data is damaged and cannot be decoded (${detail})`,
  );
}

const EMPTY_TAGS: PhotoTags = {
  orientation: null,
  exifWidth: null,
  exifHeight: null,
  make: null,
  model: null,
  lens: null,
  focalLength: null,
  exposureTime: null,
  dateTimeOriginal: null,
  subSecTimeOriginal: null,
  offsetTimeOriginal: null,
  previews: [],
};
