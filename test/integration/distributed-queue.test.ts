/**
 * The batch CLI on a real Redis (a private redis-server on a free loopback port, with a password): two worker
 * processes, one killed with SIGKILL mid-batch. Every photo must come back exactly once, equal to what the embedded
 * queue gives for the same photos (timings aside). Needs redis-server (test/system-packages.sh installs it).
 */
import { execFile, spawn } from "node:child_process";
import { appendFileSync, copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANALYSIS_QUEUE } from "../../companion/distributed/analysis-job.ts";
import { connectionOptions } from "../../companion/distributed/connection.ts";
import {
  freePort,
  redisServerAvailable,
  startLocalRedis,
  type LocalRedis,
} from "../../companion/distributed/local-redis.ts";
import { parseRedisUrl, type RedisTarget } from "../../companion/distributed/queue-url.ts";
import { startWorkerProcess, type WorkerProcess } from "../../companion/distributed/worker-process.ts";
import { withoutTimings } from "../../companion/distributed/same-result.ts";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
/** The CLI (override while `worker`/`--queue` are not yet wired into main.ts elsewhere). */
const CLI = process.env.STRIDELIGHT_TEST_CLI ?? join(ROOT, "companion/bin/stridelight.js");
const PHOTOS = join(ROOT, "test/fixtures/photos");
const NAMES = [
  "side-runner-street-kurrasch-unsplash.jpg",
  "side-jogger-woman-tanglao-unsplash.jpg",
  "side-jogger-waterfront-chander-unsplash.jpg",
  "jogger-road-rear-jennyhill-unsplash.jpg",
  "runner-on-rock-small-lapak-unsplash.jpg",
];
const COPIES = 3;
const LOCK_MS = 3000;

const available = redisServerAvailable();
if (!available) console.warn("distributed-queue: skipped, no redis-server (run test/system-packages.sh)");

let redis: LocalRedis;
let target: RedisTarget;
let folder: string;
let embedded: Map<string, unknown>;
const workers: WorkerProcess[] = [];

/** Different files (a trailing byte after the JPEG's end) that decode to the same picture. */
function photoFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "stridelight-distributed-"));
  for (let c = 0; c < COPIES; c++)
    for (const name of NAMES) {
      const dest = join(dir, name.replace(".jpg", `-${c}.jpg`));
      copyFileSync(join(PHOTOS, name), dest);
      if (c) appendFileSync(dest, Buffer.from([c]));
    }
  writeFileSync(join(dir, "notes.jpg"), "this is not a photo");
  return dir;
}

function byFile(stdout: string): Map<string, unknown> {
  const lines = stdout.split("\n").filter((l) => l.trim());
  const map = new Map<string, unknown>();
  for (const line of lines) {
    const record = JSON.parse(line) as { file: string };
    expect(map.has(record.file), `${record.file} printed twice`).toBe(false);
    map.set(record.file, withoutTimings(record));
  }
  expect(map.size).toBe(lines.length);
  return map;
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((done) => child.on("exit", (code) => done({ code, stdout, stderr })));
}

// CI installs redis-server (npm run test:system-packages): there its absence fails instead of skipping.
describe.skipIf(!available && !process.env.CI)("score --queue over Redis with two worker processes", () => {
  beforeAll(async () => {
    folder = photoFolder();
    redis = await startLocalRedis();
    const parsed = parseRedisUrl(redis.url);
    if (!parsed.ok) throw new Error(parsed.error);
    target = parsed.target;
    const [reference] = await Promise.all([
      run(process.execPath, [CLI, "score", "--jsonl", "--workers", "1", folder], { maxBuffer: 64 << 20 }),
      ...[1, 2].map(async (n) =>
        workers.push(
          await startWorkerProcess({ url: redis.url, workers: 1, lockMs: LOCK_MS, name: `w${n}` }),
        ),
      ),
    ]);
    embedded = byFile(reference.stdout);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill("SIGTERM")));
    await redis?.stop();
  });

  it("prints every photo exactly once, equal to the embedded run, after a worker is killed mid-batch", async () => {
    const queue = new Queue(ANALYSIS_QUEUE, { connection: connectionOptions(target) });
    const events = new QueueEvents(ANALYSIS_QUEUE, { connection: connectionOptions(target) });
    const stalled: string[] = [];
    events.on("stalled", ({ jobId }) => stalled.push(jobId));
    await events.waitUntilReady();
    const cli = runCli(["score", "--jsonl", "--workers", "0", "--queue", redis.url, folder]);
    // Kill one worker while it holds a job and others still wait.
    for (let i = 0; i < 600; i++) {
      const counts = await queue.getJobCounts("completed", "active", "waiting");
      if (counts.completed! >= 2 && counts.waiting! >= 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await workers[0]!.kill("SIGKILL");
    const { code, stdout, stderr } = await cli;
    await events.close();
    await queue.close();

    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain(redis.password);
    const queued = byFile(stdout);
    expect([...queued.keys()].sort()).toEqual([...embedded.keys()].sort());
    expect(queued.size).toBe(NAMES.length * COPIES + 1);
    for (const [file, record] of embedded) {
      const got = queued.get(file) as { error?: { code: string; message: string } };
      const want = record as { error?: { code: string; message: string } };
      if (!want.error) expect(got, file).toEqual(record);
      // A failed photo names the machine that tried it, besides the file and the reason.
      else {
        expect(got.error?.code, file).toBe(want.error.code);
        expect(got.error?.message, file).toMatch(/ \(on w[12]\)$/);
        expect(got.error?.message.startsWith(want.error.message), file).toBe(true);
      }
    }
    expect(stalled.length, "the killed worker's job was recovered by stall detection").toBeGreaterThanOrEqual(
      1,
    );
  });

  it("stops with a clear error naming the URL (password hidden) when Redis cannot be reached", async () => {
    const url = `redis://:hunter2@127.0.0.1:${await freePort()}/0`;
    const { code, stderr } = await runCli(["score", "--jsonl", "--workers", "0", "--queue", url, folder]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot reach the Redis queue at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0/);
    expect(stderr).not.toContain("hunter2");
  });
});
