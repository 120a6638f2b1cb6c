/**
 * Our namespace (XMP-stridelight) as plain text fields and back. Maps become "name=value" bag items, the written
 * crop one "left top right bottom angle" string: plain XMP that any tool shows and that survives a round trip.
 */
import type { XmpCrop } from "./intent.ts";
import { OUR_SCHEMA_VERSION, type OurRecord } from "./snapshot.ts";

export interface OurFields {
  SchemaVersion: string;
  AnalysisHash: string;
  Scores: string[];
  Flags: string[];
  Bibs: string[];
  Models: string[];
  WrittenRating: number | null;
  WrittenLabel: string | null;
  WrittenCrop: string | null;
  WrittenKeywords: string[];
  WrittenHierarchical: string[];
}

const pairs = (record: Readonly<Record<string, string | number>>) =>
  Object.entries(record).map(([k, v]) => `${k}=${v}`);

function unpair(items: readonly string[]): Array<[string, string]> {
  return items.flatMap((item) => {
    const at = item.indexOf("=");
    return at > 0 ? [[item.slice(0, at), item.slice(at + 1)] as [string, string]] : [];
  });
}

const CROP_KEYS = ["CropLeft", "CropTop", "CropRight", "CropBottom", "CropAngle"] as const;

export function encodeCrop(crop: XmpCrop): string {
  return CROP_KEYS.map((k) => crop[k]).join(" ");
}

export function decodeCrop(text: string | null): XmpCrop | null {
  const parts = (text ?? "").trim().split(/\s+/).map(Number);
  if (parts.length !== 5 || parts.some((n) => !Number.isFinite(n))) return null;
  const [CropLeft, CropTop, CropRight, CropBottom, CropAngle] = parts as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { CropLeft, CropTop, CropRight, CropBottom, CropAngle };
}

export function encodeOurRecord(r: OurRecord): OurFields {
  return {
    SchemaVersion: r.schemaVersion,
    AnalysisHash: r.analysisHash,
    Scores: pairs(r.scores),
    Flags: [...r.flags],
    Bibs: [...r.bibs],
    Models: pairs(r.models),
    WrittenRating: r.written.rating,
    WrittenLabel: r.written.label,
    WrittenCrop: r.written.crop === null ? null : encodeCrop(r.written.crop),
    WrittenKeywords: [...r.written.keywords.flat],
    WrittenHierarchical: [...r.written.keywords.hierarchical],
  };
}

/** Null when there is no record of ours (no analysis hash): everything in the file is then someone else's. */
export function decodeOurRecord(f: Partial<OurFields>): OurRecord | null {
  if (f.AnalysisHash === undefined || f.AnalysisHash === "") return null;
  const scores = unpair(f.Scores ?? []).filter(([, v]) => Number.isFinite(Number(v)));
  return {
    schemaVersion: f.SchemaVersion ?? OUR_SCHEMA_VERSION,
    analysisHash: f.AnalysisHash,
    scores: Object.fromEntries(scores.map(([k, v]) => [k, Number(v)])),
    flags: [...(f.Flags ?? [])],
    bibs: [...(f.Bibs ?? [])],
    models: Object.fromEntries(unpair(f.Models ?? [])),
    written: {
      rating: f.WrittenRating ?? null,
      label: f.WrittenLabel ?? null,
      crop: decodeCrop(f.WrittenCrop ?? null),
      keywords: { flat: [...(f.WrittenKeywords ?? [])], hierarchical: [...(f.WrittenHierarchical ?? [])] },
    },
  };
}
