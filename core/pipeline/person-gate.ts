/**
 * Which persons are worth the per-person models (pose, face search, bib reading): decided from the detector's boxes
 * alone, before any of those models runs, so a crowd of distant spectators costs little more than a portrait.
 */
import type { PersonCandidate } from "../domain/persons.ts";

/**
 * Measured on the dev set (147 photos, 642 posed persons before this gate): a quarter of the tallest person's
 * height skips 106 poses (17 %) and with them no read bib and no prominent runner; a third would have lost 3 bibs.
 * Conservative on purpose: a companion beside the runner, or a sharper runner a little further back, is far taller.
 */
export const DEFAULT_POSE_MIN_SHARE = 0.25;

/**
 * The persons worth a pose, most likely to matter first (tall and confident); at most `max` of them. Persons
 * shorter than `minShare` of the tallest person's height are left out.
 */
export function personsToPose<T extends PersonCandidate>(
  persons: readonly T[],
  minShare: number,
  max: number,
): T[] {
  const height = (p: T) => p.box[3] - p.box[1];
  const tallest = Math.max(0, ...persons.map(height));
  const weight = (p: T) => height(p) * Math.sqrt(p.score);
  return persons
    .filter((p) => height(p) >= minShare * tallest)
    .sort((a, b) => weight(b) - weight(a))
    .slice(0, max);
}
