/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- the API's JSON answers are read untyped on purpose */
/**
 * Bursts kept right while their frames land one by one: a real companion (config, watcher, SQLite queue, HTTP, the
 * real keeper head in onnxruntime and the real XMP writer on exiftool, sidecars), with synthetic analysis records
 * (the subject is burst bookkeeping, not the models): one runner per frame, frames 150 ms apart, the runner's size
 * deciding the best frame. Bursts arrive in capture order, in reverse order and all at once; whatever the order,
 * each burst ends with one best frame, ranks 1..n, in the store, the API and the XMP keywords, and a rating the
 * photographer changed in the sidecar stays theirs. A series without capture time (an export) lands in reverse file
 * order and ends as scoring it at once groups and ranks it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExifTool } from "exiftool-vendored";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { resolvePolicy } from "../../core/domain/star-policy.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";
import { DEFAULT_FOLDER } from "../../companion/config/defaults.ts";
import { Daemon } from "../../companion/daemon.ts";
import { coreCrops } from "../../companion/services/core-crops.ts";
import { KeeperScoring } from "../../companion/services/keeper-scoring.ts";
import { XmpStoreService } from "../../companion/services/xmp-store-service.ts";
import { queueBurstRescore } from "../../companion/queue/bursts/queue-burst-rescore.ts";
import { queueSeriesRescore } from "../../companion/queue/bursts/queue-series-rescore.ts";
import { RESCORE_BURST } from "../../companion/queue/jobs/rescore-burst.ts";
import { RESCORE_SERIES } from "../../companion/queue/jobs/rescore-series.ts";
import type { PhotoServices } from "../../companion/queue/services.ts";
import type { Photo } from "../../companion/store/photos.ts";
import { Store } from "../../companion/store/store.ts";
import { NEUTRAL_SCORES } from "../helpers/photo-scores.ts";
import { SHARP_RUNNER_PIXELS, standingRunnerRecord, syntheticAnalysis } from "../helpers/standing-runner.ts";
import { client, quietLog, SIDECARS, until, workspace, type Workspace } from "./companion-helpers.ts";
import { startExifTool } from "./xmp-helpers.ts";

const T0 = Date.UTC(2024, 5, 1, 9, 0, 0);
/** Runner height per frame, in capture order; bursts two minutes apart (never one region, never one burst). */
const BURSTS: Readonly<Record<string, readonly number[]>> = {
  a: [0.4, 0.5, 0.6, 0.7], // in capture order: every new frame is the best so far
  b: [0.7, 0.6, 0.5], // in reverse order: every new frame is the best so far, and the burst's first frame changes
  c: [0.5, 0.7, 0.55, 0.6, 0.45], // all at once
  d: [0.6], // alone: no burst
};
const PHASH: Readonly<Record<string, string>> = { a: "a1", b: "b2", c: "c3", d: "d4" };

const nameOf = (burst: string, frame: number) => `${burst}-${frame}.jpg`;

/**
 * A series without capture time (a race-photo service's export): numbered frames of one runner, untimed, each the
 * same scene (one pHash), the runner's size deciding the best frame. They land in reverse file order.
 */
const SERIES: readonly number[] = [0.45, 0.6, 0.75, 0.5, 0.4];

function recordFor(file: string): AnalysisRecord {
  const untimed = /s-(\d+)\.jpg$/.exec(file);
  if (untimed) {
    const f = Number(untimed[1]);
    return standingRunnerRecord({
      file,
      height: SERIES[f]!,
      epochMs: null,
      sha256: `sha-s-${f}`,
      phash: "e5".repeat(8),
      pixels: SHARP_RUNNER_PIXELS,
    });
  }
  const [, burst, frame] = /([a-d])-(\d+)\.jpg$/.exec(file)!;
  const b = Object.keys(BURSTS).indexOf(burst!);
  const f = Number(frame);
  return standingRunnerRecord({
    file,
    height: BURSTS[burst!]![f]!,
    epochMs: T0 + b * 120_000 + f * 150,
    sha256: `sha-${burst}-${f}`,
    phash: PHASH[burst!]!.repeat(8),
    pixels: SHARP_RUNNER_PIXELS,
  });
}

let ws: Workspace;
let daemon: Daemon;
let api: ReturnType<typeof client>;
let et: ExifTool;

