/**
 * One runner across a shoot with the real face model on licensed fixture photos: a runner photographed twice
 * (the second frame shifted, smaller and brighter, as the next frame of a series) gets one person id and the same
 * face; other runners do not. A bib read on the first frame (set on the record: the fixtures have no legible bib)
 * is carried to the second, keyworded, written to XMP, found by `stridelight find --bib` as carried, and found by
 * the companion's bib search in a real store. The companion's score step, which scores a photo with its neighbours
 * in capture time, links it with the frames next to it in file order too (photos without a capture time included).
 * The running companion (real watcher, store, queue, HTTP, keeper head and XMP writer) carries a bib read on a
 * photo that lands later back to an earlier photo of the runner: in the store, the page's bib search, the photo's XMP
 * (keeping the photographer's own rating and keyword) and `find --bib`, under a person id kept from before.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdtemp } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XmpStore } from "../../core/adapters/xmp-store.ts";
import { AnalysisRecord } from "../../core/domain/analysis.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { cosine, decodeEmbedding } from "../../core/domain/people/face-embedding.ts";
import { DEFAULT_CARRY_OPTIONS } from "../../core/domain/people/index.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";
import { Analyzer } from "../../core/pipeline/index.ts";
import { scoreAnalyzed } from "../../core/pipeline/score-shoot.ts";
import { xmpIntentOf } from "../../core/pipeline/xmp-intent.ts";
import { suggestionOf } from "../../companion/http/routes/suggestion-routes.ts";
import { summaryOf } from "../../companion/http/views.ts";
import { DEFAULT_FOLDER } from "../../companion/config/defaults.ts";
import { Daemon } from "../../companion/daemon.ts";
import { queueRelink } from "../../companion/queue/people/queue-relink.ts";
import { coreCrops } from "../../companion/services/core-crops.ts";
import { XmpStoreService } from "../../companion/services/xmp-store-service.ts";
import { syntheticAnalysis } from "../helpers/standing-runner.ts";
import { client, quietLog, SIDECARS, until, workspace } from "./companion-helpers.ts";
import { scoreStep, toPhotoScores } from "../../companion/queue/steps/score-step.ts";
import type { StepContext } from "../../companion/queue/steps/step.ts";
import { KeeperScoring } from "../../companion/services/keeper-scoring.ts";
import { Store } from "../../companion/store/store.ts";
import { makeTempDir, removeTempDir } from "../helpers/make-photos.ts";
import { startExifTool } from "./xmp-helpers.ts";

const PHOTOS = resolve(import.meta.dirname, "../fixtures/photos");
const CLI = new URL("../../companion/bin/stridelight.js", import.meta.url).pathname;
const runCli = (args: string[]) => promisify(execFile)("node", [CLI, ...args], { timeout: 60_000 });

let dir: string;
let records: AnalysisRecord[];

/** The shoot: frame 1 and 2 the same runner, 3 and 4 two others. */
async function makeShoot(into = dir): Promise<string[]> {
  const first = join(PHOTOS, "side-jogger-woman-tanglao-unsplash.jpg");
  const files = ["frame-0001.jpg", "frame-0002.jpg", "frame-0003.jpg", "frame-0004.jpg"].map((f) =>
    join(into, f),
  );
  await copyFile(first, files[0]!);
  const { width, height } = await sharp(first).metadata();
  await sharp(first)
    .extract({
      left: Math.round(width * 0.04),
      top: 0,
      width: Math.round(width * 0.96),
      height: Math.round(height * 0.97),
    })
    .resize({ width: Math.round(width * 0.96 * 0.9) })
    .modulate({ brightness: 1.06 })
    .jpeg({ quality: 88 })
    .toFile(files[1]!);
  await copyFile(join(PHOTOS, "side-runner-street-kurrasch-unsplash.jpg"), files[2]!);
  await copyFile(join(PHOTOS, "side-jogger-waterfront-chander-unsplash.jpg"), files[3]!);
  return files;
}

