/**
 * Bibs carried onto a frame change as the rest of the shoot arrives (the frame that reads the bib may land after
 * the frame it is carried to). A burst re-score brings them up to date on their own, without touching the frame's
 * verdict: only the carried bibs of the stored scores are replaced.
 */
import type { PhotoScores } from "../../store/shapes.ts";

const key = (s: PhotoScores | null) =>
  JSON.stringify([...(s?.carriedBibs ?? [])].map((c) => [c.bib, Math.round(c.confidence * 1000)]).sort());

/** The stored scores with the fresh carried bibs, or null when they are the same. */
export function withFreshCarriedBibs(stored: PhotoScores | null, fresh: PhotoScores): PhotoScores | null {
  if (!stored || key(stored) === key(fresh)) return null;
  return { ...stored, carriedBibs: fresh.carriedBibs ?? [] };
}
