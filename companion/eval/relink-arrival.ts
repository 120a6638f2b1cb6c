/**
 * One runner across the shoot in the companion, photos arriving one by one, against `score` over the whole folder:
 *
 *   npm run eval:relink -- ../shared/data/dev --records dev.jsonl [--every 25] [--copies 1] [--orders file,reversed]
 *
 * A real store (a temporary data folder) and the companion's real score step and relink-people job (the real keeper
 * head), over the saved records of a folder (no model runs): each photo is analyzed (its record saved), scored and
 * asks for a re-link as it arrives; the queued re-links run every `--every` arrivals (the debounce of a card copied
 * at a few photos a second) and once at the end. Arrival orders: file order, reversed, shuffled (three seeds).
 * Reported per order: what `find --bib` finds (read bibs and carried bibs keyworded at or above the documented
 * confidence, marked carried), what the page's bib search finds (every carried bib), both against `score`, with
 * and without the re-link job; and the work of the re-links (photos linked in all). The photos' paths are moved to a
 * folder that does not exist, so no XMP is ever written beside the evaluation photos.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import pino from "pino";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { DEFAULT_CARRY_OPTIONS, linkShoot, unlinked } from "../../core/domain/people/index.ts";
import { carriedBibsOf } from "../../core/domain/people/photo-bibs.ts";
import { DEFAULT_FOLDER } from "../config/defaults.ts";
import type { JobContext } from "../queue/catalogue.ts";
import { RELINK_PEOPLE, RelinkPayload } from "../queue/jobs/relink-people.ts";
import { queueRelink } from "../queue/people/queue-relink.ts";
import { relinkRegion } from "../queue/people/relink.ts";
import type { PhotoServices } from "../queue/services.ts";
import { scoreStep } from "../queue/steps/score-step.ts";
import type { StepContext } from "../queue/steps/step.ts";
import { KeeperScoring } from "../services/keeper-scoring.ts";
import { Store } from "../store/store.ts";
import { BibManifest, type BibManifestEntry } from "./bibs.ts";
import { evaluateCarried } from "./people.ts";
import { readSavedRecords } from "./saved-records.ts";

/** Where the photos seem to be: no such folder, so nothing can be written beside the real files. */
export const NOWHERE = "/nonexistent/stridelight-eval";

/** A photo's bibs as `find --bib` and the page see them: bib -> "read" | "carried" (with its confidence). */
type Found = Map<string, { source: "read" | "carried"; confidence: number }>;

interface Arrival {
  readonly name: string;
  readonly order: readonly number[];
}

export interface ArrivalFigures {
  readonly order: string;
  readonly relink: boolean;
  /** (photo, bib) hits of `find --bib` over every bib; equal to `score`'s (bib and read/carried alike). */
  readonly findHits: number;
  readonly findSame: number;
  readonly findMissing: string[];
  readonly findExtra: string[];
  /** (photo, bib) hits of the page's bib search (every carried bib); equal to `score`'s. */
  readonly pageHits: number;
  readonly pageSame: number;
  /** Unread truth bibs carried onto their photo: all / keyworded; carried bibs in the truth. */
  readonly carried: string;
  readonly relinks: number;
  readonly photosLinked: number;
  /** Rounds of loading more, over all re-links; seconds spent in the re-links. */
  readonly rounds: number;
  readonly relinkSeconds: number;
  readonly persons: number;
  /** Persons whose runners are exactly the runners of one of `score`'s persons. */
  readonly personsSame: number;
}

/** `score`'s persons as sets of runners (`photo#runner`), each keyed by its sorted members. */
export function batchPersons(records: readonly AnalysisRecord[]): Set<string> {
  const members = new Map<string, string[]>();
  for (const r of linkShoot(records))
    r.runners.forEach((x, k) => {
      if (x.person) members.set(x.person, [...(members.get(x.person) ?? []), `${basename(r.file)}#${k}`]);
    });
  return new Set([...members.values()].map((m) => m.sort().join(" ")));
}