beforeAll(async () => {
  ws = workspace({ learning: { readBackEveryMs: 0 } }, SIDECARS);
  const services: PhotoServices = {
    analysis: syntheticAnalysis(recordFor),
    scoring: await KeeperScoring.open(),
    crops: coreCrops,
    xmp: new XmpStoreService(),
  };
  daemon = await Daemon.start({ configFile: ws.configFile, services, logger: quietLog(), graceMs: 2000 });
  api = client(daemon.port(), readFileSync(join(ws.dataDir, "token"), "utf8").trim());
  et = startExifTool();
});

afterAll(async () => {
  await daemon?.stop();
  await et?.end();
});

async function drop(burst: string, frame: number): Promise<string> {
  const jpeg = await sharp({
    create: { width: 8, height: 8, channels: 3, background: { r: frame * 40, g: 9, b: 7 } },
  })
    .jpeg()
    .toBuffer();
  const path = join(ws.importDir, nameOf(burst, frame));
  // Bytes after the JPEG's end make every file distinct.
  writeFileSync(path, Buffer.concat([jpeg, Buffer.from(`${burst}${frame}`)]));
  return path;
}

const photoAt = (path: string): Photo | undefined =>
  daemon.store.photos.list({ limit: 100, offset: 0 }).photos.find((p) => p.path === path);

const done = (path: string) => until(`${path} done`, () => photoAt(path)?.status === "done", 20_000, 50);

const sidecar = (burst: string, frame: number) => join(ws.importDir, `${burst}-${frame}.xmp`);

async function sidecarTags(
  burst: string,
  frame: number,
): Promise<{ rating: number | null; keywords: string[] }> {
  const tags: Record<string, unknown> = await et.read(sidecar(burst, frame));
  const h = tags.HierarchicalSubject;
  const keywords = Array.isArray(h) ? h.map(String) : typeof h === "string" ? [h] : [];
  return { rating: typeof tags.Rating === "number" ? tags.Rating : null, keywords };
}

/** What scoring the whole folder at once says: the answer whatever order the frames came in. */
async function allAtOnce(): Promise<Map<string, ScoreRecord>> {
  const scoring = await KeeperScoring.open();
  const policy = resolvePolicy(DEFAULT_FOLDER.policy);
  if (!policy.success) throw policy.error;
  const files = Object.entries(BURSTS).flatMap(([b, heights]) =>
    heights.map((_, f) => join(ws.importDir, nameOf(b, f))),
  );
  const scored = await scoring.scoreShoot(files.map(recordFor), policy.data);
  await scoring.close();
  return new Map(scored.map((s) => [s.file, s]));
}

