/**
 * Builds the odd and broken photo files the decoder tests need, at test time, in a temp folder: EXIF written
 * byte by byte (so invalid orientations and stale pixel sizes are possible), a DNG with embedded JPEG
 * previews, a decompression-bomb header, truncated and damaged files.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "stridelight-photos-"));
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function put(dir: string, name: string, data: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

// ---------------------------------------------------------------- pixels

export type Rgb = readonly [number, number, number];
/** Quadrant colours of the asymmetric test pattern, in the DISPLAYED frame. */
export const QUADRANTS = {
  topLeft: [230, 20, 20],
  topRight: [20, 200, 20],
  bottomLeft: [20, 20, 230],
  bottomRight: [240, 230, 20],
} as const satisfies Record<string, Rgb>;

export interface Raster {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/** A displayed frame of four coloured quadrants: every mirror or turn moves a colour somewhere else. */
export function quadrantPattern(width: number, height: number): Raster {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const top = y < height / 2;
      const left = x < width / 2;
      const c = top
        ? left
          ? QUADRANTS.topLeft
          : QUADRANTS.topRight
        : left
          ? QUADRANTS.bottomLeft
          : QUADRANTS.bottomRight;
      data.set(c, (y * width + x) * 3);
    }
  }
  return { data, width, height };
}

/**
 * The stored pixels a camera writes for a displayed frame under an EXIF orientation, straight from the
 * EXIF definition ("the 0th row is the visual right-hand side, the 0th column the visual top" for 6, …).
 */
export function storedForOrientation(displayed: Raster, orientation: number): Raster {
  const { width: dw, height: dh } = displayed;
  const turned = orientation >= 5;
  const sw = turned ? dh : dw;
  const sh = turned ? dw : dh;
  const data = Buffer.alloc(sw * sh * 3);
  for (let r = 0; r < sh; r++) {
    for (let c = 0; c < sw; c++) {
      const [x, y] = displayedPosition(orientation, r, c, dw, dh);
      displayed.data.copy(data, (r * sw + c) * 3, (y * dw + x) * 3, (y * dw + x) * 3 + 3);
    }
  }
  return { data, width: sw, height: sh };
}

/** Where stored row r, column c lands in the displayed frame (dw x dh). */
function displayedPosition(
  orientation: number,
  r: number,
  c: number,
  dw: number,
  dh: number,
): [number, number] {
  switch (orientation) {
    case 2:
      return [dw - 1 - c, r];
    case 3:
      return [dw - 1 - c, dh - 1 - r];
    case 4:
      return [c, dh - 1 - r];
    case 5:
      return [r, c];
    case 6:
      return [dw - 1 - r, c];
    case 7:
      return [dw - 1 - r, dh - 1 - c];
    case 8:
      return [r, dh - 1 - c];
    default:
      return [c, r];
  }
}

/** Mean colour of a small window centred at (fx, fy), fractions of the raster's size. */
export function colourAt(
  image: { data: Uint8Array; width: number; height: number },
  fx: number,
  fy: number,
): Rgb {
  const cx = Math.floor(fx * image.width);
  const cy = Math.floor(fy * image.height);
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = cy - 2; y <= cy + 2; y++) {
    for (let x = cx - 2; x <= cx + 2; x++) {
      const at = (y * image.width + x) * 3;
      for (let k = 0; k < 3; k++) sum[k]! += image.data[at + k]!;
      n++;
    }
  }
  return [Math.round(sum[0]! / n), Math.round(sum[1]! / n), Math.round(sum[2]! / n)];
}

export const near = (a: Rgb, b: Rgb, tolerance = 30): boolean =>
  a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

// ---------------------------------------------------------------- TIFF / EXIF writer

type TiffType = "byte" | "ascii" | "short" | "long" | "rational" | "undefined";
const TYPE_CODE: Record<TiffType, number> = {
  byte: 1,
  ascii: 2,
  short: 3,
  long: 4,
  rational: 5,
  undefined: 7,
};
const TYPE_SIZE: Record<TiffType, number> = {
  byte: 1,
  ascii: 1,
  short: 2,
  long: 4,
  rational: 8,
  undefined: 1,
};

