/**
 * The companion on a real Redis queue (a private redis-server on a free loopback port, with a password), with a
 * second, real worker whose own model set has another iris version and whose model cache holds a tampered file.
 * The companion advertises itself as the model source; the worker fetches the pinned iris with the pairing token,
 * checks its hash and ANALYZES. /api/status and the progress stream show the queue's depth, both workers (from
 * their heartbeats) and the failures.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Job, Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODELS_DIR, sha256Hex } from "../../core/models/paths.ts";
import {
  ANALYSIS_QUEUE,
  machineName,
  settingsKey,
  type AnalysisJobData,
  type AnalysisJobResult,
  type ModelSet,
} from "../../companion/distributed/analysis-job.ts";
import { QueueWorker } from "../../companion/distributed/queue-worker.ts";
import { connectionOptions } from "../../companion/distributed/connection.ts";
import {
  redisServerAvailable,
  startLocalRedis,
  type LocalRedis,
} from "../../companion/distributed/local-redis.ts";
import { localModelSet } from "../../companion/distributed/model-set.ts";
import type { QueueStatus } from "../../companion/distributed/queue-status.ts";
import { parseRedisUrl, type RedisTarget } from "../../companion/distributed/queue-url.ts";
import { Daemon } from "../../companion/daemon.ts";
import { client, dropPhotos, quietLog, until, workspace, type Workspace } from "./companion-helpers.ts";

const available = redisServerAvailable();
if (!available) console.warn("distributed-companion: skipped, no redis-server (run test/system-packages.sh)");

const OTHER = "iris";
const FETCHER = "fetcher";

let redis: LocalRedis;
let target: RedisTarget;
let ws: Workspace;
let daemon: Daemon;
let fetcher: QueueWorker;
let wanted: ModelSet;
let cacheRoot: string;
let api: ReturnType<typeof client>;

/**
 * A worker machine's models/: the same files, except an iris that differs from the companion's (valid ONNX with
 * an extra doc_string, under its own card version and hash), so jobs pinning the companion's iris must fetch it.
 */
function otherWorkerModels(): string {
  const dir = mkdtempSync(join(tmpdir(), "stridelight-other-models-"));
  for (const name of readdirSync(DEFAULT_MODELS_DIR).filter((n) => /\.(card\.json|onnx)$/.test(n)))
    if (!name.startsWith(`${OTHER}.`)) symlinkSync(join(DEFAULT_MODELS_DIR, name), join(dir, name));
  // Protobuf field 6 (ModelProto.doc_string), length-delimited: the same graph, other bytes.
  const doc = Buffer.from("other machine");
  const bytes = Buffer.concat([
    readFileSync(join(DEFAULT_MODELS_DIR, `${OTHER}.onnx`)),
    Buffer.from([0x32, doc.length]),
    doc,
  ]);
  writeFileSync(join(dir, `${OTHER}.onnx`), bytes);
  const card = JSON.parse(readFileSync(join(DEFAULT_MODELS_DIR, `${OTHER}.card.json`), "utf8")) as object;
  writeFileSync(
    join(dir, `${OTHER}.card.json`),
    JSON.stringify({ ...card, version: "0-other", sha256: sha256Hex(bytes) }),
  );
  return dir;
}

