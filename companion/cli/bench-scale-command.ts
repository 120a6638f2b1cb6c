/**
 * `npm run bench:scale [-- folder]`: the same photos on the embedded pool, then on the Redis queue with one and
 * with two worker processes (one analysis thread each, so "2 workers" uses the same 2 cores as the embedded pool),
 * and what the queue costs per photo: commands clients send to Redis and bytes in and out.
 * Without --queue it runs its own redis-server on a free loopback port with a random password.
 */
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { AnyRecord } from "../../core/domain/analysis.ts";
import { ANALYSIS_QUEUE } from "../distributed/analysis-job.ts";
import { connectionOptions } from "../distributed/connection.ts";
import { startLocalRedis, redisServerAvailable } from "../distributed/local-redis.ts";
import { meterRedis, type RedisTraffic } from "../distributed/redis-meter.ts";
import { runOnQueue } from "../batch/run-on-queue.ts";
import { startWorkerProcess, type WorkerProcess } from "../distributed/worker-process.ts";
import type { RedisTarget } from "../distributed/queue-url.ts";
import { UsageError } from "./options.ts";
import { listPhotos } from "../files/photo-files.ts";
import { redisTarget } from "./queue-options.ts";
import { DEV_DATA } from "./repo-paths.ts";
import { runPhotos } from "../batch/run-photos.ts";
import { WORKING_SIZE, WorkingSize } from "../../core/domain/working-size.ts";

export interface BenchScaleFlags {
  queue?: string;
  limit?: string;
  maxSide?: string;
}

interface Row {
  readonly name: string;
  readonly photos: number;
  readonly seconds: number;
  readonly traffic?: RedisTraffic;
}

export async function benchScaleCommand(folder: string | undefined, flags: BenchScaleFlags): Promise<void> {
  const files = await benchPhotos(folder ?? DEV_DATA, flags.limit);
  const maxSide = flags.maxSide ? workingSizeFlag(flags.maxSide) : WORKING_SIZE.default;
  const own = flags.queue ? null : await startOwnRedis();
  const url = flags.queue ?? own!.url;
  const target = redisTarget(url);
  try {
    const rows: Row[] = [];
    const embedded = await runPhotos(files, { workers: 2, maxSide });
    rows.push({ name: "embedded queue, 2 worker threads", photos: files.length, seconds: embedded.seconds });
    rows.push(await queueRun("Redis, 1 worker process (1 thread)", files, url, target, 1, maxSide, true));
    rows.push(
      await queueRun("Redis, 2 worker processes (1 thread each)", files, url, target, 2, maxSide, false),
    );
    process.stdout.write(`${scaleReport(rows, target.shown)}\n`);
  } finally {
    await own?.stop();
  }
}

async function benchPhotos(folder: string, limit: string | undefined): Promise<string[]> {
  if (!existsSync(folder))
    throw new UsageError(`${folder}: no such folder (give a folder of photos to measure)`);
  const { files } = await listPhotos([folder]);
  if (files.length === 0) throw new UsageError(`${folder}: no photos in this folder`);
  return limit ? files.slice(0, Number(limit)) : files;
}

async function startOwnRedis() {
  if (!redisServerAvailable())
    throw new UsageError("no redis-server here: install it, or give --queue redis://…");
  return startLocalRedis();
}

/** Empties our queue first: job ids are content hashes, so a second run would otherwise be answered from the first. */
async function queueRun(
  name: string,
  files: string[],
  url: string,
  target: RedisTarget,
  processes: number,
  maxSide: number,
  monitor: boolean,
): Promise<Row> {
  await forget(target);
  const workers: WorkerProcess[] = await Promise.all(
    Array.from({ length: processes }, (_, i) =>
      startWorkerProcess({ url, workers: 1, maxSide, name: `bench-${i + 1}` }),
    ),
  );
  const client = new Redis(connectionOptions(target));
  try {
    const meter = await meterRedis(client, monitor);
    const run = await runOnQueue(files, { target, workers: 0, maxSide });
    const traffic = await meter.stop();
    failIfBroken(run.records);
    return { name, photos: files.length, seconds: run.seconds, traffic };
  } finally {
    client.disconnect();
    await Promise.all(workers.map((w) => w.kill("SIGTERM")));
  }
}

async function forget(target: RedisTarget): Promise<void> {
  const queue = new Queue(ANALYSIS_QUEUE, { connection: connectionOptions(target) });
  await queue.obliterate({ force: true });
  await queue.close();
}

function failIfBroken(records: AnyRecord[]): void {
  const crashed = records.filter((r) => "error" in r && r.error.code === "analysis-failed");
  if (crashed.length)
    throw new Error(
      `${crashed.length} photos failed on the queue: ${(crashed[0] as { error: { message: string } }).error.message}`,
    );
}

export function scaleReport(rows: readonly Row[], shownUrl: string): string {
  const base = rows[0]!.photos / rows[0]!.seconds;
  const lines = [
    `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, node ${process.version}; queue ${shownUrl}`,
    "| run | photos | seconds | photos/s | vs embedded | Redis commands/photo | bytes in/photo | bytes out/photo |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => row(r, base)),
  ];
  const counted = rows.find((r) => r.traffic?.commands);
  if (counted) {
    const per = Object.entries(counted.traffic!.byCommand)
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c} ${(n / counted.photos).toFixed(2)}`);
    lines.push(
      `commands per photo by name (${counted.name}, MONITOR, scripts count once): ${per.join(", ")}`,
    );
  }
  return lines.join("\n");
}

function row(r: Row, base: number): string {
  const rate = r.photos / r.seconds;
  const t = r.traffic;
  const cmds = t?.commands ? (t.commands / r.photos).toFixed(1) : "";
  // MONITOR's own output is counted in bytes out: only runs without it show bytes.
  const bytes =
    t && !t.commands ? [(t.bytesIn / r.photos).toFixed(0), (t.bytesOut / r.photos).toFixed(0)] : ["", ""];
  return `| ${r.name} | ${r.photos} | ${r.seconds.toFixed(1)} | ${rate.toFixed(2)} | ${((rate / base) * 100).toFixed(0)} % | ${cmds} | ${bytes[0]} | ${bytes[1]} |`;
}

function workingSizeFlag(text: string): number {
  const parsed = WorkingSize.safeParse(Number(text));
  if (parsed.success) return parsed.data;
  throw new UsageError(`--max-side must be a whole number from ${WORKING_SIZE.min} to ${WORKING_SIZE.max}`);
}
