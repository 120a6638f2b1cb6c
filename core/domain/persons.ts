/**
 * CenterNet (COCO, 80 classes) detections -> person boxes. The model's `detections` output holds rows of
 * [x0, y0, x1, y1, score, class] in input pixels (the frame stretched to a square input); class 0 is person.
 */
import type { Box } from "./analysis.ts";

export interface PersonCandidate {
  readonly box: Box;
  readonly score: number;
}

export interface PersonOptions {
  /** Minimum detector score. */
  readonly minScore: number;
  /** Boxes overlapping a better one by more than this IoU are dropped. */
  readonly maxOverlap: number;
  /** Minimum box height as a share of the frame height: smaller persons are too far away to matter. */
  readonly minHeight: number;
  /** At most this many persons are kept (best scores first). */
  readonly maxPersons: number;
  /**
   * A photo whose only person is small (a lone runner on a ridge, a landscape with a figure) keeps that person when
   * the detector is this sure of it and it is at least `loneMinHeight` tall: a small runner is a flag, not "no runner".
   */
  readonly loneMinScore: number;
  readonly loneMinHeight: number;
}

export const DEFAULT_PERSON_OPTIONS: PersonOptions = {
  minScore: 0.2,
  maxOverlap: 0.5,
  minHeight: 0.06,
  maxPersons: 20,
  loneMinScore: 0.4,
  loneMinHeight: 0.02,
};

const PERSON_CLASS = 0;

/** Decodes the detections tensor ([1, N, 6]) of a square input of `inputSize` pixels. */
export function decodePersons(
  detections: ArrayLike<number>,
  inputSize: number,
  options: PersonOptions = DEFAULT_PERSON_OPTIONS,
): PersonCandidate[] {
  const all: PersonCandidate[] = [];
  for (let r = 0; r + 6 <= detections.length; r += 6) {
    const score = detections[r + 4]!;
    if (detections[r + 5] !== PERSON_CLASS || !(score >= options.minScore)) continue;
    const box = normaliseBox(detections, r, inputSize);
    if (box[2] > box[0] && box[3] > box[1]) all.push({ box, score: Math.min(score, 1) });
  }
  const height = (p: PersonCandidate) => p.box[3] - p.box[1];
  const found = all.filter((p) => height(p) >= options.minHeight);
  if (found.length > 0) return suppressOverlaps(found, options.maxOverlap).slice(0, options.maxPersons);
  const lone = all.filter((p) => p.score >= options.loneMinScore && height(p) >= options.loneMinHeight);
  return suppressOverlaps(lone, options.maxOverlap).slice(0, 1);
}

function normaliseBox(d: ArrayLike<number>, r: number, size: number): Box {
  const c = (v: number) => Math.min(1, Math.max(0, v / size));
  return [c(d[r]!), c(d[r + 1]!), c(d[r + 2]!), c(d[r + 3]!)];
}

/** Greedy non-maximum suppression, best score first. */
export function suppressOverlaps<T extends PersonCandidate>(candidates: T[], maxOverlap: number): T[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const c of sorted) {
    if (kept.every((k) => iou(k.box, c.box) <= maxOverlap && !nested(c.box, k.box))) kept.push(c);
  }
  return kept;
}

/**
 * A weaker box almost entirely inside a better one and a sizeable share of it is a part of the same person (legs,
 * torso); a much smaller one inside is more likely a person further away, seen between the limbs.
 */
function nested(inner: Box, outer: Box): boolean {
  const share = area(inner) / Math.max(area(outer), 1e-9);
  return intersection(inner, outer) >= 0.85 * area(inner) && share > 0.25 && share < 0.7;
}

export function area(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

function intersection(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Intersection over union of two boxes. */
export function iou(a: Box, b: Box): number {
  const i = intersection(a, b);
  const u = area(a) + area(b) - i;
  return u > 0 ? i / u : 0;
}
