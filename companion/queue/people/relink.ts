/**
 * The work of a re-link: one runner across the shoot for the photos of a folder scored since its last re-link, linked
 * as `score` links the whole folder. It loads them with their neighbours in file order, and keeps loading while a
 * runner seen on them (or next to them) may go on outside what is loaded: other photos of his, photos reading a bib
 * he reads elsewhere in the folder, photos the last re-link said were him — each with its neighbours. Each photo of
 * such a runner then gets its person (ids kept from the last re-link: stable-names.ts), its carried bibs and the
 * letters its reads lacked (core/domain/people/hidden-letter.ts), and its XMP when that changed what we write.
 */
import type { AnalysisRecord } from "../../../core/domain/analysis.ts";
import { DEFAULT_PEOPLE_OPTIONS, linkShoot } from "../../../core/domain/people/index.ts";
import type { RunnerLink } from "../../store/people.ts";
import type { Photo } from "../../store/photos.ts";
import type { JobContext } from "../catalogue.ts";
import type { RelinkPayload } from "../jobs/relink-people.ts";
import { analyzed } from "../steps/score-step.ts";
import type { StepContext } from "../steps/step.ts";
import { writeXmpStep } from "../steps/write-xmp-step.ts";
import { xmpBehind } from "../steps/xmp-plan.ts";
import { bibsOfLinks, sameBibs, type LinkedBibs } from "./stored-links.ts";
import { stableNames, type Sighted } from "./stable-names.ts";

/** The link compares photos this many apart in file order (DEFAULT_LINK_OPTIONS.window). */
const WINDOW = DEFAULT_PEOPLE_OPTIONS.link.window;
/**
 * Each photo is loaded with twice the window a side (its neighbours and theirs: a runner's chain of links into it),
 * in at most MAX_ROUNDS rounds: a runner followed along the whole folder is linked over at most 8 × 16 = 128 photos
 * a side of where he was asked for (the rest of his photos keep what an earlier re-link said).
 */
const MARGIN = 2 * WINDOW;
const MAX_ROUNDS = 8;

export interface RelinkOutcome {
  /** Photos loaded and linked. */
  readonly linked: number;
  /** Photos of the runners seen in the stretch, brought up to date. */
  readonly updated: number;
  /** Photos whose bibs (carried, or a read whose hidden letter the link completed) changed. */
  readonly bibsChanged: number;
  readonly written: number;
  /** Rounds of growing the loaded stretch; MAX_ROUNDS means a runner may go on beyond what was linked. */
  readonly rounds: number;
}

/** One photo of the shoot: its place in the folder's file order. */
interface Place {
  readonly id: number;
  readonly path: string;
}

interface Linked {
  readonly place: number;
  readonly photo: Photo;
  readonly record: AnalysisRecord;
}

export async function relinkRegion(region: RelinkPayload, ctx: JobContext): Promise<RelinkOutcome> {
  const asks = ctx.store.people.asked(region.folder);
  const shoot = new Shoot(region.folder, ctx.store.photos.analyzedInFileOrder(region.folder), ctx);
  const core = asks.flatMap((a) => shoot.place(a.photoId) ?? []);
  if (core.length === 0) {
    ctx.store.people.answered(asks);
    return { linked: 0, updated: 0, bibsChanged: 0, written: 0, rounds: 0 };
  }
  const { runners, rounds } = linkAround(shoot, core);
  const step: StepContext = { ...ctx, folder: ctx.folderConfig(region.folder), urgent: false };
  // A photo still in its own job is linked with the rest but left alone: that job asks for a re-link when done.
  const finished = [...runners.byPlace.keys()]
    .map((place) => shoot.loaded.get(place)!)
    .filter((l) => l.photo.status === "done" && l.photo.scores !== null);
  // The store's side in one transaction: ids renamed, links and bibs saved, or none of it.
  const changed = ctx.store.transaction(() => {
    const names = stableNames(ctx.store.people, sightedOf(finished, runners));
    return finished.filter((l) => {
      const links = linksOf(l, runners, names, ctx);
      ctx.store.people.save(l.photo.id, links);
      return saveBibsIfChanged(l.photo, bibsOfLinks(l.record.runners, links), ctx);
    });
  });
  let written = 0;
  for (const l of finished) if (await writeIfBehind(l.photo.id, step)) written++;
  for (const l of changed) announce(l.photo, ctx);
  // Last: a crash before here leaves them asked, and the re-link resumed does the rest (the done part is a no-op).
  ctx.store.people.answered(asks);
  return {
    linked: shoot.loaded.size,
    updated: finished.length,
    bibsChanged: changed.length,
    written,
    rounds,
  };
}

