/**
 * exiftool tag names for the XMP fields Stridelight reads and writes, and the conversion between exiftool's JSON
 * (read with -G1 -n and numbers quoted) and the domain's snapshot / plan.
 */
import { z } from "zod";
import type { XmpCrop } from "../domain/xmp/intent.ts";
import { decodeOurRecord, encodeOurRecord, type OurFields } from "../domain/xmp/ours-codec.ts";
import type { XmpTagWrites } from "../domain/xmp/plan.ts";
import type { XmpSnapshot } from "../domain/xmp/snapshot.ts";

export const OUR_GROUP = "XMP-stridelight";
const CROP_FIELDS = ["CropLeft", "CropTop", "CropRight", "CropBottom", "CropAngle"] as const;
const OUR_LISTS = ["Scores", "Flags", "Bibs", "Models", "WrittenKeywords", "WrittenHierarchical"] as const;

const text = z.string();
/** exiftool gives a one-item list as a plain string. */
const list = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

/** The tags we read, as exiftool prints them with -api structformat=jsonq (every value a string). */
export const RawXmpTags = z
  .object({
    "XMP-xmp:Rating": text.optional(),
    "XMP-xmp:Label": text.optional(),
    "XMP-dc:Subject": list.optional(),
    "XMP-lr:HierarchicalSubject": list.optional(),
    "XMP-crs:HasCrop": text.optional(),
    ...Object.fromEntries(CROP_FIELDS.map((f) => [`XMP-crs:${f}`, text.optional()])),
    ...Object.fromEntries(OUR_LISTS.map((f) => [`${OUR_GROUP}:${f}`, list.optional()])),
  })
  .catchall(z.unknown());
export type RawXmpTags = z.infer<typeof RawXmpTags>;

const num = (v: unknown): number | null =>
  typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : null;
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function cropOf(tags: Record<string, unknown>): XmpCrop | null {
  const hasCrop = tags["XMP-crs:HasCrop"];
  if (typeof hasCrop !== "string" || hasCrop.toLowerCase() !== "true") return null;
  const values = CROP_FIELDS.map((f) => num(tags[`XMP-crs:${f}`]));
  const [CropLeft, CropTop, CropRight, CropBottom, angle] = values;
  if (CropLeft == null || CropTop == null || CropRight == null || CropBottom == null) return null;
  return { CropLeft, CropTop, CropRight, CropBottom, CropAngle: angle ?? 0 };
}

function ourFieldsOf(tags: Record<string, unknown>): Partial<OurFields> {
  const get = (f: keyof OurFields) => tags[`${OUR_GROUP}:${f}`];
  const fields: Partial<OurFields> = {};
  for (const f of OUR_LISTS) if (get(f) !== undefined) fields[f] = strings(get(f));
  const version = str(get("SchemaVersion"));
  const hash = str(get("AnalysisHash"));
  if (version !== null) fields.SchemaVersion = version;
  if (hash !== null) fields.AnalysisHash = hash;
  fields.WrittenRating = num(get("WrittenRating"));
  fields.WrittenLabel = str(get("WrittenLabel"));
  fields.WrittenCrop = str(get("WrittenCrop"));
  return fields;
}

/** exiftool's JSON for one file as the domain's snapshot. */
export function snapshotFromTags(raw: RawXmpTags): XmpSnapshot {
  const tags = raw as Record<string, unknown>;
  return {
    exists: Object.keys(tags).some((k) => k.startsWith("XMP-")),
    rating: num(tags["XMP-xmp:Rating"]),
    label: str(tags["XMP-xmp:Label"]),
    keywords: {
      flat: strings(tags["XMP-dc:Subject"]),
      hierarchical: strings(tags["XMP-lr:HierarchicalSubject"]),
    },
    crop: cropOf(tags),
    ours: decodeOurRecord(ourFieldsOf(tags)),
  };
}

type TagValue = string | number | string[] | null;

function ourTags(writes: XmpTagWrites): Record<string, TagValue> {
  if (writes.ours === undefined) return {};
  const fields = encodeOurRecord(writes.ours);
  const listOrNull = (xs: string[]) => (xs.length === 0 ? null : xs);
  const entries = Object.entries(fields) as Array<[string, TagValue]>;
  return Object.fromEntries(
    entries.map(([k, v]) => [`${OUR_GROUP}:${k}`, Array.isArray(v) ? listOrNull(v) : v]),
  );
}

/** The plan's field writes as exiftool tag assignments (null deletes a tag). */
export function tagsForWrite(writes: XmpTagWrites): Record<string, TagValue> {
  const tags: Record<string, TagValue> = {};
  if (writes.rating !== undefined) tags["XMP-xmp:Rating"] = writes.rating;
  if (writes.label !== undefined) tags["XMP-xmp:Label"] = writes.label;
  if (writes.crop !== undefined) {
    tags["XMP-crs:HasCrop"] = "True";
    for (const f of CROP_FIELDS) tags[`XMP-crs:${f}`] = writes.crop[f];
  }
  if (writes.keywords !== undefined) {
    const { flat, hierarchical } = writes.keywords;
    tags["XMP-dc:Subject"] = flat.length === 0 ? null : [...flat];
    tags["XMP-lr:HierarchicalSubject"] = hierarchical.length === 0 ? null : [...hierarchical];
  }
  return { ...tags, ...ourTags(writes) };
}