export interface TiffEntry {
  readonly tag: number;
  readonly type: TiffType;
  /** Numbers (rational as [num, den] pairs flattened), a string (ASCII) or raw bytes. */
  readonly value: readonly number[] | string | Uint8Array;
}

export interface TiffIfd {
  readonly entries: readonly TiffEntry[];
  /** One strip of image data: StripOffsets/StripByteCounts are added for it. */
  readonly strip?: Uint8Array;
  readonly subIfds?: readonly TiffIfd[];
  readonly exif?: TiffIfd;
}

const TAG_STRIP_OFFSETS = 0x111;
const TAG_STRIP_BYTES = 0x117;
const TAG_SUB_IFDS = 0x14a;
const TAG_EXIF_IFD = 0x8769;

function entryBytes(entry: TiffEntry): Buffer {
  const { type, value } = entry;
  if (typeof value === "string") return Buffer.from(`${value}\0`, "latin1");
  if (value instanceof Uint8Array) return Buffer.from(value);
  const out = Buffer.alloc(value.length * (type === "rational" ? 4 : TYPE_SIZE[type]));
  value.forEach((v, i) => {
    if (type === "byte" || type === "undefined") out.writeUInt8(v, i);
    else if (type === "short") out.writeUInt16LE(v, i * 2);
    else out.writeUInt32LE(v, i * 4);
  });
  return out;
}

const count = (entry: TiffEntry, bytes: Buffer): number =>
  entry.type === "rational" ? bytes.length / 8 : bytes.length / TYPE_SIZE[entry.type];

const align = (n: number): number => n + (n % 2);

/** Lays out one IFD at `offset` followed by its values, strip and child IFDs. */
function layoutIfd(ifd: TiffIfd, offset: number): Buffer {
  const children = [...(ifd.subIfds ?? []), ...(ifd.exif ? [ifd.exif] : [])];
  const placeholders: TiffEntry[] = [];
  if (ifd.strip) {
    placeholders.push({ tag: TAG_STRIP_OFFSETS, type: "long", value: [0] });
    placeholders.push({ tag: TAG_STRIP_BYTES, type: "long", value: [ifd.strip.length] });
  }
  if (ifd.subIfds?.length)
    placeholders.push({ tag: TAG_SUB_IFDS, type: "long", value: ifd.subIfds.map(() => 0) });
  if (ifd.exif) placeholders.push({ tag: TAG_EXIF_IFD, type: "long", value: [0] });
  const entries = [...ifd.entries, ...placeholders].sort((a, b) => a.tag - b.tag);
  const values = entries.map(entryBytes);
  const tableSize = 2 + entries.length * 12 + 4;
  const overflow = values.reduce((sum, v) => sum + (v.length > 4 ? align(v.length) : 0), 0);
  const stripAt = offset + tableSize + overflow;
  let childAt = align(stripAt + (ifd.strip?.length ?? 0));
  const childBuffers: Buffer[] = [];
  const childOffsets: number[] = [];
  for (const child of children) {
    childOffsets.push(childAt);
    const buf = layoutIfd(child, childAt);
    childBuffers.push(buf);
    childAt = align(childAt + buf.length);
  }
  const filled = entries.map((e, i) => {
    if (!placeholders.includes(e)) return values[i]!;
    if (e.tag === TAG_STRIP_OFFSETS) return Buffer.from(new Uint32Array([stripAt]).buffer);
    if (e.tag === TAG_SUB_IFDS)
      return Buffer.from(new Uint32Array(childOffsets.slice(0, ifd.subIfds!.length)).buffer);
    if (e.tag === TAG_EXIF_IFD) return Buffer.from(new Uint32Array([childOffsets.at(-1)!]).buffer);
    return values[i]!;
  });
  const own = Buffer.alloc(childAt - offset);
  own.writeUInt16LE(entries.length, 0);
  let valueAt = offset + tableSize;
  entries.forEach((e, i) => {
    const v = filled[i]!;
    const at = 2 + i * 12;
    own.writeUInt16LE(e.tag, at);
    own.writeUInt16LE(TYPE_CODE[e.type], at + 2);
    own.writeUInt32LE(count(e, v), at + 4);
    if (v.length <= 4) v.copy(own, at + 8);
    else {
      own.writeUInt32LE(valueAt, at + 8);
      v.copy(own, valueAt - offset);
      valueAt += align(v.length);
    }
  });
  if (ifd.strip) Buffer.from(ifd.strip).copy(own, stripAt - offset);
  childBuffers.forEach((buf, i) => buf.copy(own, childOffsets[i]! - offset));
  return own;
}