beforeAll(async () => {
  dir = await makeTempDir();
  const files = await makeShoot();
  const analyzer = await Analyzer.open({ bibs: false });
  try {
    records = [];
    for (const f of files) records.push(AnalysisRecord.parse(await analyzer.analyze(f)));
  } finally {
    await analyzer.close();
  }
}, 180_000);
afterAll(async () => {
  await removeTempDir(dir);
});

const main = (r: { runners: readonly { faceEmbedding?: string }[]; prominent: number | null }) =>
  r.runners[r.prominent ?? 0]!;

describe("face embeddings on real photos", () => {
  it("describes each big enough face, the same face alike and different faces apart", () => {
    const faces = records.map((r) => decodeEmbedding(main(r).faceEmbedding ?? "")!);
    expect(faces.every((f) => f !== null && f.length === 1024)).toBe(true);
    const same = cosine(faces[0]!, faces[1]!);
    expect(same).toBeGreaterThan(0.85);
    expect(cosine(faces[0]!, faces[2]!)).toBeLessThan(same - 0.2);
    expect(cosine(faces[0]!, faces[3]!)).toBeLessThan(same - 0.2);
    expect(records[0]!.models.faceres).toBeDefined();
  });
});

describe("one runner across the shoot, carried bib", () => {
  let scored: ScoreRecord[];
  beforeAll(async () => {
    // The read the fixtures cannot give: bib 1234 on the first frame's runner.
    const withRead = records.map((r, i) =>
      i === 0
        ? {
            ...r,
            runners: r.runners.map((x, k) =>
              k === (r.prominent ?? 0) ? { ...x, bib: "1234", bibConfidence: 0.95 } : x,
            ),
          }
        : r,
    );
    scored = await scoreAnalyzed(withRead, (rows) =>
      rows.map((f) => keeperReference(PRIOR_KEEPER_WEIGHTS, f)),
    );
  });

  it("gives the two frames of one runner one person id and the others their own", () => {
    const persons = scored.map((r) => r.runners[r.prominent ?? 0]!.person);
    expect(persons.every((p) => typeof p === "string")).toBe(true);
    expect(persons[1]).toBe(persons[0]);
    expect(new Set(persons).size).toBe(3);
  });

  it("carries the bib to the second frame, keyworded above the documented confidence, never to the others", () => {
    const second = scored[1]!.runners[scored[1]!.prominent ?? 0]!;
    expect(second).toMatchObject({ bibSource: "carried", carriedBib: "1234" });
    expect(second.bib ?? null).toBeNull(); // nothing read there (bibs were not read on this run at all)
    expect(second.carriedBibConfidence).toBeGreaterThanOrEqual(DEFAULT_CARRY_OPTIONS.keywordConfidence);
    expect(scored[1]!.keywords).toEqual(
      expect.arrayContaining(["Stridelight|bib|1234", "Stridelight|carried bib|1234"]),
    );
    expect(scored[0]!.keywords).toContain("Stridelight|bib|1234");
    expect(scored[0]!.keywords).not.toContain("Stridelight|carried bib|1234");
    for (const r of scored.slice(2)) expect(r.runners.some((x) => x.carriedBib)).toBe(false);
  });

  it("writes it to XMP, and `find --bib` says which photo read it and which carried it", async () => {
    const et = startExifTool();
    try {
      for (const r of scored.slice(0, 3)) {
        const written = await new XmpStore(et).update(r.file, xmpIntentOf(r, { cropAspect: "4:5" }));
        expect(written.ok).toBe(true);
      }
    } finally {
      await et.end();
    }
    const found = await runCli(["find", "--bib", "1234", dir]);
    expect(found.stdout.trim().split("\n").sort()).toEqual(
      [scored[0]!.file, `${scored[1]!.file}\tcarried`].sort(),
    );
    expect(found.stderr).toMatch(/bib 1234 in 2 of 4 photos \(read in 1, carried to 1\)/);
  });

  it("the companion's bib search finds the read and the carried photo and tells them apart", () => {
    const store = Store.open(join(dir, "data"));
    try {
      const ids = scored.map((r, i) => {
        const id = store.photos.create({
          hash: String(i).repeat(64),
          path: r.file,
          folder: dir,
          pairKey: `k${i}`,
          role: "analyzed",
        });
        store.photos.saveScores(id, toPhotoScores(r));
        return id;
      });
      const hits = store.photos.list({ bib: "1234", limit: 10, offset: 0 }).photos.map((p) => p.id);
      expect(hits.sort()).toEqual([ids[0], ids[1]].sort());
      const [read, carried] = [ids[0]!, ids[1]!].map((id) => summaryOf(store.photos.get(id)!));
      expect(read).toMatchObject({ bibs: ["1234"], carriedBibs: [] });
      expect(carried!.bibs).toEqual([]);
      expect(carried!.carriedBibs.map((c) => c.bib)).toEqual(["1234"]);
      expect(carried!.carriedBibs[0]!.confidence).toBeGreaterThan(0.5);
      // What the Lightroom plugin applies: the carried bib's keywords (above the confidence) beside the read one's.
      const forLightroom = [ids[0]!, ids[1]!].map((id) => suggestionOf(store.photos.get(id)!));
      expect(forLightroom[1]!.keywords).toEqual(
        expect.arrayContaining(["Stridelight|bib|1234", "Stridelight|carried bib|1234"]),
      );
      expect(forLightroom[1]!.bibs).toEqual([]);
      expect(forLightroom[0]!.bibs).toEqual(["1234"]);
      expect(forLightroom[0]!.keywords).not.toContain("Stridelight|carried bib|1234");
    } finally {
      store.close();
    }
  });
});