/** A cache that already holds the pinned iris's card, but with bytes that are not the pinned file. */
function tamperedCache(): string {
  const root = mkdtempSync(join(tmpdir(), "stridelight-model-cache-"));
  const dir = join(root, settingsKey(wanted, 0));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${OTHER}.onnx`), "not the model");
  writeFileSync(
    join(dir, `${OTHER}.card.json`),
    readFileSync(join(DEFAULT_MODELS_DIR, `${OTHER}.card.json`)),
  );
  return root;
}

/** Copies of one fixture (name-copyN.jpg) decode to the same picture. */
const picture = (file: string) => file.replace(/-copy\d+(?=\.jpg$)/, "");

/** What the models decide, without timings and the file's own identity. */
function comparable(record: object): unknown {
  const own = new Set(["timings", "file", "source"]);
  return Object.fromEntries(Object.entries(record).filter(([key]) => !own.has(key)));
}

interface Status {
  folders: { done: number; failed: number }[];
  distributed: QueueStatus;
}

async function status(): Promise<Status> {
  const answer = await api("/api/status");
  expect(answer.status).toBe(200);
  return answer.json as Status;
}

// CI installs redis-server (npm run test:system-packages): there its absence fails instead of skipping.
describe.skipIf(!available && !process.env.CI)(
  "the companion on a Redis queue with a worker that fetches its models",
  () => {
    beforeAll(async () => {
      redis = await startLocalRedis();
      const parsed = parseRedisUrl(redis.url);
      if (!parsed.ok) throw new Error(parsed.error);
      target = parsed.target;
      wanted = await localModelSet();
      cacheRoot = tamperedCache();
      ws = workspace({ workers: 1, queue: { kind: "redis", url: redis.url, attempts: 2 } });
      daemon = await Daemon.start({ configFile: ws.configFile, logger: quietLog(), graceMs: 5000 });
      const token = readFileSync(join(ws.dataDir, "token"), "utf8").trim();
      api = client(daemon.port(), token);
      fetcher = await QueueWorker.start(target, {
        workers: 1,
        machine: FETCHER,
        modelsDir: otherWorkerModels(),
        modelCache: cacheRoot,
        token,
        log: quietLog(),
      });
    }, 120_000);

    afterAll(async () => {
      await fetcher?.close();
      await daemon?.stop();
      await redis?.stop();
    });

    it("analyzes every photo, some on the worker with the fetched model, and shows workers and failures", async () => {
      const photos = dropPhotos(ws.importDir, 2);
      writeFileSync(join(ws.importDir, "notes.jpg"), "this is not a photo");
      const settled = await until(
        "every photo done",
        async () => {
          const s = await status();
          const finished = s.folders.reduce((n, f) => n + f.done + f.failed, 0);
          return finished === photos.length + 1 && s;
        },
        120_000,
        500,
      );

      // The worker fetched the companion's iris over the API, replacing the tampered cache entry.
      const cached = readFileSync(join(cacheRoot, settingsKey(wanted, 0), `${OTHER}.onnx`));
      expect(sha256Hex(cached)).toBe(wanted[OTHER]!.sha256);
      const queue = new Queue(ANALYSIS_QUEUE, { connection: connectionOptions(target) });
      try {
        const jobs = (await queue.getCompleted(0, 100)) as Job<AnalysisJobData, AnalysisJobResult>[];
        expect(jobs.map((j) => j.data.modelSource)).toEqual(
          jobs.map(() => `http://127.0.0.1:${daemon.port()}`),
        );
        const byFetcher = jobs.filter((j) => j.returnvalue.machine === FETCHER);
        expect(byFetcher.length, "the other worker took at least one photo").toBeGreaterThan(0);
        for (const job of byFetcher) {
          const record = job.returnvalue.record;
          if ("error" in record) continue;
          expect(record.models[OTHER]).toBe(wanted[OTHER]!.version);
          // The same picture analyzed by the companion's own worker (another copy) must come out the same.
          const twin = jobs.find(
            (j) => j.returnvalue.machine !== FETCHER && picture(j.data.file) === picture(job.data.file),
          );
          if (twin) expect(comparable(record)).toEqual(comparable(twin.returnvalue.record));
        }
      } finally {
        await queue.close();
      }

      // Progress: depth, both workers with their counts (heartbeats lag by up to a beat), and the broken file.
      const { distributed } = await until(
        "the heartbeats to count every photo",
        async () => {
          const s = await status();
          const total = s.distributed.workers.reduce((n, w) => n + w.jobsDone, 0);
          return total >= photos.length + 1 && s;
        },
        15_000,
        500,
      );
      expect(settled.distributed.depth.waiting).toBe(0);
      expect(distributed.problem).toBeNull();
      expect(distributed.queue).not.toContain(redis.password);
      expect(distributed.depth).toMatchObject({ waiting: 0, active: 0 });
      expect(distributed.depth.completed).toBeGreaterThanOrEqual(photos.length);
      const names = distributed.workers.map((w) => w.machine).sort();
      expect(names).toEqual([FETCHER, machineName()].sort());
      const total = distributed.workers.reduce((n, w) => n + w.jobsDone, 0);
      expect(total).toBeGreaterThanOrEqual(photos.length + 1);
      for (const w of distributed.workers) {
        expect(Date.now() - w.lastSeen).toBeLessThan(10_000);
        expect(w.photosPerSecond).toBeGreaterThan(0);
      }
      expect(distributed.failuresTotal).toBe(1);
      expect(distributed.failures[0]!.file).toMatch(/notes\.jpg$/);
      expect(distributed.failures[0]!.reason).toMatch(/\(on (fetcher|.+\/\d+)\)/);
    }, 150_000);

    it("streams the queue's workers on /api/events, and a worker that stops leaves the list", async () => {
      const token = readFileSync(join(ws.dataDir, "token"), "utf8").trim();
      const response = await fetch(`http://127.0.0.1:${daemon.port()}/api/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const reader = response.body!.getReader();
      let text = "";
      const decoder = new TextDecoder();
      while (!/event: status\ndata: .*\n\n/.test(text)) {
        const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
      await reader.cancel();
      const data = JSON.parse(/event: status\ndata: (.*)\n\n/.exec(text)![1]!) as {
        distributed: QueueStatus;
      };
      expect(data.distributed.workers.map((w) => w.machine)).toContain(FETCHER);

      await fetcher.close();
      const after = await status();
      expect(after.distributed.workers.map((w) => w.machine)).toEqual([machineName()]);
    }, 30_000);
  },
);