/** A little-endian TIFF file (or the TIFF body of an EXIF block) with IFD0 at offset 8. */
export function tiffFile(ifd0: TiffIfd): Buffer {
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  return Buffer.concat([header, layoutIfd(ifd0, 8)]);
}

// ---------------------------------------------------------------- EXIF in JPEG

export interface ExifFields {
  readonly orientation?: number;
  readonly make?: string;
  readonly model?: string;
  readonly exifWidth?: number;
  readonly exifHeight?: number;
  readonly dateTimeOriginal?: string;
  readonly subSecTimeOriginal?: string;
  readonly offsetTimeOriginal?: string;
  /** [numerator, denominator] */
  readonly exposureTime?: readonly [number, number];
  readonly focalLength?: readonly [number, number];
  readonly lensModel?: string;
}

export function ifd0Entries(fields: ExifFields): TiffEntry[] {
  const entries: TiffEntry[] = [];
  if (fields.make !== undefined) entries.push({ tag: 0x10f, type: "ascii", value: fields.make });
  if (fields.model !== undefined) entries.push({ tag: 0x110, type: "ascii", value: fields.model });
  if (fields.orientation !== undefined)
    entries.push({ tag: 0x112, type: "short", value: [fields.orientation] });
  return entries;
}

export function exifIfd(fields: ExifFields): TiffIfd {
  const e: TiffEntry[] = [];
  if (fields.exposureTime) e.push({ tag: 0x829a, type: "rational", value: [...fields.exposureTime] });
  if (fields.dateTimeOriginal) e.push({ tag: 0x9003, type: "ascii", value: fields.dateTimeOriginal });
  if (fields.offsetTimeOriginal) e.push({ tag: 0x9011, type: "ascii", value: fields.offsetTimeOriginal });
  if (fields.focalLength) e.push({ tag: 0x920a, type: "rational", value: [...fields.focalLength] });
  if (fields.subSecTimeOriginal) e.push({ tag: 0x9291, type: "ascii", value: fields.subSecTimeOriginal });
  if (fields.exifWidth) e.push({ tag: 0xa002, type: "long", value: [fields.exifWidth] });
  if (fields.exifHeight) e.push({ tag: 0xa003, type: "long", value: [fields.exifHeight] });
  if (fields.lensModel) e.push({ tag: 0xa434, type: "ascii", value: fields.lensModel });
  return { entries: e };
}

/** An APP1 "Exif" segment with IFD0 and the Exif IFD. */
export function exifSegment(fields: ExifFields): Buffer {
  const body = Buffer.concat([
    Buffer.from("Exif\0\0", "latin1"),
    tiffFile({ entries: ifd0Entries(fields), exif: exifIfd(fields) }),
  ]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(body.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), length, body]);
}

/** A JPEG of these pixels with exactly the EXIF we say (sharp writes none by default). */
export async function jpegWithExif(raster: Raster, fields: ExifFields, quality = 92): Promise<Buffer> {
  const plain = await sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 3 } })
    .jpeg({ quality, chromaSubsampling: "4:4:4" })
    .toBuffer();
  return Buffer.concat([plain.subarray(0, 2), exifSegment(fields), plain.subarray(2)]);
}

// ---------------------------------------------------------------- DNG

export interface DngParts {
  /** Small JPEG in IFD0 (the reduced-resolution main IFD of many DNGs). */
  readonly smallPreview: Raster;
  /** Larger JPEG in a SubIFD after the raw data. */
  readonly largePreview: Raster;
  readonly fields: ExifFields;
}

