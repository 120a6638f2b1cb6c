/**
 * From exiftool's tags to the few facts a photographer culls by: when (to the millisecond, for bursts), with
 * which camera and lens, at what focal length and shutter speed. Pure: the exiftool adapter hands us its JSON.
 */
import { z } from "zod";
import type { Capture } from "./analysis.ts";

/** Binary tags that may hold a RAW's embedded JPEG, best kinds first when sizes tie. */
export const PREVIEW_TAGS = ["JpgFromRaw", "PreviewImage", "OtherImage", "ThumbnailImage"] as const;

export interface EmbeddedPreview {
  /** Group-qualified exiftool tag, e.g. "SubIFD2:JpgFromRaw". */
  readonly tag: string;
  readonly bytes: number;
}

/** The tags of one photo we use, as plain data. */
export interface PhotoTags {
  /** EXIF orientation as recorded (may be invalid: 0, 9 …), null when absent. */
  readonly orientation: number | null;
  /** Pixel size the camera recorded (ExifImageWidth/Height). */
  readonly exifWidth: number | null;
  readonly exifHeight: number | null;
  readonly make: string | null;
  readonly model: string | null;
  readonly lens: string | null;
  readonly focalLength: number | null;
  readonly exposureTime: number | null;
  readonly dateTimeOriginal: string | null;
  readonly subSecTimeOriginal: string | null;
  readonly offsetTimeOriginal: string | null;
  readonly previews: readonly EmbeddedPreview[];
}

/** What exiftool -json -n -G1 prints: keys "Group:Tag", values strings, numbers or lists. */
export const ExiftoolJson = z.record(z.string(), z.unknown());

const text = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : v),
  z.string().transform((s) => s.replace(/\0/g, "").trim()),
);
const num = z.preprocess((v) => (typeof v === "string" ? Number(v) : v), z.number().finite());

function tagValue(json: Record<string, unknown>, name: string, groups: readonly string[] = []): unknown {
  for (const group of groups) {
    const v = json[`${group}:${name}`];
    if (v !== undefined) return v;
  }
  const key = Object.keys(json).find((k) => k === name || k.endsWith(`:${name}`));
  return key === undefined ? undefined : json[key];
}

const textTag = (
  json: Record<string, unknown>,
  name: string,
  groups: readonly string[] = [],
): string | null => {
  const parsed = text.safeParse(tagValue(json, name, groups));
  return parsed.success && parsed.data !== "" ? parsed.data : null;
};
const numTag = (
  json: Record<string, unknown>,
  name: string,
  groups: readonly string[] = [],
): number | null => {
  const v = tagValue(json, name, groups);
  const parsed = v === undefined || v === "" ? null : num.safeParse(v);
  return parsed?.success ? parsed.data : null;
};

/** Maps exiftool's JSON (-n -G1) to PhotoTags; missing or malformed values become null. */
export function photoTagsFromExiftool(raw: unknown): PhotoTags {
  const parsed = ExiftoolJson.safeParse(raw);
  const json = parsed.success ? parsed.data : {};
  return {
    orientation: numTag(json, "Orientation", ["IFD0"]),
    exifWidth: numTag(json, "ExifImageWidth", ["ExifIFD"]),
    exifHeight: numTag(json, "ExifImageHeight", ["ExifIFD"]),
    make: textTag(json, "Make", ["IFD0"]),
    model: textTag(json, "Model", ["IFD0"]),
    lens: textTag(json, "LensModel") ?? textTag(json, "Lens") ?? textTag(json, "LensID"),
    focalLength: numTag(json, "FocalLength", ["ExifIFD"]),
    exposureTime: numTag(json, "ExposureTime", ["ExifIFD"]),
    dateTimeOriginal:
      textTag(json, "DateTimeOriginal", ["ExifIFD"]) ?? textTag(json, "CreateDate", ["ExifIFD"]),
    subSecTimeOriginal: textTag(json, "SubSecTimeOriginal") ?? textTag(json, "SubSecTimeDigitized"),
    offsetTimeOriginal: textTag(json, "OffsetTimeOriginal") ?? textTag(json, "OffsetTimeDigitized"),
    previews: embeddedPreviews(json),
  };
}

