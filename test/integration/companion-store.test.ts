/**
 * The store and queue on a real SQLite file: leases that requeue a dead process's jobs, retries with backoff,
 * idempotent queuing, model roll-back, the write-ahead XMP record on a real sidecar, and live config reloads.
 */
import { copyFileSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_FOLDER } from "../../companion/config/defaults.ts";
import { LiveConfig } from "../../companion/config/live-config.ts";
import { XmpStoreService } from "../../companion/services/xmp-store-service.ts";
import { ProgressEvents } from "../../companion/queue/progress-events.ts";
import type { PhotoServices } from "../../companion/queue/services.ts";
import type { StepContext } from "../../companion/queue/steps/step.ts";
import { writeXmpStep } from "../../companion/queue/steps/write-xmp-step.ts";
import { stillOurs } from "../../companion/learning/rescore.ts";
import { Store } from "../../companion/store/store.ts";
import { fixturePhotos, quietLog, until } from "./companion-helpers.ts";

const stores: Store[] = [];
const open = (dir = mkdtempSync(join(tmpdir(), "sl-store-"))) => {
  const s = Store.open(dir);
  stores.push(s);
  return { store: s, dir };
};
afterEach(() => stores.splice(0).forEach((s) => s.close()));

describe("jobs", () => {
  it("the store runs in WAL mode", () => {
    const { store } = open();
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("the same work is queued once; queuing it again only raises its priority", () => {
    const { store } = open();
    const a = store.jobs.enqueue({ type: "t", key: "k", payload: {} });
    const b = store.jobs.enqueue({ type: "t", key: "k", payload: {}, priority: 5 });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    expect(store.jobs.get(a.id)!.priority).toBe(5);
  });

  it("higher priority is claimed first; a claimed job is not claimed twice while its lease runs", () => {
    const { store } = open();
    store.jobs.enqueue({ type: "t", key: "low", payload: {} });
    store.jobs.enqueue({ type: "t", key: "urgent", payload: {}, priority: 10 });
    expect(store.jobs.claim("A", 60_000, 1).map((j) => j.key)).toEqual(["urgent"]);
    expect(store.jobs.claim("B", 60_000, 5).map((j) => j.key)).toEqual(["low"]);
    expect(store.jobs.claim("C", 60_000, 5)).toEqual([]);
  });

  it("a job whose process died is claimable again: by lease expiry, or at once by the next start-up", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sl-store-"));
    const first = open(dir).store;
    first.jobs.enqueue({ type: "t", key: "a", payload: {} });
    first.jobs.enqueue({ type: "t", key: "b", payload: {} });
    const [a] = first.jobs.claim("dead", 1, 1);
    first.jobs.claim("dead", 60_000, 1);
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 5)); // let the 1 ms lease run out on any clock
    const second = open(dir).store; // a new process on the same data folder
    expect(second.jobs.claim("alive", 60_000, 5).map((j) => j.id)).toEqual([a!.id]); // lease of 1 ms ran out
    expect(second.jobs.recoverAbandoned("alive")).toBe(1); // the other one, leased to the dead process
    expect(second.jobs.counts()).toMatchObject({ queued: 1, running: 1 });
  });

  it("a failure is retried after its backoff, and is dead once its attempts are spent", () => {
    const { store } = open();
    const { id } = store.jobs.enqueue({ type: "t", key: "k", payload: {}, maxAttempts: 2 });
    store.jobs.claim("A", 60_000, 1);
    expect(store.jobs.fail(id, "A", "disk busy", 60_000)).toBe("queued");
    expect(store.jobs.claim("A", 60_000, 1)).toEqual([]); // still backing off
    store.db.prepare(`UPDATE jobs SET run_after = 0`).run();
    expect(store.jobs.claim("A", 60_000, 1)).toHaveLength(1);
    expect(store.jobs.fail(id, "A", "disk busy", 10)).toBe("dead");
    expect(store.jobs.get(id)).toMatchObject({ state: "dead", attempts: 2, lastError: "disk busy" });
  });

  it("a job handed back on shutdown does not count as an attempt", () => {
    const { store } = open();
    const { id } = store.jobs.enqueue({ type: "t", key: "k", payload: {} });
    store.jobs.claim("A", 60_000, 1);
    store.jobs.release(id, "A");
    expect(store.jobs.get(id)).toMatchObject({ state: "queued", attempts: 0 });
  });
});

describe("re-scoring after a promotion", () => {
  it("skips a photo the photographer rated after the re-score was queued", () => {
    const { store } = open();
    const id = store.photos.create({
      hash: "c".repeat(64),
      path: "/c.jpg",
      folder: "/",
      pairKey: "c",
      role: "analyzed",
    });
    expect(stillOurs(store, id)).toBe(true);
    store.feedback.add({ photoId: id, kind: "rating", value: 5, proposal: 3, source: "lightroom" });
    expect(stillOurs(store, id)).toBe(false);
  });
});

