/**
 * One runner across the shoot, on records: every posed runner gets a `person` id, a runner whose person had a bib
 * read elsewhere gets it as `carriedBib`, and `bibSource` says which ("read" or "carried"); a read that is the
 * person's bib without its letter (hidden-letter.ts) becomes that bib, what was read kept in `bibAsRead`. Pure: the
 * records' bibs, face embeddings, kit colours, capture times and file names are all it needs, so saved records link
 * again without the models.
 */
import type { Runner } from "../analysis.ts";
import { carryBibs, DEFAULT_CARRY_OPTIONS, type CarriedBib, type CarryOptions } from "./carry.ts";
import { bibOnPhoto, completedRead } from "./hidden-letter.ts";
import { linkSightings } from "./link.ts";
import { DEFAULT_LINK_OPTIONS, type LinkOptions } from "./similarity.ts";
import { shootOrder, sightingOf, sightingsOf, type Sighting, type ShootRecord } from "./sighting.ts";
import { samePersonSimilarity } from "./similarity.ts";

export { DEFAULT_CARRY_OPTIONS, type CarryOptions } from "./carry.ts";
export {
  DEFAULT_LINK_OPTIONS,
  samePersonEvidence,
  samePersonSimilarity,
  type LinkOptions,
} from "./similarity.ts";
export { shootOrder, sightingsOf, type Sighting, type ShootRecord } from "./sighting.ts";

export interface PeopleOptions {
  readonly link: LinkOptions;
  readonly carry: CarryOptions;
}

export const DEFAULT_PEOPLE_OPTIONS: PeopleOptions = Object.freeze({
  link: DEFAULT_LINK_OPTIONS,
  carry: DEFAULT_CARRY_OPTIONS,
});

/**
 * For the bursts (or any caller with two records): 0–1, how likely runner `i` of photo `a` and runner `j` of photo
 * `b` are the same person, by the same evidence the shoot's link uses (bib, face, kit, moments apart). 0 for two
 * runners of one photo. Pure; needs no shoot around the two photos.
 */
export function sameRunnerSimilarity(
  a: ShootRecord,
  i: number,
  b: ShootRecord,
  j: number,
  options: LinkOptions = DEFAULT_LINK_OPTIONS,
): number {
  if (a.file === b.file || !a.runners[i] || !b.runners[j]) return 0;
  return samePersonSimilarity(sightingOf(a, i, 0), sightingOf(b, j, 1), options);
}

/** The fields this module owns on a runner; links made on an earlier scoring are dropped before linking again. */
const LINK_FIELDS = ["person", "bibSource", "carriedBib", "carriedBibConfidence", "bibAsRead"] as const;

/**
 * The records with each posed runner's person, bibs carried where none was read, and the letter completed where a
 * read lacks only that. `places`: each record's place in the whole shoot's file order when the records are a stretch
 * of it (the companion re-links part of a folder): the window of neighbours then counts the photos left out, as a
 * link of the whole folder does.
 */
export function linkShoot<R extends ShootRecord>(
  scored: readonly R[],
  options: PeopleOptions = DEFAULT_PEOPLE_OPTIONS,
  places?: readonly number[],
): R[] {
  // A record scored before is linked on what was read on it, not on an earlier link.
  const records = scored.map((record) => ({ ...record, runners: record.runners.map(unlinked) }));
  const order = shootOrder(records);
  const sightings = sightingsOf(records, order, places);
  const people = linkSightings(sightings, options.link);
  const carried = carryBibs(sightings, people);
  const found = new Map<string, { person: string; carried: CarriedBib | null }>();
  sightings.forEach((s, i) => {
    const first = sightings[people.personOf[i]!]!;
    found.set(`${order[s.photo]}:${s.runner}`, { person: personId(first), carried: carried[i] ?? null });
  });
  return records.map((record, r) => ({
    ...record,
    runners: record.runners.map((runner, k) => withLink(runner, found.get(`${r}:${k}`))),
  }));
}

/** The runner as the analysis saw it: the bib read on the photo (bibOnPhoto) and none of the fields a link sets. */
export function unlinked<T extends Runner>(runner: T): T {
  const plain = { ...runner };
  for (const field of LINK_FIELDS) delete plain[field];
  return runner.bibAsRead === undefined ? plain : { ...plain, bib: bibOnPhoto(runner) };
}

/** An unlinked runner with its link. */
function withLink<T extends Runner>(
  plain: T,
  link: { person: string; carried: CarriedBib | null } | undefined,
): T {
  const read = plain.bib ? ({ bibSource: "read" } as const) : {};
  // A runner without a pose is not linked, but a bib read on it (a pack's runner beyond the pose gate) is a read.
  if (!link) return { ...plain, ...read };
  if (!link.carried) return { ...plain, person: link.person, ...read };
  // A read stays the runner's bib; beside a partial read the whole bib is carried (see carry.ts), and a read that
  // lacks only the letter — a bib's, or the digits a race format left without one — is the whole bib (hidden-letter.ts).
  const completed = completedRead(plain, link.carried.bib);
  return {
    ...plain,
    ...completed,
    person: link.person,
    bibSource: plain.bib || completed ? "read" : "carried",
    carriedBib: link.carried.bib,
    carriedBibConfidence: round(link.carried.confidence),
  };
}

/**
 * A person is named after their first sighting in shoot order: the photo's identity (the first 12 hex digits of its
 * sha256, which survives renames; the file name when unknown) and the runner's index on it.
 */
function personId(first: Sighting): string {
  const photo = first.photoId ? first.photoId.slice(0, 12) : baseName(first.file);
  return `${photo}#${first.runner}`;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** The bibs of one photo's runners, read or carried, for keywords and search: carried ones at or above minConfidence. */
export interface PhotoBib {
  readonly bib: string;
  readonly source: "read" | "carried";
  readonly confidence: number;
}

export function runnerBibs(runners: readonly Runner[], minCarriedConfidence: number): PhotoBib[] {
  return runners.flatMap((r): PhotoBib[] => {
    const read: PhotoBib[] = r.bib ? [{ bib: r.bib, source: "read", confidence: r.bibConfidence ?? 1 }] : [];
    // A carried bib beside a read one is the whole bib of a partial read (carry.ts).
    if (r.carriedBib && r.carriedBib !== r.bib && (r.carriedBibConfidence ?? 0) >= minCarriedConfidence)
      return [...read, { bib: r.carriedBib, source: "carried", confidence: r.carriedBibConfidence ?? 0 }];
    return read;
  });
}