const BINARY = /^\(Binary data (\d+) bytes/;

/** Every embedded image exiftool found, largest first. */
export function embeddedPreviews(json: Record<string, unknown>): EmbeddedPreview[] {
  const found: EmbeddedPreview[] = [];
  for (const [key, value] of Object.entries(json)) {
    const name = key.slice(key.lastIndexOf(":") + 1);
    const bytes = typeof value === "string" ? BINARY.exec(value)?.[1] : undefined;
    if ((PREVIEW_TAGS as readonly string[]).includes(name) && bytes !== undefined) {
      found.push({ tag: key, bytes: Number(bytes) });
    }
  }
  const rank = (p: EmbeddedPreview): number => PREVIEW_TAGS.findIndex((t) => p.tag.endsWith(t));
  return found.sort((a, b) => b.bytes - a.bytes || rank(a) - rank(b));
}

/** The Capture block of the analysis record. */
export function captureFromTags(tags: PhotoTags): Capture {
  const time = captureTime(tags.dateTimeOriginal, tags.subSecTimeOriginal, tags.offsetTimeOriginal);
  return {
    time: time?.iso ?? null,
    epochMs: time?.epochMs ?? null,
    camera: cameraName(tags.make, tags.model),
    lens: lensName(tags.lens),
    focalLength: tags.focalLength !== null && tags.focalLength > 0 ? tags.focalLength : null,
    exposureTime: tags.exposureTime !== null && tags.exposureTime > 0 ? tags.exposureTime : null,
  };
}

const EXIF_TIME = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?/;
const OFFSET = /^(Z)$|^([+-])(\d{2}):?(\d{2})$/;

/**
 * "2023:12:31 09:50:54" + sub-seconds "05" (= 0.05 s, the digits are a decimal fraction) + offset "+08:00".
 * Without an offset the camera's wall clock is kept as written and counted as UTC for epochMs: bursts keep
 * their spacing, which is what the time is for.
 */
export function captureTime(
  dateTime: string | null,
  subSec: string | null,
  offset: string | null,
): { iso: string; epochMs: number } | null {
  const m = dateTime === null ? null : EXIF_TIME.exec(dateTime);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (y < 1900 || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return null;
  const ms = subSecondMs(subSec ?? m[7] ?? null);
  const zone = parseOffset(offset ?? m[8] ?? null);
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${String(ms).padStart(3, "0")}${zone?.text ?? ""}`;
  return { iso, epochMs: wall + ms - (zone?.minutes ?? 0) * 60_000 };
}

function subSecondMs(subSec: string | null): number {
  const digits = subSec?.match(/^\s*(\d+)/)?.[1];
  if (!digits) return 0;
  return Math.min(999, Math.floor(Number(`0.${digits}`) * 1000 + 1e-6));
}

function parseOffset(offset: string | null): { text: string; minutes: number } | null {
  const m = offset === null ? null : OFFSET.exec(offset.trim());
  if (!m) return null;
  if (m[1] === "Z") return { text: "Z", minutes: 0 };
  const minutes = (Number(m[3]) * 60 + Number(m[4])) * (m[2] === "-" ? -1 : 1);
  return { text: `${m[2]}${m[3]}:${m[4]}`, minutes };
}

/** Makers that write their name in capitals or with a company suffix, as photographers say them. */
const MAKER_NAMES: Record<string, string> = {
  nikon: "Nikon",
  sony: "Sony",
  canon: "Canon",
  olympus: "Olympus",
  pentax: "Pentax",
  ricoh: "Ricoh",
  fujifilm: "Fujifilm",
  panasonic: "Panasonic",
  samsung: "Samsung",
  leica: "Leica",
  hasselblad: "Hasselblad",
  "om digital solutions": "OM System",
  "eastman kodak": "Kodak",
  kodak: "Kodak",
  minolta: "Minolta",
  "konica minolta": "Konica Minolta",
  sigma: "Sigma",
};
const COMPANY_SUFFIX =
  /[\s,]+(corporation|corp\.?|co\.?,?\s*ltd\.?|imaging corp\.?|imaging company,?\s*ltd\.?|optical co\.?,?\s*ltd\.?|camera ag|inc\.?)$/i;

/** "NIKON CORPORATION" + "NIKON Z 9" -> "Nikon Z 9"; "Canon" + "Canon EOS R3" -> "Canon EOS R3". */
export function cameraName(make: string | null, model: string | null): string | null {
  const tidyModel = tidy(model);
  let maker = tidy(make)?.replace(COMPANY_SUFFIX, "").trim() ?? null;
  if (maker) maker = MAKER_NAMES[maker.toLowerCase()] ?? maker;
  if (!tidyModel) return maker;
  if (!maker) return tidyModel;
  const firstWord = maker.split(" ")[0] ?? maker;
  const rest = tidyModel.toLowerCase().startsWith(firstWord.toLowerCase())
    ? tidyModel.slice(firstWord.length).trim()
    : tidyModel;
  return rest ? `${maker} ${rest}` : maker;
}

/** Drops placeholder lens names cameras write when no lens reported itself. */
export function lensName(lens: string | null): string | null {
  const name = tidy(lens);
  if (!name || /^[-\s0.]*$/.test(name) || /^unknown/i.test(name)) return null;
  return name;
}

function tidy(value: string | null): string | null {
  const t = value?.replace(/\0/g, "").replace(/\s+/g, " ").trim();
  return t ? t : null;
}
