import { diffForFeedback, type FeedbackEvent } from "./feedback.ts";
import type { XmpCrop, XmpIntent } from "./intent.ts";
import { mergeKeywords } from "./keywords.ts";
import { decideField, type FieldRule, type Skip } from "./ownership.ts";
import type { XmpPolicy } from "./policy.ts";
import { OUR_SCHEMA_VERSION, type Keywords, type OurRecord, type XmpSnapshot } from "./snapshot.ts";
import { roundCrop, roundScore, sameCrop } from "./values.ts";

/** The fields to change; an absent field is left exactly as it is. */
export interface XmpTagWrites {
  readonly rating?: number;
  readonly label?: string;
  /** Written with crs:HasCrop = True. */
  readonly crop?: XmpCrop;
  /** Full lists after the merge (everybody else's keywords kept). */
  readonly keywords?: Keywords;
  /** Our namespace, written whole. */
  readonly ours?: OurRecord;
}

export interface XmpWritePlan {
  readonly tags: XmpTagWrites;
  /** False when nothing differs from what is there: a re-run then leaves the file untouched. */
  readonly changed: boolean;
  readonly skipped: readonly Skip[];
  readonly feedback: readonly FeedbackEvent[];
  /** The namespace as it will read after the write. */
  readonly record: OurRecord;
}

const RATING: FieldRule<number> = {
  field: "rating",
  same: (a, b) => a === b,
  isEmpty: (v) => v === null || v === 0,
};
const LABEL: FieldRule<string> = {
  field: "label",
  same: (a, b) => a === b,
  isEmpty: (v) => v === null || v === "",
};
const CROP: FieldRule<XmpCrop> = { field: "crop", same: sameCrop, isEmpty: (v) => v === null };

function sortedRecord<T>(record: Readonly<Record<string, T>>, map: (v: T) => T): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, map(record[k] as T)]),
  );
}

function sameRecord(a: OurRecord | null, b: OurRecord): boolean {
  return a !== null && JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Bags are unordered: compare our record with its lists sorted. */
function canonical(r: OurRecord): unknown {
  const sorted = (xs: readonly string[]) => [...xs].sort();
  const w = r.written;
  return {
    ...r,
    scores: sortedRecord(r.scores, (v) => v),
    models: sortedRecord(r.models, (v) => v),
    flags: sorted(r.flags),
    bibs: sorted(r.bibs),
    written: {
      ...w,
      keywords: { flat: sorted(w.keywords.flat), hierarchical: sorted(w.keywords.hierarchical) },
    },
  };
}

/** What to write into one photo's XMP under the ownership rule, what we leave alone and why, and the feedback. */
export function planXmpWrite(current: XmpSnapshot, intent: XmpIntent, policy: XmpPolicy): XmpWritePlan {
  const last = current.ours?.written ?? null;
  const rating = decideField(RATING, current.rating, last?.rating ?? null, intent.rating, policy.writeRating);
  const label = decideField(LABEL, current.label, last?.label ?? null, intent.label, policy.writeLabel);
  const wantedCrop = intent.crop === undefined ? undefined : roundCrop(intent.crop);
  const crop = decideField(CROP, current.crop, last?.crop ?? null, wantedCrop, policy.writeCrop);
  const keywords = mergeKeywords(current.keywords, last?.keywords ?? null, intent.keywords);
  const record: OurRecord = {
    schemaVersion: OUR_SCHEMA_VERSION,
    analysisHash: intent.ours.analysisHash,
    scores: sortedRecord(intent.ours.scores, roundScore),
    flags: [...new Set(intent.ours.flags)].sort(),
    bibs: [...new Set(intent.ours.bibs)].sort(),
    models: sortedRecord(intent.ours.models, (v) => v),
    written: { rating: rating.written, label: label.written, crop: crop.written, keywords: keywords.written },
  };
  const tags: XmpTagWrites = {
    ...(rating.write === undefined ? {} : { rating: rating.write }),
    ...(label.write === undefined ? {} : { label: label.write }),
    ...(crop.write === undefined ? {} : { crop: crop.write }),
    ...(keywords.changed ? { keywords: keywords.result } : {}),
    ...(sameRecord(current.ours, record) ? {} : { ours: record }),
  };
  const skipped = [rating.skip, label.skip, crop.skip, ...keywords.skips].filter(
    (s): s is Skip => s !== null,
  );
  return {
    tags,
    changed: Object.keys(tags).length > 0,
    skipped,
    feedback: diffForFeedback(current, last),
    record,
  };
}
