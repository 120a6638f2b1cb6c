/** Shared pieces of the XMP integration tests: a real exiftool with our namespace, pixel and metadata probes. */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { ExifTool } from "exiftool-vendored";
import sharp from "sharp";
import type { XmpIntent } from "../../core/domain/xmp/intent.ts";
import { xmpExifToolArgs } from "../../core/adapters/xmp-store.ts";

export function startExifTool(): ExifTool {
  return new ExifTool({ exiftoolArgs: xmpExifToolArgs(), maxProcs: 1, taskTimeoutMillis: 20_000 });
}

export const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
export const fileHash = async (path: string) => sha256(await readFile(path));
export const mtime = async (path: string) => (await stat(path)).mtimeMs;

/** Decoded pixels (sharp), as a hash: metadata writes must leave it exactly as it was. */
export async function pixelHash(path: string): Promise<string> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  return `${info.width}x${info.height}x${info.channels}:${sha256(data)}`;
}

/** exiftool's own hash of the image data (JPEG scans, TIFF/DNG strips, CR3 media data). */
export async function imageDataHash(et: ExifTool, path: string): Promise<string> {
  const tags = await et.readRaw(path, { readArgs: ["-api", "ImageHashType=SHA256", "-ImageDataHash"] });
  const hash = (tags as Record<string, unknown>)["ImageDataHash"];
  if (typeof hash !== "string" || hash.length !== 64) throw new Error(`no ImageDataHash for ${path}`);
  return hash;
}

/** Every XMP tag of a file, values as exiftool prints them (numbers quoted, so "15.0" stays "15.0"). */
export async function allXmp(
  et: ExifTool,
  path: string,
  group = "XMP:all",
): Promise<Record<string, unknown>> {
  const raw = await et.readRaw(path, {
    readArgs: ["-G1", "-api", "structformat=jsonq", `-${group}`],
    useMWG: false,
  });
  return withoutBookkeeping(raw as Record<string, unknown>);
}

/** The non-XMP metadata (EXIF, IPTC, ICC, maker notes) that a write into XMP must not touch. */
export async function otherMetadata(et: ExifTool, path: string): Promise<Record<string, unknown>> {
  const raw = await et.readRaw(path, {
    readArgs: [
      "-G1",
      "-api",
      "structformat=jsonq",
      "-all",
      "--XMP:all",
      "--File:all",
      "--System:all",
      "--Composite:all",
    ],
    useMWG: false,
  });
  return withoutBookkeeping(raw as Record<string, unknown>);
}

function withoutBookkeeping(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).filter(([k]) => !["SourceFile", "errors", "warnings"].includes(k)),
  );
}

/** What Lightroom (the photographer) does to a file behind our back. */
export async function photographerWrites(
  et: ExifTool,
  path: string,
  tags: Record<string, unknown>,
): Promise<void> {
  await et.write(path, tags, { writeArgs: ["-overwrite_original"], useMWG: false });
}

/** Root ignores file modes; the immutable attribute stops even root. False where chattr is unavailable. */
export function setImmutable(path: string, on: boolean): boolean {
  try {
    execFileSync("chattr", [on ? "+i" : "-i", path], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function intentFor(bib: string, overrides: Partial<XmpIntent> = {}): XmpIntent {
  return {
    rating: 3,
    label: "Red",
    keywords: { flat: [bib], hierarchical: [`Stridelight|bib|${bib}`, "Stridelight|keeper"] },
    crop: { CropLeft: 0.1234567, CropTop: 0.05, CropRight: 0.8765432, CropBottom: 0.9, CropAngle: 0 },
    ours: {
      analysisHash: `sha256:${bib}`,
      scores: { keeper: 0.81234567, style: 0.4 },
      flags: ["eyes-closed"],
      bibs: [bib],
      models: { centernet: "1.0.0", movenet: "1.1.0" },
    },
    ...overrides,
  };
}