describe("bursts whose frames land one by one", () => {
  it("ends with one best frame per burst, ranks 1..n, in the store, the API and the XMP, and keeps the photographer's rating", async () => {
    // Burst a in capture order, each frame scored and written before the next lands.
    await done(await drop("a", 0));
    const first = await sidecarTags("a", 0);
    expect(first.keywords).not.toContain("Stridelight|burst|best"); // alone so far: no burst yet
    // The photographer rates the first frame in Lightroom (the sidecar) before the rest of the burst arrives.
    await et.write(sidecar("a", 0), { Rating: 5 });
    for (let f = 1; f < BURSTS.a!.length; f++) await done(await drop("a", f));
    // Burst b in reverse capture order.
    for (let f = BURSTS.b!.length - 1; f >= 0; f--) await done(await drop("b", f));
    // Burst c all at once, and d alone.
    const cd = await Promise.all([...BURSTS.c!.map((_, f) => drop("c", f)), drop("d", 0)]);
    for (const path of cd) await done(path);
    await daemon.whenIdle();

    const truth = await allAtOnce();
    for (const [burst, heights] of Object.entries(BURSTS)) {
      const paths = heights.map((_, f) => join(ws.importDir, nameOf(burst, f)));
      const stored = paths.map((p) => photoAt(p)!);
      const want = paths.map((p) => truth.get(p)!);
      // The store: the all-at-once burst, rank and verdict for every frame.
      expect(stored.map((p) => p.scores!.burst)).toEqual(
        want.map((w) => ({ id: w.burst.id, rank: w.burst.rank, size: w.burst.size })),
      );
      expect(stored.map((p) => p.scores!.keywords.sort())).toEqual(want.map((w) => [...w.keywords].sort()));
      expect(stored.map((p) => p.stars)).toEqual(want.map((w) => w.rating));
      if (heights.length === 1) continue;
      // The API: one burst id for all frames, ranks 1..n, one best (the biggest runner: the prior likes close runners).
      const id = want[0]!.burst.id;
      const { json } = await api(`/api/photos?burst=${encodeURIComponent(id)}&limit=50`);
      const listed = json.photos as { path: string; burst: { id: string; rank: number } }[];
      expect(listed.map((p) => p.burst.rank).sort((x, y) => x - y)).toEqual(heights.map((_, i) => i + 1));
      expect(listed.filter((p) => p.burst.rank === 1).map((p) => p.path)).toEqual([
        paths[heights.indexOf(Math.max(...heights))],
      ]);
      // The XMP: exactly one frame says best, every other frame says other.
      const tags = await Promise.all(heights.map((_, f) => sidecarTags(burst, f)));
      const bests = tags.filter((t) => t.keywords.includes("Stridelight|burst|best"));
      const others = tags.filter((t) => t.keywords.includes("Stridelight|burst|other"));
      expect([bests.length, others.length], burst).toEqual([1, heights.length - 1]);
    }
    // The first frame of a was demoted: its keywords were rewritten, its rating is still the photographer's.
    const demoted = await sidecarTags("a", 0);
    expect(demoted.keywords).toContain("Stridelight|burst|other");
    expect(demoted.keywords).not.toContain("Stridelight|burst|best");
    expect(demoted.rating).toBe(5);
    expect(photoAt(join(ws.importDir, "a-0.jpg"))!.stars).not.toBe(5);
    // Debounced: one re-score per stretch of frames here (4), never one per frame (13), even on a loaded machine.
    const rescores = daemon.store.db
      .prepare(`SELECT COUNT(*) AS n FROM jobs WHERE type = ?`)
      .get(RESCORE_BURST) as {
      n: number;
    };
    expect(rescores.n).toBeGreaterThanOrEqual(4);
    expect(rescores.n).toBeLessThan(13);
    // Each frame's XMP written at most twice: when it landed, and once after its burst was complete.
    const writes = daemon.store.db
      .prepare(`SELECT photo_id, COUNT(*) AS n FROM xmp_writes WHERE state = 'done' GROUP BY photo_id`)
      .all() as { n: number }[];
    expect(writes).toHaveLength(13);
    expect(Math.max(...writes.map((w) => w.n))).toBeLessThanOrEqual(2);
  }, 90_000);
});

describe("a series without capture time whose frames land one by one", () => {
  it("is grouped in file order and ends with one best frame, as scoring the series at once says", async () => {
    const paths: string[] = [];
    // In reverse file order, each frame scored and written before the next lands: every new frame sees only the
    // frames after it in file order, and the best frame lands in the middle.
    for (let f = SERIES.length - 1; f >= 0; f--) {
      const path = await drop("s", f);
      paths.unshift(path);
      await done(path);
    }
    await daemon.whenIdle();

    const scoring = await KeeperScoring.open();
    const policy = resolvePolicy(DEFAULT_FOLDER.policy);
    if (!policy.success) throw policy.error;
    const want = await scoring.scoreShoot(paths.map(recordFor), policy.data);
    await scoring.close();
    expect(new Set(want.map((w) => w.burst.id)).size).toBe(1); // one series, scored at once
    const stored = paths.map((p) => photoAt(p)!);
    expect(stored.map((p) => p.scores!.burst)).toEqual(
      want.map((w) => ({ id: w.burst.id, rank: w.burst.rank, size: w.burst.size })),
    );
    expect(stored.map((p) => p.stars)).toEqual(want.map((w) => w.rating));
    const best = SERIES.indexOf(Math.max(...SERIES));
    expect(stored.map((p) => p.scores!.burst?.rank === 1)).toEqual(SERIES.map((_, f) => f === best));
    // The XMP: exactly one frame says best.
    const tags = await Promise.all(SERIES.map((_, f) => sidecarTags("s", f)));
    expect(tags.map((t) => t.keywords.includes("Stridelight|burst|best"))).toEqual(
      SERIES.map((_, f) => f === best),
    );
    // The series' re-score ran (debounced: not one per frame).
    const rescores = daemon.store.db
      .prepare(`SELECT COUNT(*) AS n FROM jobs WHERE type = ?`)
      .get(RESCORE_SERIES) as { n: number };
    expect(rescores.n).toBeGreaterThanOrEqual(1);
    expect(rescores.n).toBeLessThan(SERIES.length);
  }, 90_000);
});

