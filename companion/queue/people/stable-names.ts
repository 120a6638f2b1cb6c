/**
 * Person ids that hold within a shoot. Each re-link finds persons afresh (ids after their first sighting among what
 * it loaded); a fresh person takes the stored id most of its runners already had, so a runner keeps his id from one
 * re-link to the next whatever order his photos came in. Two stored persons found to be one take the id of the one
 * with more runners here (ties: the smaller id), everywhere in the store; a person found apart from the one he was
 * joined to gets an id of his own. A person never seen before is named as `score` names him, unless that id is
 * taken.
 */
import type { PeopleRepository } from "../../store/people.ts";

/** A runner of a photo and the person this re-link found (its fresh id). */
export interface Sighted {
  readonly photoId: number;
  readonly runner: number;
  readonly fresh: string;
}

/** Fresh person id -> the id kept in the store. Renames merged persons' other rows in the store. */
export function stableNames(people: PeopleRepository, sighted: readonly Sighted[]): Map<string, string> {
  const rewritten = new Set(sighted.map((s) => s.photoId));
  const votes = storedVotes(people, sighted, rewritten);
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const v of [...votes].sort((a, b) => b.n - a.n || cmp(a.stored, b.stored) || cmp(a.fresh, b.fresh)))
    if (!names.has(v.fresh) && !taken.has(v.stored)) {
      names.set(v.fresh, v.stored);
      taken.add(v.stored);
    }
  // A stored person all of whose runners here went to a person named otherwise: the same runner, one id.
  for (const v of votes)
    if (!taken.has(v.stored)) {
      people.rename(v.stored, names.get(v.fresh)!);
      taken.add(v.stored);
    }
  for (const fresh of new Set(sighted.map((s) => s.fresh))) {
    if (names.has(fresh)) continue;
    let name = fresh;
    for (let k = 2; taken.has(name) || people.inUseOutside(name, rewritten); k++) name = `${fresh}~${k}`;
    names.set(fresh, name);
    taken.add(name);
  }
  return names;
}

interface Vote {
  readonly fresh: string;
  readonly stored: string;
  readonly n: number;
}

/** How many runners of each fresh person had each stored id. */
function storedVotes(
  people: PeopleRepository,
  sighted: readonly Sighted[],
  photos: ReadonlySet<number>,
): Vote[] {
  const stored = new Map<string, string>();
  for (const id of photos) for (const l of people.of(id)) stored.set(`${id}:${l.runner}`, l.person);
  const counts = new Map<string, number>();
  for (const s of sighted) {
    const was = stored.get(`${s.photoId}:${s.runner}`);
    if (was === undefined) continue;
    const key = JSON.stringify([s.fresh, was]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => {
    const [fresh, was] = JSON.parse(key) as [string, string];
    return { fresh, stored: was, n };
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