/** The folder's analyzed photos in file order (their places), and those loaded so far. */
class Shoot {
  readonly loaded = new Map<number, Linked>();
  private readonly tried = new Set<number>();
  private readonly placeOf: Map<number, number>;
  private readonly storedAt = new Map<number, RunnerLink[]>();
  private readonly storedPlaces = new Map<string, number[]>();

  readonly places: readonly Place[];

  constructor(
    readonly folder: string,
    places: readonly Place[],
    readonly ctx: JobContext,
  ) {
    // In the link's own order of file names (shootOrder), which SQLite's byte order may not match for every name.
    this.places = [...places].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.id - b.id));
    this.placeOf = new Map(this.places.map((p, i) => [p.id, i]));
  }

  get size(): number {
    return this.places.length;
  }

  place(photoId: number): number | undefined {
    return this.placeOf.get(photoId);
  }

  /** The runners' links of the last re-link of the photo at this place (read once: they change only at the end). */
  stored(place: number): RunnerLink[] {
    let links = this.storedAt.get(place);
    if (!links) this.storedAt.set(place, (links = this.ctx.store.people.of(this.places[place]!.id)));
    return links;
  }

  /** Places of the photos the last re-link said were this person (read once). */
  placesOfStored(person: string): number[] {
    let places = this.storedPlaces.get(person);
    if (!places)
      this.storedPlaces.set(
        person,
        (places = this.ctx.store.people.photosOf(person).flatMap((id) => this.placeOf.get(id) ?? [])),
      );
    return places;
  }

  /** Loads these places (each read once; a photo gone or no longer analyzed stays out). */
  load(wanted: Iterable<number>): void {
    for (const place of wanted) {
      if (this.tried.has(place)) continue;
      this.tried.add(place);
      const photo = this.ctx.store.photos.get(this.places[place]!.id);
      const record = photo ? analyzed(photo) : null;
      // Where the file is now (moved or renamed since it was analyzed): the link orders the shoot by it.
      if (photo && record) this.loaded.set(place, { place, photo, record: { ...record, file: photo.path } });
    }
  }

  isTried(place: number): boolean {
    return this.tried.has(place);
  }

  /** The places within `margin` of any of these. */
  around(places: Iterable<number>, margin = MARGIN): Set<number> {
    const out = new Set<number>();
    for (const p of places)
      for (let i = Math.max(0, p - margin); i <= Math.min(this.size - 1, p + margin); i++) out.add(i);
    return out;
  }
}

/**
 * Links the stretch around `core` and grows it until every photo of a runner seen in `core` or next to it has its
 * neighbours loaded (at most MAX_ROUNDS times). Next to it: a new photo moves the photos after it one place on, so
 * two photos on either side of it that were within the window of each other may no longer be.
 */
function linkAround(shoot: Shoot, core: readonly number[]): { runners: CoreRunners; rounds: number } {
  let wanted = shoot.around(core);
  const near = [...shoot.around(core, WINDOW)];
  for (let round = 1; ; round++) {
    shoot.load(wanted);
    const linked = linkLoaded(shoot.loaded);
    const runners = runnersOfCore(linked, near, shoot);
    wanted = stillToLoad(runners, shoot);
    if (wanted.size === 0 || round >= MAX_ROUNDS) return { runners, rounds: round };
  }
}

/** The loaded photos linked, each record's runners with their person (this link's ids) and carried bib. */
function linkLoaded(loaded: ReadonlyMap<number, Linked>): Map<number, AnalysisRecord> {
  const photos = [...loaded.values()].sort((a, b) => a.place - b.place);
  const linked = linkShoot(
    photos.map((l) => l.record),
    DEFAULT_PEOPLE_OPTIONS,
    photos.map((l) => l.place),
  );
  return new Map(photos.map((l, i) => [l.place, linked[i]!]));
}

type LinkedRunners = AnalysisRecord["runners"];

interface CoreRunners {
  /** The loaded photos of the runners seen in the core, with all their runners as this link found them. */
  readonly byPlace: Map<number, LinkedRunners>;
  /** This link's person ids of the runners seen in the core. */
  readonly persons: Set<string>;
  /** Photos of those runners by the last re-link (loaded or not). */
  readonly storedPlaces: Set<number>;
}

/**
 * The runners seen in the core, and every photo of them: by this link, and by the last re-link (a runner that was
 * one of them may have been found apart since: his carried bib must go, and he needs an id of his own).
 */