describe("queueing a burst re-score", () => {
  it("frames landing near a pending re-score join it and push it back; a claimed one is never joined", () => {
    const store = Store.open(mkdtempSync(join(tmpdir(), "stridelight-bursts-")));
    try {
      const frame = (i: number, at: number): Photo => {
        const id = store.photos.create({
          hash: `h${i}`,
          path: `/import/f${i}.jpg`,
          folder: "/import",
          pairKey: `f${i}`,
          role: "analyzed",
        });
        return {
          ...store.photos.get(id)!,
          captureMs: at,
          scores: NEUTRAL_SCORES,
        };
      };
      const d = { quietMs: 3000, maxWaitMs: 30_000, maxSpanMs: 600_000 };
      const first = queueBurstRescore({ store }, frame(1, T0), d);
      const ready = () =>
        (store.db.prepare(`SELECT run_after AS t FROM jobs WHERE id = ?`).get(first) as { t: number }).t;
      const before = ready();
      expect(queueBurstRescore({ store }, frame(2, T0 + 150), d)).toBe(first);
      expect(queueBurstRescore({ store }, frame(3, T0 - 150), d)).toBe(first);
      expect(ready()).toBeGreaterThanOrEqual(before);
      expect(store.jobs.get(first!)!.payload).toMatchObject({ fromMs: T0 - 150, toMs: T0 + 150 });
      // Another stretch of the day: a re-score of its own.
      expect(queueBurstRescore({ store }, frame(4, T0 + 3_600_000), d)).not.toBe(first);
      // Once claimed, a new frame starts a new re-score (the running one may have read the folder already).
      store.db.prepare(`UPDATE jobs SET state = 'running' WHERE id = ?`).run(first);
      const fifth = frame(5, T0 + 300);
      const next = queueBurstRescore({ store }, fifth, d);
      expect(next).not.toBe(first);
      // A retried photo job asks again under the same key: nothing new is queued.
      store.db.prepare(`UPDATE jobs SET state = 'done' WHERE id = ?`).run(next);
      expect(queueBurstRescore({ store }, fifth, d)).toBe(next);
      expect(store.jobs.queuedOfType(RESCORE_BURST).map((j) => j.id)).not.toContain(next);
      // A frame without a capture time or without scores cannot be in a burst.
      expect(queueBurstRescore({ store }, { ...frame(7, T0), captureMs: null }, d)).toBeNull();
    } finally {
      store.close();
    }
  });
});

describe("queueing a series re-score", () => {
  it("untimed frames of a series join the folder's pending re-score, which spans them in file order", () => {
    const store = Store.open(mkdtempSync(join(tmpdir(), "stridelight-series-")));
    try {
      const frame = (name: string, size: number, folder = "/import"): Photo => {
        const path = `${folder}/${name}.jpg`;
        const id = store.photos.create({ hash: path, path, folder, pairKey: path, role: "analyzed" });
        const analysis = standingRunnerRecord({
          file: path,
          height: 0.6,
          epochMs: null,
          sha256: path,
          phash: "e5".repeat(8),
        });
        return {
          ...store.photos.get(id)!,
          captureMs: null,
          analysis,
          scores: { ...NEUTRAL_SCORES, burst: { id: path, rank: 1, size } },
        };
      };
      const d = { quietMs: 3000, maxWaitMs: 30_000 };
      const first = queueSeriesRescore({ store }, frame("s-3", 2), d);
      expect(first).not.toBeNull();
      expect(queueSeriesRescore({ store }, frame("s-5", 3), d)).toBe(first);
      expect(queueSeriesRescore({ store }, frame("s-1", 4), d)).toBe(first);
      expect(store.jobs.get(first!)!.payload).toMatchObject({
        fromPath: "/import/s-1.jpg",
        toPath: "/import/s-5.jpg",
      });
      // Another folder: a re-score of its own.
      expect(queueSeriesRescore({ store }, frame("s-1", 2, "/other"), d)).not.toBe(first);
      // Alone in its series when scored, a frame changes no other frame's series: nothing to re-score.
      expect(queueSeriesRescore({ store }, frame("t-1", 1), d)).toBeNull();
      // A timed frame is the burst re-score's; a frame without a runner joins no series.
      expect(queueSeriesRescore({ store }, { ...frame("t-2", 2), captureMs: T0 }, d)).toBeNull();
      const empty = frame("t-3", 2);
      expect(
        queueSeriesRescore({ store }, { ...empty, analysis: { ...empty.analysis!, prominent: null } }, d),
      ).toBeNull();
      expect(store.jobs.queuedOfType(RESCORE_SERIES)).toHaveLength(2);
    } finally {
      store.close();
    }
  });
});
