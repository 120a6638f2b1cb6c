/**
 * Which workers are connected, and how they are doing. BullMQ keeps no registry of workers we can rely on, so each
 * worker writes a small Redis hash (host, jobs done, photos/s, failures) every few seconds with a TTL, and adds
 * itself to an index; a worker that dies stops writing and disappears after the TTL. Owners read them for
 * /api/status, the progress stream and the page.
 */
import { hostname } from "node:os";
import { Redis } from "ioredis";
import { z } from "zod";
import { connectionOptions } from "./connection.ts";
import type { RedisTarget } from "./queue-url.ts";

export const WORKERS_INDEX = "stridelight:workers";
export const HEARTBEAT_MS = 3000;
/** Long enough that a worker busy loading models is not dropped; short enough that a dead one soon goes. */
export const HEARTBEAT_TTL_S = 30;

export const workerKey = (machine: string) => `stridelight:worker:${machine}`;

const count = z.coerce.number().nonnegative();

export const WorkerBeat = z.object({
  machine: z.string(),
  host: z.string(),
  threads: count,
  jobsDone: count,
  failures: count,
  photosPerSecond: count,
  startedAt: count,
  lastSeen: count,
  lastFailure: z.string().optional(),
});
export type WorkerBeat = z.infer<typeof WorkerBeat>;

export type WorkerState = Omit<WorkerBeat, "host" | "lastSeen" | "startedAt">;

export class WorkerHeartbeat {
  private readonly timer: NodeJS.Timeout;
  private readonly startedAt = Date.now();

  private constructor(
    private readonly client: Redis,
    private readonly state: () => WorkerState,
    everyMs: number,
  ) {
    this.timer = setInterval(() => void this.beat().catch(() => {}), everyMs);
    this.timer.unref();
  }

  /** Writes the first beat at once (so a ready worker is listed), then every `everyMs`. */
  static async start(
    target: RedisTarget,
    state: () => WorkerState,
    everyMs = HEARTBEAT_MS,
  ): Promise<WorkerHeartbeat> {
    // No offline queue: a beat that cannot be written while Redis is away is dropped, not piled up.
    const client = new Redis({ ...connectionOptions(target), enableOfflineQueue: false, lazyConnect: true });
    client.on("error", () => {}); // BullMQ's own connections report Redis problems
    await client.connect().catch(() => {}); // keeps retrying in the background
    const heartbeat = new WorkerHeartbeat(client, state, everyMs);
    await heartbeat.beat().catch(() => {});
    return heartbeat;
  }

  /** Gone from the list at once (a killed worker instead fades after the TTL). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    const { machine } = this.state();
    await Promise.allSettled([this.client.del(workerKey(machine)), this.client.zrem(WORKERS_INDEX, machine)]);
    this.client.disconnect();
  }

  private async beat(): Promise<void> {
    const s = this.state();
    const now = Date.now();
    const fields: Record<string, string> = {
      machine: s.machine,
      host: hostname(),
      threads: String(s.threads),
      jobsDone: String(s.jobsDone),
      failures: String(s.failures),
      photosPerSecond: s.photosPerSecond.toFixed(3),
      startedAt: String(this.startedAt),
      lastSeen: String(now),
      ...(s.lastFailure ? { lastFailure: s.lastFailure } : {}),
    };
    await this.client
      .multi()
      .hset(workerKey(s.machine), fields)
      .expire(workerKey(s.machine), HEARTBEAT_TTL_S)
      .zadd(WORKERS_INDEX, now, s.machine)
      .exec();
  }
}

/** The workers that beat within the TTL, by name (a steady list on the page); stale index entries are swept. */
export async function readWorkers(client: Redis, now = Date.now()): Promise<WorkerBeat[]> {
  await client.zremrangebyscore(WORKERS_INDEX, "-inf", now - HEARTBEAT_TTL_S * 1000);
  const machines = await client.zrevrange(WORKERS_INDEX, 0, 499);
  if (machines.length === 0) return [];
  const pipeline = client.pipeline();
  for (const m of machines) pipeline.hgetall(workerKey(m));
  const answers = (await pipeline.exec()) ?? [];
  const beats = answers.flatMap(([error, hash]) => {
    const parsed = error ? null : WorkerBeat.safeParse(hash);
    return parsed?.success ? [parsed.data] : [];
  });
  return beats.sort((a, b) => a.machine.localeCompare(b.machine));
}