describe("models", () => {
  it("records versions, knows the active one, and rolls back to the previous one", () => {
    const { store } = open();
    store.models.activate("keeper-head", "1");
    store.models.activate("keeper-head", "2", { weights: [1] });
    expect(store.models.active("keeper-head")!.version).toBe("2");
    expect(store.models.rollBack("keeper-head")!.version).toBe("1");
    expect(store.models.rollBack("keeper-head")).toBeNull();
  });
});

describe("exactly-once XMP write", () => {
  it("a plan written, replaced by another, then wanted again (best -> other -> best) is a new intent", () => {
    const { store } = open();
    const id = store.photos.create({
      hash: "b".repeat(64),
      path: "/x.jpg",
      folder: "/",
      pairKey: "k",
      role: "analyzed",
    });
    const write = (hash: string) => {
      const { record, created } = store.writes.intend(id, "/x.xmp", hash, { hash });
      if (created) store.writes.finish(record.id, "done", null);
      return created;
    };
    expect(write("best")).toBe(true);
    expect(write("best")).toBe(false); // already the file's latest write
    expect(write("other")).toBe(true);
    expect(write("best")).toBe(true); // written again: the file says "other" now
    expect(store.writes.latest(id, "/x.xmp")!.planHash).toBe("best");
  });

  it("an intent left open by a crash is found complete on the file and not written again", async () => {
    const { store, dir } = open();
    const photoPath = join(dir, "runner.jpg");
    copyFileSync(fixturePhotos()[0]!, photoPath);
    const id = store.photos.create({
      hash: "a".repeat(64),
      path: photoPath,
      folder: dir,
      pairKey: "k",
      role: "analyzed",
    });
    store.photos.saveScores(id, {
      keeper: 0.8,
      stars: 4,
      label: null,
      flags: [],
      bibs: ["123"],
      keywords: ["Stridelight|style|good"],
      burst: null,
      parts: { keeper: 0.8 },
      explanations: [],
    });
    const xmp = new XmpStoreService();
    let writes = 0;
    const counting = {
      ...xmp,
      write: (...a: Parameters<XmpStoreService["write"]>) => (writes++, xmp.write(...a)),
      holds: xmp.holds.bind(xmp),
      close: xmp.close.bind(xmp),
    };
    const services = {
      analysis: { models: { centernet: "1" } },
      scoring: { models: { "keeper-head": "1" } },
      xmp: counting,
    } as unknown as PhotoServices;
    // Sidecars (the default writes into the JPEG): the inode of one sidecar proves "not written again".
    const folder = {
      ...DEFAULT_FOLDER,
      sidecar: { ...DEFAULT_FOLDER.sidecar, neverModifyOriginals: true },
      path: dir,
    };
    const ctx = {
      store,
      services,
      events: new ProgressEvents(),
      log: quietLog(),
      folder,
      folderConfig: () => folder,
      urgent: false,
      roots: () => [dir], // the folder the photo lies in: XMP is written only inside the companion's folders
    } as unknown as StepContext;
    try {
      await writeXmpStep.run(store.photos.get(id)!, ctx);
      const sidecar = join(dir, "runner.xmp");
      const before = statSync(sidecar);
      expect(writes).toBe(1);
      // The crash: the file was written, the "done" never reached the store.
      store.db.prepare(`UPDATE xmp_writes SET state = 'intent', done_at = NULL`).run();
      expect(writeXmpStep.needed(store.photos.get(id)!, ctx)).toBe(true);
      await writeXmpStep.run(store.photos.get(id)!, ctx);
      expect(writes).toBe(1);
      expect(statSync(sidecar).ino).toBe(before.ino);
      expect(statSync(sidecar).mtimeMs).toBe(before.mtimeMs);
      const [record] = store.writes.forPhoto(id);
      expect(record).toMatchObject({ state: "done", outcome: { recovered: true } });
      expect(writeXmpStep.needed(store.photos.get(id)!, ctx)).toBe(false);
    } finally {
      await xmp.close();
    }
  });
});

describe("live config", () => {
  it("a good edit is taken, a broken edit keeps the last good config and says why", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sl-config-"));
    const file = join(dir, "watch-config.json");
    writeFileSync(file, JSON.stringify({ version: 1, folders: [{ path: "a" }] }));
    const live = await LiveConfig.open(file);
    const rejected: string[][] = [];
    live.onRejected = (e) => rejected.push([...e.problems]);
    try {
      writeFileSync(file, JSON.stringify({ version: 1, folders: [{ path: "b" }] }));
      await until("the good edit", () => live.config.folders[0]!.path === join(dir, "b"), 5000);
      writeFileSync(file, `{ "version": 1, "folders": [{ "path": "c", "recursive": "no" }] }`);
      await until("the broken edit to be rejected", () => rejected.length > 0, 5000);
      expect(live.config.folders[0]!.path).toBe(join(dir, "b"));
      expect(rejected.at(-1)!.join()).toMatch(/folders\[0\]\.recursive/);
      writeFileSync(file, "{ not json");
      await until(
        "the unparsable edit to be rejected",
        () => rejected.some((r) => /not valid JSON/.test(r.join())),
        5000,
      );
      expect(live.config.folders[0]!.path).toBe(join(dir, "b"));
    } finally {
      live.close();
    }
  });
});
