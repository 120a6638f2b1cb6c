/**
 * A frame's bibs change as the rest of the shoot arrives: a bib is carried onto it from a frame that lands later,
 * and a read that lacked only its letter (`662` under a thumb) becomes the whole bib once a frame reading `A00662`
 * of the same runner lands (core/domain/people/hidden-letter.ts). A burst re-score brings them up to date on their
 * own, without touching the frame's verdict: only the read and carried bibs of the stored scores are replaced.
 */
import type { PhotoScores } from "../../store/shapes.ts";
import { sameBibs } from "../people/stored-links.ts";

/** The stored scores with the fresh read and carried bibs, or null when they are the same. */
export function withFreshBibs(stored: PhotoScores | null, fresh: PhotoScores): PhotoScores | null {
  if (!stored || sameBibs(stored, fresh)) return null;
  return { ...stored, bibs: fresh.bibs, carriedBibs: fresh.carriedBibs ?? [] };
}