describe("the companion's score step: one runner across the frames around a photo", () => {
  it("links a photo without a capture time with the frames next to it in file order, and keeps the carried bib", async () => {
    const store = Store.open(join(dir, "data-step"));
    const scoring = await KeeperScoring.open();
    try {
      const ids = records.map((r, i) => {
        const read = i === 0 ? withBib(r, "1234") : r;
        const id = store.photos.create({
          hash: `step${i}`.padEnd(64, "0"),
          path: r.file,
          folder: dir,
          pairKey: `step${i}`,
          role: "analyzed",
        });
        // No capture time: the step's neighbours in time are none, only file order finds the first frame.
        store.photos.saveAnalysis(id, read, null);
        return id;
      });
      expect(store.photos.nearInFileOrder(dir, records[1]!.file, 1)).toEqual([ids[0], ids[2]]);
      // The score step reads the store, the scoring service and the folder's policy; the rest of a job's context
      // (events, log, queue) is not used by it.
      const folder = { ...DEFAULT_FOLDER, path: dir };
      const ctx = {
        store,
        services: { scoring },
        folder,
        folderConfig: () => folder,
        urgent: false,
      } as unknown as StepContext;
      for (const id of ids) await scoreStep.run(store.photos.get(id)!, ctx);
      const carried = ids.map((id) => (store.photos.get(id)!.scores!.carriedBibs ?? []).map((c) => c.bib));
      expect(carried).toEqual([[], ["1234"], [], []]);
      expect(store.photos.get(ids[0]!)!.scores!.bibs).toEqual(["1234"]);
    } finally {
      await scoring.close();
      store.close();
    }
  });
});

