/**
 * The batch CLI on the Redis queue: enqueue every photo, run this machine's own workers beside any others that are
 * connected, under the batch-run contract (batch-run.ts) that runPhotos keeps too.
 */
import type { Logger } from "pino";
import type { AnyRecord } from "../../core/domain/analysis.ts";
import type { RuntimeOptions } from "../../core/models/registry.ts";
import { QueueWorker } from "../distributed/queue-worker.ts";
import { localModelSet } from "../distributed/model-set.ts";
import type { PathMap } from "../distributed/path-map.ts";
import type { RedisTarget } from "../distributed/queue-url.ts";
import { RedisAnalysis } from "../distributed/redis-analysis.ts";
import { BatchRecords, type OnRecord, type RunResult } from "./batch-run.ts";

export interface QueueRunOptions {
  readonly target: RedisTarget;
  /** Worker threads this command runs itself (0: only the workers already connected). */
  readonly workers: number;
  readonly maxSide: number;
  readonly bibs?: boolean;
  readonly runtime?: RuntimeOptions;
  readonly pathMap?: PathMap;
  readonly attempts?: number;
  readonly lockMs?: number;
  /** The companion workers fetch a model version they lack from (its pairing token is theirs: --token-file). */
  readonly modelSource?: string;
  readonly log?: Logger;
}

/** Photos being hashed and enqueued at once: enough to hide Redis latency, few enough to stay under file limits. */
const ENQUEUE_AHEAD = 32;

export async function runOnQueue(
  files: readonly string[],
  options: QueueRunOptions,
  onRecord: OnRecord = () => {},
): Promise<RunResult> {
  const t0 = performance.now();
  const owner = await RedisAnalysis.open(options.target, {
    models: await localModelSet(),
    maxSide: options.maxSide,
    bibs: options.bibs ?? true,
    workers: options.workers,
    ...(options.pathMap ? { pathMap: options.pathMap } : {}),
    ...(options.attempts ? { attempts: options.attempts } : {}),
    ...(options.modelSource ? { modelSource: options.modelSource } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const local = options.workers > 0 ? await startLocal(options).catch(closing(owner)) : null;
  const t1 = performance.now();
  const batch = new BatchRecords(files.length, onRecord);
  try {
    const answers: Promise<AnyRecord>[] = [];
    for (let i = 0; i < files.length; i += ENQUEUE_AHEAD) {
      const chunk = await Promise.all(files.slice(i, i + ENQUEUE_AHEAD).map((f) => owner.submit(f)));
      for (const { answer } of chunk) {
        const index = answers.length;
        answers.push(answer.then((r) => batch.put(index, r)));
      }
    }
    const records = await Promise.all(answers);
    batch.finish();
    const seconds = (performance.now() - t1) / 1000;
    return {
      records,
      seconds,
      startupSeconds: (t1 - t0) / 1000,
      workers: options.workers,
      provider: "queue",
    };
  } finally {
    await Promise.allSettled([local?.close(), owner.close()]);
  }
}

function startLocal(options: QueueRunOptions): Promise<QueueWorker> {
  return QueueWorker.start(options.target, {
    workers: options.workers,
    maxSide: options.maxSide,
    ...(options.runtime ? { runtime: options.runtime } : {}),
    ...(options.pathMap ? { pathMap: options.pathMap } : {}),
    ...(options.lockMs ? { lockMs: options.lockMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}

function closing(owner: RedisAnalysis) {
  return async (error: unknown): Promise<never> => {
    await owner.close();
    throw error;
  };
}
