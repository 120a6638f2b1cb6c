/**
 * The demo, runnable with `npx tsx scripts/demo-kill.ts [count]`: `score --jsonl --queue …`
 * over the first 40 dev photos with two external workers, one killed with SIGKILL mid-batch. It must print exactly
 * one result line per photo, each equal (timings aside) to the embedded queue's run of the same photos. Uses a
 * private redis-server on a free loopback port; skips with a reason when the dev photos or redis-server are absent.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { listPhotos } from "../companion/files/photo-files.ts";
import { ANALYSIS_QUEUE } from "../companion/distributed/analysis-job.ts";
import { connectionOptions } from "../companion/distributed/connection.ts";
import { redisServerAvailable, startLocalRedis } from "../companion/distributed/local-redis.ts";
import { parseRedisUrl } from "../companion/distributed/queue-url.ts";
import { redactSecrets } from "../companion/distributed/redact-url.ts";
import { startWorkerProcess, type WorkerProcess } from "../companion/distributed/worker-process.ts";
import { withoutTimings } from "../companion/distributed/same-result.ts";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "companion/bin/stridelight.js");
const DEV = resolve(ROOT, "../shared/data/dev");
const LOCK_MS = 5000;

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

function runCli(args: readonly string[]): Promise<CliRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((done) =>
    child.on("exit", (code) => done({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000 })),
  );
}

interface Line {
  readonly file: string;
  readonly record: unknown;
  /** The line without timings, keys in the order printed. */
  readonly text: string;
}

function linesOf(stdout: string): Line[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim())
    .map((line) => {
      const record = JSON.parse(line) as { file: string };
      const bare = withoutTimings(record);
      return { file: record.file, record: bare, text: JSON.stringify(bare) };
    });
}

/** The first place two records differ (key order aside), or null when they are equal. */
function firstDifference(a: unknown, b: unknown, path = ""): string | null {
  if (a === b) return null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
    return `${path || "(record)"}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (d) return d;
  }
  return null;
}

/** Waits until the batch is under way (some done, several waiting), then kills the first worker. */
async function killMidBatch(url: string, victim: WorkerProcess): Promise<string> {
  const parsed = parseRedisUrl(url);
  if (!parsed.ok) throw new Error(parsed.error);
  const queue = new Queue(ANALYSIS_QUEUE, { connection: connectionOptions(parsed.target) });
  try {
    for (let i = 0; i < 1200; i++) {
      const counts = await queue.getJobCounts("completed", "active", "waiting");
      if (counts.completed! >= 5 && counts.waiting! >= 5 && counts.active! >= 1) {
        await victim.kill("SIGKILL");
        return `killed w1 (SIGKILL) with ${counts.completed} done, ${counts.active} running, ${counts.waiting} waiting`;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return "the batch never reached the kill point";
  } finally {
    await queue.close();
  }
}

async function main(): Promise<number> {
  const count = Number(process.argv[2] ?? 40);
  if (!existsSync(DEV)) return skip(`no dev photos at ${DEV} (they are never in the repository)`);
  if (!redisServerAvailable()) return skip("no redis-server (apt-get install redis-server)");
  const files = (await listPhotos([DEV])).files.sort().slice(0, count);
  console.log(`demo: ${files.length} photos from ${DEV}`);

  const embedded = await runCli(["score", "--jsonl", "--workers", "2", ...files]);
  if (embedded.code !== 0) throw new Error(`embedded run failed: ${embedded.stderr.slice(-400)}`);
  console.log(`embedded queue (2 worker threads): ${embedded.seconds.toFixed(1)} s`);

  const redis = await startLocalRedis();
  const workers: WorkerProcess[] = [];
  try {
    for (const name of ["w1", "w2"])
      workers.push(await startWorkerProcess({ url: redis.url, workers: 1, lockMs: LOCK_MS, name }));
    const parsed = parseRedisUrl(redis.url);
    if (!parsed.ok) throw new Error(parsed.error);
    const events = new QueueEvents(ANALYSIS_QUEUE, { connection: connectionOptions(parsed.target) });
    let stalled = 0;
    events.on("stalled", () => (stalled += 1));
    await events.waitUntilReady();
    const run = runCli(["score", "--jsonl", "--workers", "0", "--queue", redis.url, ...files]);
    console.log(await killMidBatch(redis.url, workers[0]!));
    const queued = await run;
    await events.close();
    console.log(
      `Redis queue, 2 external workers (1 killed): ${queued.seconds.toFixed(1)} s, exit ${queued.code}, ` +
        `${stalled} stalled job(s) recovered`,
    );
    if (queued.stderr.includes(redis.password)) console.log("PROBLEM: the Redis password reached stderr");
    console.log(redactSecrets(queued.stderr.trim().split("\n").slice(-1)[0] ?? ""));
    return compare(linesOf(embedded.stdout), linesOf(queued.stdout), files.length);
  } finally {
    await Promise.all(workers.map((w) => w.kill("SIGTERM")));
    await redis.stop();
  }
}

function compare(embedded: readonly Line[], queued: readonly Line[], expected: number): number {
  const want = new Map(embedded.map((l) => [l.file, l.record]));
  const wantText = new Map(embedded.map((l) => [l.file, l.text]));
  const seen = new Set<string>();
  let equal = 0;
  let sameText = 0;
  const problems: string[] = [];
  for (const line of queued) {
    if (seen.has(line.file)) problems.push(`${line.file}: printed twice`);
    seen.add(line.file);
    const difference = want.has(line.file)
      ? firstDifference(want.get(line.file), line.record)
      : "not in the embedded run";
    if (difference === null) equal += 1;
    if (wantText.get(line.file) === line.text) sameText += 1;
    else problems.push(`${line.file}: ${difference}`);
  }
  const inOrder = queued.map((l) => l.file).join("\n") === embedded.map((l) => l.file).join("\n");
  console.log(
    `result lines: ${queued.length} (expected ${expected}); equal to the embedded run: ${equal}/${expected} ` +
      `(${sameText} with identical text, timings aside); same order: ${inOrder ? "yes" : "no"}`,
  );
  for (const p of problems.slice(0, 10)) console.log(`  ${p}`);
  return queued.length === expected && equal === expected && inOrder ? 0 : 1;
}

function skip(reason: string): number {
  console.log(`demo skipped: ${reason}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  },
);
