import type { XmpCrop } from "./intent.ts";

export interface Keywords {
  /** dc:subject */
  readonly flat: readonly string[];
  /** lr:hierarchicalSubject, "A|B|C" */
  readonly hierarchical: readonly string[];
}

/** What Stridelight last put into the standard fields, as its own namespace remembers it. */
export interface WrittenFields {
  readonly rating: number | null;
  readonly label: string | null;
  readonly crop: XmpCrop | null;
  /** Keywords we added and still answer for (kept after the photographer removed one, so we never re-add it). */
  readonly keywords: Keywords;
}

/** Our namespace (XMP-stridelight) as read back or about to be written. */
export interface OurRecord {
  readonly schemaVersion: string;
  readonly analysisHash: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly flags: readonly string[];
  readonly bibs: readonly string[];
  readonly models: Readonly<Record<string, string>>;
  readonly written: WrittenFields;
}

/** The XMP fields we care about, as they are now in the file or sidecar. */
export interface XmpSnapshot {
  /** False when the target holds no XMP at all (e.g. a sidecar not yet created). */
  readonly exists: boolean;
  readonly rating: number | null;
  readonly label: string | null;
  readonly keywords: Keywords;
  /** Null unless crs:HasCrop is true. */
  readonly crop: XmpCrop | null;
  readonly ours: OurRecord | null;
}

export const OUR_SCHEMA_VERSION = "1";

export const EMPTY_SNAPSHOT: XmpSnapshot = Object.freeze({
  exists: false,
  rating: null,
  label: null,
  keywords: { flat: [], hierarchical: [] },
  crop: null,
  ours: null,
});
