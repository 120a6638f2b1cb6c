import type { XmpCrop } from "./intent.ts";

/** Crop fields carry 6 decimals in XMP (as Lightroom writes them); ours are rounded the same way before writing. */
const CROP_DECIMALS = 6;
/** Scores are kept with 4 decimals: enough to rank, stable across a write and a read. */
const SCORE_DECIMALS = 4;
/** Two crops within this distance are the same crop (decimal text round trip). */
const CROP_TOLERANCE = 2e-6;

export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function roundCrop(crop: XmpCrop): XmpCrop {
  return {
    CropLeft: roundTo(crop.CropLeft, CROP_DECIMALS),
    CropTop: roundTo(crop.CropTop, CROP_DECIMALS),
    CropRight: roundTo(crop.CropRight, CROP_DECIMALS),
    CropBottom: roundTo(crop.CropBottom, CROP_DECIMALS),
    CropAngle: roundTo(crop.CropAngle, CROP_DECIMALS),
  };
}

export function roundScore(value: number): number {
  return roundTo(value, SCORE_DECIMALS);
}

export function sameCrop(a: XmpCrop | null, b: XmpCrop | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = ["CropLeft", "CropTop", "CropRight", "CropBottom", "CropAngle"] as const;
  return keys.every((k) => Math.abs(a[k] - b[k]) <= CROP_TOLERANCE);
}

/** Order-insensitive equality of two keyword lists (XMP bags are unordered). */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

export function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}
