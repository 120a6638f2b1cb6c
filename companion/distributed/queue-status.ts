/**
 * What the page, /api/status and the progress stream show of the Redis queue: its depth (every owner's jobs), the
 * connected workers (from their heartbeats) and the latest failures this owner saw. Redis is asked with a short
 * timeout: while it is away the status says so instead of hanging the page.
 */
import type { Redis } from "ioredis";
import { z } from "zod";
import { redactSecrets } from "./redact-url.ts";
import { readWorkers, WorkerBeat } from "./worker-heartbeat.ts";

export const QueueFailure = z.object({ file: z.string(), reason: z.string(), at: z.number() });
export type QueueFailure = z.infer<typeof QueueFailure>;

export const QueueStatus = z.object({
  kind: z.literal("redis"),
  /** The queue's URL, password redacted. */
  queue: z.string(),
  depth: z.object({
    waiting: z.number(),
    active: z.number(),
    delayed: z.number(),
    completed: z.number(),
    failed: z.number(),
  }),
  workers: z.array(WorkerBeat),
  /** Photos this owner got back as failed (newest first) and how many in all. */
  failures: z.array(QueueFailure),
  failuresTotal: z.number(),
  /** Redis did not answer in time: depth and workers are unknown. */
  problem: z.string().nullable(),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

/** What queue-status needs from the owner (RedisAnalysis). */
export interface QueueStatusSource {
  readonly shown: string;
  counts(): Promise<Record<string, number>>;
  redis(): Promise<Redis>;
  readonly failures: readonly QueueFailure[];
  readonly failuresTotal: number;
}

const ASK_MS = 1500;

export async function queueStatus(source: QueueStatusSource): Promise<QueueStatus> {
  const base = {
    kind: "redis" as const,
    queue: source.shown,
    failures: [...source.failures],
    failuresTotal: source.failuresTotal,
  };
  try {
    const [counts, workers] = await withTimeout(
      Promise.all([source.counts(), source.redis().then((client) => readWorkers(client))]),
    );
    const n = (key: string) => counts[key] ?? 0;
    const depth = {
      waiting: n("waiting") + n("prioritized"),
      active: n("active"),
      delayed: n("delayed"),
      completed: n("completed"),
      failed: n("failed"),
    };
    return { ...base, depth, workers, problem: null };
  } catch (error) {
    const empty = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
    return {
      ...base,
      depth: empty,
      workers: [],
      problem: `Redis is not answering (${redactSecrets((error as Error).message)})`,
    };
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ASK_MS} ms`)), ASK_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