function runnersOfCore(
  linked: ReadonlyMap<number, AnalysisRecord>,
  core: readonly number[],
  shoot: Shoot,
): CoreRunners {
  const persons = new Set<string>();
  for (const place of core)
    for (const r of linked.get(place)?.runners ?? []) if (r.person) persons.add(r.person);
  const personAt = (place: number, runner: number) => linked.get(place)?.runners[runner]?.person;
  const stored = new Set<string>();
  for (const place of placesOf(linked, persons))
    for (const l of shoot.stored(place))
      if (persons.has(personAt(place, l.runner) ?? "")) stored.add(l.person);
  const storedPlaces = new Set<number>();
  for (const person of stored)
    for (const place of shoot.placesOfStored(person)) {
      storedPlaces.add(place);
      for (const l of shoot.stored(place)) {
        const now = personAt(place, l.runner);
        if (l.person === person && now) persons.add(now);
      }
    }
  const byPlace = new Map(placesOf(linked, persons).map((p) => [p, linked.get(p)!.runners]));
  return { byPlace, persons, storedPlaces };
}

function placesOf(linked: ReadonlyMap<number, AnalysisRecord>, persons: ReadonlySet<string>): number[] {
  return [...linked].flatMap(([place, record]) =>
    record.runners.some((r) => r.person && persons.has(r.person)) ? [place] : [],
  );
}

/**
 * What must still be loaded before the core's runners are linked as over the whole folder: the neighbourhood (MARGIN
 * a side) of every photo of theirs, of the last re-link's photos of them, and of the photos reading a bib they read
 * (a runner met again far away).
 */
function stillToLoad(runners: CoreRunners, shoot: Shoot): Set<number> {
  const seeds = new Set([...runners.byPlace.keys(), ...runners.storedPlaces]);
  const bibs = new Set<string>();
  for (const rs of runners.byPlace.values())
    for (const r of rs) if (r.bib && r.person && runners.persons.has(r.person)) bibs.add(r.bib.toUpperCase());
  for (const id of shoot.ctx.store.photos.readingBibs(shoot.folder, [...bibs])) {
    const place = shoot.place(id);
    if (place !== undefined) seeds.add(place);
  }
  return new Set([...shoot.around(seeds)].filter((p) => !shoot.isTried(p)));
}

/** The runners of the core's persons on the finished photos, with this link's person ids. */
function sightedOf(finished: readonly Linked[], runners: CoreRunners): Sighted[] {
  return finished.flatMap((l) =>
    runners.byPlace
      .get(l.place)!
      .flatMap((r, runner) =>
        r.person && runners.persons.has(r.person) ? [{ photoId: l.photo.id, runner, fresh: r.person }] : [],
      ),
  );
}

/**
 * The photo's runners' links: the core's persons as this link found them (under their kept ids); a runner of another
 * person keeps what the last re-link said (his own photos ask for his re-link), or this link's finding when none.
 */
function linksOf(
  l: Linked,
  runners: CoreRunners,
  names: ReadonlyMap<string, string>,
  ctx: JobContext,
): RunnerLink[] {
  const stored = new Map(ctx.store.people.of(l.photo.id).map((s) => [s.runner, s]));
  return runners.byPlace.get(l.place)!.flatMap((r, runner): RunnerLink[] => {
    if (!r.person) return [];
    const kept = stored.get(runner);
    if (!runners.persons.has(r.person) && kept) return [kept];
    return [
      {
        runner,
        person: names.get(r.person) ?? r.person,
        carriedBib: r.carriedBib ?? null,
        carriedConfidence: r.carriedBib ? (r.carriedBibConfidence ?? 0) : null,
      },
    ];
  });
}

/** The stored scores with these bibs (read and carried), saved when they differ; the verdict is left as it is. */
function saveBibsIfChanged(photo: Photo, bibs: LinkedBibs, ctx: JobContext): boolean {
  // The scores as they are now (a learning re-score may have run since the photo was loaded), not as loaded.
  const scores = ctx.store.photos.get(photo.id)?.scores;
  if (!scores || sameBibs(scores, bibs)) return false;
  ctx.store.photos.saveScores(photo.id, { ...scores, ...bibs });
  return true;
}

function announce(p: Photo, ctx: JobContext): void {
  ctx.events.emit({ type: "photo", id: p.id, status: p.status, folder: p.folder, path: p.path });
}

/** Writes the photo's XMP when the plan for its current scores is not the last one written to its target. */
async function writeIfBehind(photoId: number, ctx: StepContext): Promise<boolean> {
  const photo = ctx.store.photos.get(photoId);
  if (!photo || !xmpBehind(photo, ctx)) return false;
  await writeXmpStep.run(photo, ctx);
  return true;
}