/** `score` over the whole folder: the link of all the records at once. */
export function batchFound(records: readonly AnalysisRecord[]): Map<string, Found> {
  return new Map(
    linkShoot(records).map((r) => [
      basename(r.file),
      foundOf(
        r.runners.flatMap((x) => (x.bib ? [x.bib] : [])),
        carriedBibsOf(r.runners),
      ),
    ]),
  );
}

function foundOf(read: readonly string[], carried: readonly { bib: string; confidence: number }[]): Found {
  const out: Found = new Map();
  for (const c of carried) out.set(c.bib, { source: "carried", confidence: c.confidence });
  for (const bib of read) out.set(bib, { source: "read", confidence: 1 });
  return out;
}

/** Every photo's hits (`photo<TAB>bib<TAB>read|carried`), carried ones at or above `min`. */
function hits(found: ReadonlyMap<string, Found>, min: number): Set<string> {
  const out = new Set<string>();
  for (const [photo, bibs] of found)
    for (const [bib, f] of bibs)
      if (f.source === "read" || f.confidence >= min) out.add(`${photo}\t${bib}\t${f.source}`);
  return out;
}

export async function simulateArrival(
  records: readonly AnalysisRecord[],
  arrival: Arrival,
  relink: boolean,
  every: number,
  scoring: KeeperScoring,
  manifest: readonly BibManifestEntry[],
  batch: ReadonlyMap<string, Found>,
  persons: ReadonlySet<string>,
): Promise<ArrivalFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), "stridelight-relink-eval-"));
  const store = Store.open(dataDir);
  try {
    const ctx = contextOf(store, scoring);
    let relinks = 0;
    let photosLinked = 0;
    let rounds = 0;
    let relinkMs = 0;
    const runRelinks = async () => {
      for (const job of store.jobs.claim("eval", 600_000, 1000)) {
        if (job.type === RELINK_PEOPLE) {
          const t = performance.now();
          const outcome = await relinkRegion(RelinkPayload.parse(job.payload), ctx);
          relinkMs += performance.now() - t;
          relinks++;
          photosLinked += outcome.linked;
          rounds += outcome.rounds;
        }
        store.jobs.complete(job.id, "eval");
      }
    };
    for (const [k, i] of arrival.order.entries()) {
      await arrive(records[i]!, i, ctx);
      if (relink && (k + 1) % every === 0) await runRelinks();
    }
    if (relink) await runRelinks();
    const work = { relinks, photosLinked, rounds, relinkSeconds: relinkMs / 1000 };
    return figuresOf(store, records, arrival.name, relink, manifest, batch, work, persons);
  } finally {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function contextOf(store: Store, scoring: KeeperScoring): StepContext {
  const refuse = () => Promise.reject(new Error("the evaluation writes no XMP"));
  const services = {
    analysis: { models: {}, workers: 1, analyze: refuse, close: () => Promise.resolve() },
    scoring,
    crops: { propose: () => [] },
    xmp: { write: refuse, holds: refuse, close: () => Promise.resolve() },
  } as unknown as PhotoServices;
  const folder = { ...structuredClone(DEFAULT_FOLDER), path: NOWHERE };
  const job: JobContext = {
    store,
    services,
    events: { emit: () => undefined } as unknown as JobContext["events"],
    log: pino({ level: "silent" }),
    // No folder is watched: a write step would record "outside the watched folders" and touch nothing.
    roots: () => [],
    folderConfig: () => folder,
    enqueue: () => undefined,
  };
  return { ...job, folder, urgent: false };
}

/** One photo lands and asks for a re-link. */
async function arrive(record: AnalysisRecord, i: number, ctx: StepContext): Promise<void> {
  const id = await land(record, i, ctx);
  queueRelink(ctx, ctx.store.photos.get(id)!, { quietMs: 0, maxWaitMs: 0 });
}

/** One photo lands: analyzed (its saved record), scored by the real score step, done. Returns its id. */
export async function land(record: AnalysisRecord, i: number, ctx: StepContext): Promise<number> {
  const path = join(NOWHERE, basename(record.file));
  const id = ctx.store.photos.create({
    hash: record.source.sha256 || `eval-${i}`,
    path,
    folder: NOWHERE,
    pairKey: path.toLowerCase(),
    role: "analyzed",
  });
  ctx.store.photos.saveAnalysis(id, { ...record, file: path }, record.capture.epochMs);
  await scoreStep.run(ctx.store.photos.get(id)!, ctx);
  ctx.store.photos.setStatus(id, "done");
  return id;
}

function figuresOf(
  store: Store,
  records: readonly AnalysisRecord[],
  order: string,
  relink: boolean,
  manifest: readonly BibManifestEntry[],
  batch: ReadonlyMap<string, Found>,
  work: Pick<ArrivalFigures, "relinks" | "photosLinked" | "rounds" | "relinkSeconds">,
  truePersons: ReadonlySet<string>,
): ArrivalFigures {
  const found = new Map<string, Found>();
  const asRecords: Pick<AnalysisRecord, "file" | "runners">[] = [];
  for (const p of store.photos.list({ limit: records.length + 1, offset: 0 }).photos) {
    const runners = p.analysis && !("error" in p.analysis) ? p.analysis.runners : [];
    const carried = p.scores?.carriedBibs ?? [];
    // The read bibs as the store keeps them (the letter a re-link completed included), as find and the page see them.
    found.set(basename(p.path), foundOf(p.scores?.bibs ?? [], carried));
    // evaluateCarried reads a photo's bibs off its runners: one stand-in runner per read and per carried bib.
    const read = (p.scores?.bibs ?? []).map((bib) => ({ ...runners[0]!, bib, carriedBib: undefined }));
    const stand = carried.map((c) => ({
      ...runners[0]!,
      bib: null,
      carriedBib: c.bib,
      carriedBibConfidence: c.confidence,
    }));
    asRecords.push({ file: p.path, runners: [...read, ...stand] });
  }
  const min = DEFAULT_CARRY_OPTIONS.keywordConfidence;
  const [mine, theirs] = [hits(found, min), hits(batch, min)];
  const [pageMine, pageTheirs] = [hits(found, 0), hits(batch, 0)];
  const all = evaluateCarried(asRecords, manifest, 0);
  const keyworded = evaluateCarried(asRecords, manifest, min);
  const rows = store.db
    .prepare(
      `SELECT p.path AS path, l.runner AS runner, l.person AS person FROM people l JOIN photos p ON p.id = l.photo_id`,
    )
    .all() as { path: string; runner: number; person: string }[];
  const members = new Map<string, string[]>();
  for (const r of rows)
    members.set(r.person, [...(members.get(r.person) ?? []), `${basename(r.path)}#${r.runner}`]);
  const persons = members.size;
  const personsSame = [...members.values()].filter((m) => truePersons.has(m.sort().join(" "))).length;
  return {
    order,
    relink,
    findHits: mine.size,
    findSame: [...mine].filter((h) => theirs.has(h)).length,
    findMissing: [...theirs].filter((h) => !mine.has(h)),
    findExtra: [...mine].filter((h) => !theirs.has(h)),
    pageHits: pageMine.size,
    pageSame: [...pageMine].filter((h) => pageTheirs.has(h)).length,
    carried: `${all.found}/${all.unreadTruth} / ${keyworded.found}/${keyworded.unreadTruth}; in the truth ${all.right}/${all.carried}`,
    ...work,
    persons,
    personsSame,
  };
}

/** The arrival orders: file order, reversed, and three seeded shuffles. */
export function arrivals(records: readonly AnalysisRecord[]): Arrival[] {
  const fileOrder = records
    .map((_, i) => i)
    .sort((a, b) => (records[a]!.file < records[b]!.file ? -1 : records[a]!.file > records[b]!.file ? 1 : 0));
  return [
    { name: "file order", order: fileOrder },
    { name: "reversed", order: [...fileOrder].reverse() },
    ...[1, 2, 3].map((seed) => ({ name: `shuffled (seed ${seed})`, order: shuffled(fileOrder, seed) })),
  ];
}

/** Fisher–Yates with a small deterministic generator (mulberry32). */
function shuffled(xs: readonly number[], seed: number): number[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The analysis records of a saved run, without what an earlier link put on them (the companion analyzes afresh). */
export function analysisOf(records: readonly AnalysisRecord[]): AnalysisRecord[] {
  return records.map((r) => ({ ...r, runners: r.runners.map(unlinked) }));
}

/**
 * The folder copied `copies` times as one shoot (every bib then read in that many places: the worst case of the
 * re-link's search by bib); names and identities made distinct. The truth files are the first copy's.
 */
function copied(records: readonly AnalysisRecord[], copies: number): AnalysisRecord[] {
  if (copies <= 1) return [...records];
  return Array.from({ length: copies }, (_, k) =>
    records.map((r) => ({
      ...r,
      file: k === 0 ? r.file : join(dirname(r.file), `copy${String(k).padStart(2, "0")}-${basename(r.file)}`),
      source: { ...r.source, sha256: k === 0 ? r.source.sha256 : `${k}${r.source.sha256}`.slice(0, 64) },
    })),
  ).flat();
}

const USAGE =
  "usage: relink-arrival.ts <folder> --records <jsonl> [--every N] [--copies N] [--orders file,reversed,shuffled]";

if (process.argv[1]?.endsWith("relink-arrival.ts")) {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      records: { type: "string" },
      every: { type: "string", default: "25" },
      copies: { type: "string", default: "1" },
      orders: { type: "string", default: "file,reversed,shuffled" },
    },
  });
  const folder = positionals[0];
  if (!folder || !values.records) throw new Error(USAGE);
  const every = Number(values.every);
  const orders = values.orders.split(",");
  const manifest = BibManifest.parse(JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8")));
  const records = copied(analysisOf(readSavedRecords(values.records)), Number(values.copies));
  const batch = batchFound(records);
  const persons = batchPersons(records);
  const scoring = await KeeperScoring.open();
  try {
    const b = hits(batch, DEFAULT_CARRY_OPTIONS.keywordConfidence);
    console.log(
      `score over the folder (${records.length} photos): find --bib hits ${b.size} (carried ${[...b].filter((h) => h.endsWith("carried")).length}); page hits ${hits(batch, 0).size}`,
    );
    console.log(
      "| arrival | re-link job | find --bib hits = score's | page bib search = score's | unread truth bibs carried (all / keyworded; in truth) | re-links (rounds), photos linked in all, s in re-links / in all | persons = score's |",
    );
    console.log("|---|---|---|---|---|---|---|");
    for (const arrival of arrivals(records).filter((a) => orders.some((o) => a.name.startsWith(o))))
      for (const relink of [false, true]) {
        const t = performance.now();
        const f = await simulateArrival(records, arrival, relink, every, scoring, manifest, batch, persons);
        const s = ((performance.now() - t) / 1000).toFixed(1);
        console.log(
          `| ${f.order} | ${relink ? `every ${every}` : "none"} | ${f.findSame}/${b.size} (+${f.findExtra.length} not in score's) | ${f.pageSame}/${hits(batch, 0).size} (+${f.pageHits - f.pageSame}) | ${f.carried} | ${f.relinks} (${f.rounds}), ${f.photosLinked}, ${f.relinkSeconds.toFixed(1)} / ${s} s | ${relink ? `${f.personsSame}/${persons.size} (of ${f.persons})` : "–"} |`,
        );
        if (relink)
          for (const h of [
            ...f.findMissing.map((x) => `missing ${x}`),
            ...f.findExtra.map((x) => `extra ${x}`),
          ])
            console.log(`    ${h.replaceAll("\t", " ")}`);
      }
  } finally {
    await scoring.close();
  }
}
