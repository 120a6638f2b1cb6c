import { KEYWORD_ROOT } from "../bib/keywords.ts";
import { skip, type Skip } from "./ownership.ts";
import type { Keywords } from "./snapshot.ts";
import { sameSet } from "./values.ts";

export interface KeywordMerge {
  /** The full dc:subject / lr:hierarchicalSubject lists after the merge (everyone else's kept, in their order). */
  readonly result: Keywords;
  /** What our namespace answers for after the merge. */
  readonly written: Keywords;
  readonly changed: boolean;
  readonly skips: Skip[];
}

interface ListMerge {
  result: string[];
  written: string[];
  removedByPhotographer: string[];
}

/** True for a hierarchical keyword under our root: ours by definition. */
export function isOurHierarchical(keyword: string): boolean {
  return keyword.startsWith(`${KEYWORD_ROOT}|`);
}

/**
 * One keyword list. `oursNow` says which present keywords are ours (and may go when stale); a keyword we wrote
 * that is gone was removed by the photographer: we remember it and never add it again.
 */
function mergeList(
  current: readonly string[],
  written: readonly string[],
  wanted: readonly string[],
  oursNow: (k: string) => boolean,
): ListMerge {
  const present = new Set(current);
  const want = new Set(wanted);
  const wroteBefore = new Set(written);
  const removedByPhotographer = wanted.filter((k) => wroteBefore.has(k) && !present.has(k));
  const added = wanted.filter((k) => !present.has(k) && !wroteBefore.has(k));
  const kept = current.filter((k) => want.has(k) || !oursNow(k));
  const result = [...new Set([...kept, ...added])];
  const stillOurs = wanted.filter((k) => present.has(k) && oursNow(k));
  const writtenNow = [...new Set([...stillOurs, ...added, ...removedByPhotographer])];
  return { result, written: writtenNow, removedByPhotographer };
}

/** Add our keywords, keep everybody else's, remove only our own stale ones. */
export function mergeKeywords(current: Keywords, written: Keywords | null, wanted: Keywords): KeywordMerge {
  const wroteFlat = new Set(written?.flat ?? []);
  const flat = mergeList(current.flat, written?.flat ?? [], wanted.flat, (k) => wroteFlat.has(k));
  const wroteHier = new Set(written?.hierarchical ?? []);
  const hier = mergeList(
    current.hierarchical,
    written?.hierarchical ?? [],
    wanted.hierarchical,
    (k) => isOurHierarchical(k) || wroteHier.has(k),
  );
  const removed = [...flat.removedByPhotographer, ...hier.removedByPhotographer];
  return {
    result: { flat: flat.result, hierarchical: hier.result },
    written: { flat: flat.written, hierarchical: hier.written },
    changed: !sameSet(flat.result, current.flat) || !sameSet(hier.result, current.hierarchical),
    skips: removed.map((k) => skip("keyword", "removed-by-photographer", k)),
  };
}
