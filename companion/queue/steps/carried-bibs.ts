/**
 * The carried bibs of a photo's stored scores that are keyworded (at or above the documented confidence), and
 * their keywords: the same for the XMP the companion writes and for the keywords the Lightroom plugin applies.
 */
import { DEFAULT_CARRY_OPTIONS } from "../../../core/domain/people/carry.ts";
import { carriedBibKeywords } from "../../../core/domain/people/keywords.ts";
import type { PhotoScores } from "../../store/shapes.ts";

export function keywordedCarriedBibs(scores: Pick<PhotoScores, "carriedBibs">): string[] {
  return (scores.carriedBibs ?? [])
    .filter((c) => c.confidence >= DEFAULT_CARRY_OPTIONS.keywordConfidence)
    .map((c) => c.bib);
}

/** Hierarchical keywords of the keyworded carried bibs ("Stridelight|bib|1234", "Stridelight|carried bib|1234"). */
export function carriedKeywords(scores: Pick<PhotoScores, "carriedBibs">): string[] {
  return carriedBibKeywords(keywordedCarriedBibs(scores).map((bib) => ({ bib }))).hierarchical;
}