describe("the running companion: a bib read on a later photo reaches the earlier photos of the runner", () => {
  it("carries it back in the store, the bib search and the XMP, keeps the photographer's edits and the person id, and a second re-link changes nothing", async () => {
    // The companion analyzes as the records say (real models, analyzed above): no capture time (no burst re-score
    // can help), and bib 1234 read only on the SECOND frame, which lands last (777 on another runner's frame).
    const shoot = await runningShoot([null, "1234", "777", null]);
    const { ws, daemon, et, api, photoAt, land, keywordsOf } = shoot;
    try {
      const sidecar = join(ws.importDir, "frame-0001.xmp");
      for (const i of [0, 2, 3]) await land(i);
      const earlier = photoAt("frame-0001.jpg")!;
      expect(earlier.scores!.carriedBibs).toEqual([]);
      expect(await keywordsOf(sidecar)).not.toContain("Stridelight|bib|1234");
      const [runnerBefore] = daemon.store.people.of(earlier.id);
      // The photographer rates the earlier frame and adds a keyword of their own, in the sidecar (Lightroom).
      await et.write(sidecar, {
        Rating: 5,
        HierarchicalSubject: [...(await keywordsOf(sidecar)), "Race|finish"],
      });

      await land(1);
      const later = photoAt("frame-0002.jpg")!;
      const now = photoAt("frame-0001.jpg")!;
      // The store: carried onto the earlier frame, above the keyword confidence; the same person, its id kept.
      expect(now.scores!.carriedBibs!.map((c) => c.bib)).toEqual(["1234"]);
      expect(now.scores!.carriedBibs![0]!.confidence).toBeGreaterThanOrEqual(
        DEFAULT_CARRY_OPTIONS.keywordConfidence,
      );
      expect(runnerBefore?.person).toBeDefined();
      const mainOf = (id: number, r: AnalysisRecord) =>
        daemon.store.people.of(id).find((l) => l.runner === (r.prominent ?? 0))!;
      expect(mainOf(now.id, records[0]!).person).toBe(runnerBefore!.person);
      expect(mainOf(later.id, records[1]!).person).toBe(runnerBefore!.person);
      for (const other of ["frame-0003.jpg", "frame-0004.jpg"])
        expect(photoAt(other)!.scores!.carriedBibs).toEqual([]);
      // The page's bib search: the read and the carried photo, told apart.
      const answer: { json: unknown } = await api(`/api/photos?bib=1234&limit=10`);
      const listed = (
        answer.json as { photos: { path: string; bibs: string[]; carriedBibs: { bib: string }[] }[] }
      ).photos;
      expect(listed.map((p) => p.path).sort()).toEqual([now.path, later.path].sort());
      expect(listed.find((p) => p.path === now.path)).toMatchObject({
        bibs: [],
        carriedBibs: [{ bib: "1234" }],
      });
      // The XMP of the earlier frame: the carried bib keyworded, the photographer's rating and keyword kept.
      const tags = await et.read<Record<string, unknown>>(sidecar);
      expect(await keywordsOf(sidecar)).toEqual(
        expect.arrayContaining(["Stridelight|bib|1234", "Stridelight|carried bib|1234", "Race|finish"]),
      );
      expect(tags.Rating).toBe(5);
      // `find --bib` over the folder: read on the later frame, carried onto the earlier one.
      const found = await runCli(["find", "--bib", "1234", ws.importDir]);
      expect(found.stdout.trim().split("\n").sort()).toEqual([`${now.path}\tcarried`, later.path].sort());
      // Idempotent: asked again, the re-link finds its work done (no new XMP write, the same links).
      const writes = () =>
        (daemon.store.db.prepare(`SELECT COUNT(*) AS n FROM xmp_writes`).get() as { n: number }).n;
      const before = { writes: writes(), links: daemon.store.people.of(now.id) };
      expect(queueRelink({ store: daemon.store }, now)).not.toBeNull();
      await daemon.whenIdle();
      expect({ writes: writes(), links: daemon.store.people.of(now.id) }).toEqual(before);
    } finally {
      await shoot.stop();
    }
  }, 120_000);
});