async function jpeg(raster: Raster): Promise<Buffer> {
  return sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

function jpegPreviewIfd(raster: Raster, strip: Buffer, extra: TiffEntry[] = []): TiffIfd {
  return {
    entries: [
      { tag: 0xfe, type: "long", value: [1] },
      { tag: 0x100, type: "long", value: [raster.width] },
      { tag: 0x101, type: "long", value: [raster.height] },
      { tag: 0x102, type: "short", value: [8, 8, 8] },
      { tag: 0x103, type: "short", value: [7] },
      { tag: 0x106, type: "short", value: [6] },
      { tag: 0x115, type: "short", value: [3] },
      { tag: 0x116, type: "long", value: [raster.height] },
      ...extra,
    ],
    strip,
  };
}

/** A tiny CFA "sensor" IFD: enough for readers to see a RAW, no real sensor data needed. */
export function sensorIfd(width: number, height: number): TiffIfd {
  return {
    entries: [
      { tag: 0xfe, type: "long", value: [0] },
      { tag: 0x100, type: "long", value: [width] },
      { tag: 0x101, type: "long", value: [height] },
      { tag: 0x102, type: "short", value: [8] },
      { tag: 0x103, type: "short", value: [1] },
      { tag: 0x106, type: "short", value: [32803] },
      { tag: 0x115, type: "short", value: [1] },
      { tag: 0x116, type: "long", value: [height] },
      { tag: 0x828d, type: "short", value: [2, 2] },
      { tag: 0x828e, type: "byte", value: [0, 1, 1, 2] },
    ],
    strip: Buffer.alloc(width * height, 128),
  };
}

/** IFD0 tags that make a TIFF a DNG, plus the camera's. */
export function dngIfd0Entries(fields: ExifFields): TiffEntry[] {
  return [
    ...ifd0Entries(fields),
    { tag: 0xc612, type: "byte", value: [1, 4, 0, 0] },
    {
      tag: 0xc614,
      type: "ascii",
      value: `${fields.make ?? ""} ${fields.model ?? ""}`.trim() || "Test camera",
    },
  ];
}

/** A DNG whose IFD0 is the sensor data itself: no embedded preview at all. */
export function dngWithoutPreview(fields: ExifFields): Buffer {
  const sensor = sensorIfd(16, 16);
  return tiffFile({
    ...sensor,
    entries: [...sensor.entries, ...dngIfd0Entries(fields)],
    exif: exifIfd(fields),
  });
}

/**
 * A DNG built the way converters lay them out: IFD0 = small JPEG preview with the DNG and camera tags,
 * SubIFD = sensor data, SubIFD1 = the large JPEG preview.
 */
export async function makeDng(parts: DngParts): Promise<Buffer> {
  const dngTags = dngIfd0Entries(parts.fields);
  const ifd0 = jpegPreviewIfd(parts.smallPreview, await jpeg(parts.smallPreview), dngTags);
  return tiffFile({
    ...ifd0,
    subIfds: [sensorIfd(16, 16), jpegPreviewIfd(parts.largePreview, await jpeg(parts.largePreview))],
    exif: exifIfd(parts.fields),
  });
}

// ---------------------------------------------------------------- broken files

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A valid small PNG whose header then claims width x height: a decompression bomb as seen from the header. */
export async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#808080" } })
    .png()
    .toBuffer();
  const out = Buffer.from(png);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

/** The first `fraction` of a file, as a copy cut short would leave it. */
export const truncated = (data: Buffer, fraction: number): Buffer =>
  data.subarray(0, Math.floor(data.length * fraction));

/** A JPEG whose entropy-coded data is overwritten with noise past its headers. */
export function damagedJpeg(data: Buffer): Buffer {
  const out = Buffer.from(data);
  const sos = out.indexOf(Buffer.from([0xff, 0xda]));
  for (let i = sos + 2; i < out.length - 2; i++) out[i] = (i * 7919) % 251 === 0xff ? 0xfe : (i * 7919) % 251;
  // Corrupt the scan header's component count too so the decoder cannot limp through.
  out[sos + 4] = 9;
  return out;
}

/** The `ftyp` box of an HEIC from a phone; enough to be recognised as HEIC. */
export function heicHeader(): Buffer {
  const box = Buffer.alloc(24);
  box.writeUInt32BE(24, 0);
  box.write("ftypheic", 4, "latin1");
  box.writeUInt32BE(0, 12);
  box.write("mif1heic", 16, "latin1");
  return Buffer.concat([box, Buffer.alloc(64)]);
}
