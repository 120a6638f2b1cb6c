import type { StartListEntry } from "./start-list.ts";

/** Keywords go under this root in Lightroom's keyword hierarchy. */
export const KEYWORD_ROOT = "Stridelight";

export interface BibKeywordOptions {
  /** Also write the bare bib ("1234") as a flat keyword, for tools without hierarchy. */
  readonly flat: boolean;
  /** Also write the runner's name from the start list. */
  readonly name: boolean;
}

export const DEFAULT_BIB_KEYWORD_OPTIONS: BibKeywordOptions = { flat: true, name: true };

export interface BibKeywords {
  /** lr:hierarchicalSubject paths, "Stridelight|bib|1234". */
  readonly hierarchical: string[];
  /** dc:subject entries. */
  readonly flat: string[];
}

/** The keywords of one photo from the bibs read on its runners (duplicates removed, order kept). */
export function bibKeywords(
  bibs: ReadonlyArray<{ bib: string; runner?: StartListEntry | null }>,
  options: BibKeywordOptions = DEFAULT_BIB_KEYWORD_OPTIONS,
): BibKeywords {
  const hierarchical = new Set<string>();
  const flat = new Set<string>();
  for (const { bib, runner } of bibs) {
    hierarchical.add(`${KEYWORD_ROOT}|bib|${bib}`);
    if (options.flat) flat.add(bib);
    if (options.name && runner) {
      // "|" separates levels of Lightroom's hierarchy: inside a name it would invent one.
      hierarchical.add(`${KEYWORD_ROOT}|runner|${runner.name.replaceAll("|", "/")}`);
      flat.add(runner.name);
    }
  }
  return { hierarchical: [...hierarchical], flat: [...flat] };
}

/** True when a photo's keywords carry this bib: what a search by bib asks of each photo. */
export function hasBib(keywords: readonly string[], bib: string): boolean {
  const wanted = bib.trim().toUpperCase();
  return keywords.some((k) => k === `${KEYWORD_ROOT}|bib|${wanted}` || k === wanted);
}
