/**
 * Carrying a bib: a person's sightings where no bib could be read get the bib read on their other sightings, with
 * the confidence of the best chain of links to a sighting that read it (the product of the links' probabilities and
 * the read's own confidence). A read is never replaced; a read that is only part of the person's bib (`662` where
 * other photos read `A00662`: an arm over the letter, a fold) keeps its read and gets the whole bib carried beside it.
 */
import type { People } from "./link.ts";
import type { Sighting } from "./sighting.ts";

export interface CarryOptions {
  /** A carried bib becomes a keyword (like a read one) only at or above this confidence. */
  readonly keywordConfidence: number;
}

/**
 * keywordConfidence 0.9: a carried bib is keyworded when its chain of links (times the read's own confidence) is at
 * least as sure as a face clearly matching plus the kit shot moments apart (log-odds ≥ 2.2). On the dev set every
 * carried bib on the photographer's runner reached it and went to the right runner; where one was wrong, the read
 * it came from was partial (`A662` of A00662), a reading error rather than a linking one (`npm run eval:bibs`).
 * Below it the carried bib stays in the record and on the page, not in keywords (XMP, Lightroom, `find`).
 */
export const DEFAULT_CARRY_OPTIONS: CarryOptions = Object.freeze({ keywordConfidence: 0.9 });

export interface CarriedBib {
  readonly bib: string;
  readonly confidence: number;
}

/**
 * The carried bib of each sighting: null where it read its person's bib itself or its person has none; the whole
 * bib where it read only part of it.
 */
export function carryBibs(sightings: readonly Sighting[], people: People): (CarriedBib | null)[] {
  const bibOf = personBibs(sightings, people);
  // Partial reads take no part in the chains: they receive the whole bib as if nothing was read there.
  const reads = sightings.map((s, i) => (isPartOf(s.bib, bibOf.get(people.personOf[i]!)) ? null : s.bib));
  const best = bestChains(sightings, reads, people);
  return sightings.map((s, i) => {
    const chain = best[i];
    if (reads[i] || !chain) return null;
    return { bib: bibOf.get(people.personOf[i]!) ?? chain.bib, confidence: chain.confidence };
  });
}

function isPartOf(read: string | null, whole: string | undefined): boolean {
  return read !== null && whole !== undefined && whole !== read && whole.includes(read);
}

/**
 * The bib a person is carried under: their longest read (a partial read such as "662" is part of "A00662"; linking
 * never joins reads that cannot be one bib), then the one read most often, then the first in text order.
 */
function personBibs(sightings: readonly Sighting[], people: People): Map<number, string> {
  const counts = new Map<number, Map<string, number>>();
  sightings.forEach((s, i) => {
    if (!s.bib) return;
    const person = people.personOf[i]!;
    const reads = counts.get(person) ?? new Map<string, number>();
    reads.set(s.bib, (reads.get(s.bib) ?? 0) + 1);
    counts.set(person, reads);
  });
  const out = new Map<number, string>();
  for (const [person, reads] of counts) {
    const ranked = [...reads].sort(
      ([a, na], [b, nb]) => b.length - a.length || nb - na || (a < b ? -1 : a > b ? 1 : 0),
    );
    out.set(person, ranked[0]![0]);
  }
  return out;
}

/**
 * Max-product chains from every reading sighting through the accepted links (a small Dijkstra per person);
 * `reads` is each sighting's read bib as the chains see it.
 */
function bestChains(
  sightings: readonly Sighting[],
  reads: readonly (string | null)[],
  people: People,
): (CarriedBib | undefined)[] {
  const next = new Map<number, { to: number; p: number }[]>();
  for (const e of people.edges) {
    next.set(e.a, [...(next.get(e.a) ?? []), { to: e.b, p: e.probability }]);
    next.set(e.b, [...(next.get(e.b) ?? []), { to: e.a, p: e.probability }]);
  }
  const best: (CarriedBib | undefined)[] = sightings.map((s, i) =>
    reads[i] ? { bib: reads[i], confidence: s.bibConfidence } : undefined,
  );
  const todo = sightings.flatMap((_, i) => (reads[i] ? [i] : []));
  while (todo.length > 0) {
    // The most confident open sighting next; ties by index keep the result deterministic.
    todo.sort((x, y) => best[y]!.confidence - best[x]!.confidence || x - y);
    const at = todo.shift()!;
    const from = best[at]!;
    for (const { to, p } of next.get(at) ?? []) {
      if (reads[to]) continue;
      const confidence = from.confidence * p;
      const known = best[to];
      if (
        known &&
        (known.confidence > confidence || (known.confidence === confidence && known.bib <= from.bib))
      )
        continue;
      best[to] = { bib: from.bib, confidence };
      if (!todo.includes(to)) todo.push(to);
    }
  }
  return best;
}
