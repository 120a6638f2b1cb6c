/**
 * Keywords of carried bibs. A carried bib at or above the keyword confidence is keyworded like a read one
 * ("Stridelight|bib|1234", the flat "1234", the runner's name from a start list), so a search by bib finds it, plus
 * "Stridelight|carried bib|1234", so the photographer (and `stridelight find`) can tell it was not read here.
 */
import { bibKeywords, KEYWORD_ROOT, type BibKeywordOptions, type BibKeywords } from "../bib/keywords.ts";
import type { StartListEntry } from "../bib/start-list.ts";

export const CARRIED_KEYWORD_GROUP = "carried bib";

export function carriedBibKeywords(
  bibs: ReadonlyArray<{ bib: string; runner?: StartListEntry | null }>,
  options?: BibKeywordOptions,
): BibKeywords {
  const plain = bibKeywords(bibs, options);
  const marks = bibs.map((b) => `${KEYWORD_ROOT}|${CARRIED_KEYWORD_GROUP}|${b.bib}`);
  return { hierarchical: [...new Set([...plain.hierarchical, ...marks])], flat: plain.flat };
}

/** True when a photo's keywords mark this bib as carried (see carriedBibKeywords). */
export function hasCarriedBib(keywords: readonly string[], bib: string): boolean {
  const wanted = `${KEYWORD_ROOT}|${CARRIED_KEYWORD_GROUP}|${bib.trim().toUpperCase()}`;
  return keywords.some((k) => k.toUpperCase() === wanted.toUpperCase());
}