describe("the running companion: a read whose letter a thumb hid, completed by a later photo", () => {
  it("makes the read the whole bib in the store, the bib search, the XMP and `find --bib`, as `score` does", async () => {
    // The first frame reads 1234 (the letter under a thumb); the second, landing last, reads the whole A01234.
    const shoot = await runningShoot(["1234", "A01234", "777", null]);
    const { ws, names, recordFor, api, photoAt, land, keywordsOf } = shoot;
    try {
      for (const i of [0, 2, 3]) await land(i);
      expect(photoAt("frame-0001.jpg")!.scores!.bibs).toEqual(["1234"]);

      await land(1);
      const now = photoAt("frame-0001.jpg")!;
      const later = photoAt("frame-0002.jpg")!;
      // The store: the earlier frame now reads the whole bib (not a carried one); the other runner keeps 777.
      expect(now.scores).toMatchObject({ bibs: ["A01234"], carriedBibs: [] });
      expect(photoAt("frame-0003.jpg")!.scores!.bibs).toEqual(["777"]);
      // As `score` over the same records says.
      const batch = await scoreAnalyzed(
        names.map((n) => recordFor(join(ws.importDir, n))),
        (rows) => rows.map((f) => keeperReference(PRIOR_KEEPER_WEIGHTS, f)),
      );
      expect(batch[0]!.runners[batch[0]!.prominent ?? 0]).toMatchObject({ bib: "A01234", bibAsRead: "1234" });
      // The page's bib search finds both frames as reads.
      const answer: { json: unknown } = await api(`/api/photos?bib=A01234&limit=10`);
      const listed = (answer.json as { photos: { path: string; bibs: string[] }[] }).photos;
      expect(listed.map((p) => p.path).sort()).toEqual([now.path, later.path].sort());
      expect(listed.every((p) => p.bibs.includes("A01234"))).toBe(true);
      // The XMP: the whole bib keyworded as read, the partial read's keyword gone.
      const keywords = await keywordsOf(join(ws.importDir, "frame-0001.xmp"));
      expect(keywords).toContain("Stridelight|bib|A01234");
      expect(keywords).not.toContain("Stridelight|bib|1234");
      expect(keywords).not.toContain("Stridelight|carried bib|A01234");
      const found = await runCli(["find", "--bib", "A01234", ws.importDir]);
      expect(found.stdout.trim().split("\n").sort()).toEqual([now.path, later.path].sort());
    } finally {
      await shoot.stop();
    }
  }, 120_000);
});

/**
 * A running companion over a fresh copy of the four-frame shoot (the tests above wrote XMP into the shoot's files),
 * analyzing as the records say (real models, analyzed above) with no capture time (no burst re-score can help) and
 * `reads[i]` read on frame i's main runner; frames land when the test says.
 */
async function runningShoot(reads: ReadonlyArray<string | null>) {
  const ws = workspace({ learning: { readBackEveryMs: 0 } }, SIDECARS);
  const names = ["frame-0001.jpg", "frame-0002.jpg", "frame-0003.jpg", "frame-0004.jpg"];
  const sources = await makeShoot(await mkdtemp(join(dir, "pristine-")));
  const recordFor = (file: string): AnalysisRecord => {
    const i = names.indexOf(file.split("/").pop()!);
    const r = { ...records[i]!, file, capture: { ...records[i]!.capture, epochMs: null } };
    const bib = reads[i];
    return bib ? withBib(r, bib) : r;
  };
  const daemon = await Daemon.start({
    configFile: ws.configFile,
    services: {
      analysis: syntheticAnalysis(recordFor),
      scoring: await KeeperScoring.open(),
      crops: coreCrops,
      xmp: new XmpStoreService(),
    },
    logger: quietLog(),
    graceMs: 2000,
  });
  const et = startExifTool();
  const api = client(daemon.port(), readFileSync(join(ws.dataDir, "token"), "utf8").trim());
  const photoAt = (name: string) =>
    daemon.store.photos
      .list({ limit: 10, offset: 0 })
      .photos.find((p) => p.path === join(ws.importDir, name));
  const land = async (i: number) => {
    await copyFile(sources[i]!, join(ws.importDir, names[i]!));
    await until(`${names[i]} done`, () => photoAt(names[i]!)?.status === "done", 30_000, 50);
    await daemon.whenIdle();
  };
  const keywordsOf = async (file: string): Promise<string[]> => {
    const h = (await et.read<Record<string, unknown>>(file)).HierarchicalSubject;
    return Array.isArray(h) ? h.map(String) : typeof h === "string" ? [h] : [];
  };
  const stop = async () => {
    await daemon.stop(); // closes the services
    await et.end();
  };
  return { ws, names, recordFor, daemon, et, api, photoAt, land, keywordsOf, stop };
}

/** The record with `bib` read on its prominent runner (the fixtures have no legible bib). */
function withBib(r: AnalysisRecord, bib: string): AnalysisRecord {
  return {
    ...r,
    runners: r.runners.map((x, k) => (k === (r.prominent ?? 0) ? { ...x, bib, bibConfidence: 0.95 } : x)),
  };
}
