/**
 * Flags of the commands that use the Redis queue (`score --queue`, `worker`, `bench-scale`), validated once with
 * zod. --workers may be 0 here: the command then only enqueues and waits for the workers already connected.
 */
import { availableParallelism } from "node:os";
import { z } from "zod";
import { PathMap } from "../distributed/path-map.ts";
import { parseRedisUrl, type RedisTarget } from "../distributed/queue-url.ts";
import type { QueueRunOptions } from "../batch/run-on-queue.ts";
import { WORKING_SIZE } from "../../core/domain/working-size.ts";
import { choiceArg, flagsError, intArg, UsageError } from "./options.ts";

export interface QueueFlags {
  queue?: string;
  workers?: string;
  provider?: string;
  threads?: string;
  maxSide?: string;
  pathMap?: string | string[];
  lockMs?: string;
  bibs?: boolean;
  /** The coordinator's companion URL, where workers that lack a model version fetch it (`score --queue`). */
  modelSource?: string;
}

const QueueArgs = z.object({
  workers: intArg("workers", 0, 256).default(availableParallelism()),
  provider: choiceArg("provider", ["auto", "cpu", "cuda", "coreml", "dml"]).default("auto"),
  threads: intArg("threads", 1, 256).default(1),
  maxSide: intArg("max-side", WORKING_SIZE.min, WORKING_SIZE.max).default(WORKING_SIZE.default),
  lockMs: intArg("lock-ms", 1000, 600_000).default(30_000),
  bibs: z.boolean().default(true),
  modelSource: z.url({ protocol: /^https?$/, error: "--model-source must be an http(s) URL" }).optional(),
});

export function redisTarget(url: string | undefined): RedisTarget {
  if (!url) throw new UsageError("--queue: give the Redis URL, e.g. redis://:password@host:6379/0");
  const parsed = parseRedisUrl(url);
  if (!parsed.ok) throw new UsageError(`--queue ${parsed.error}`);
  return parsed.target;
}

export function pathMapOf(flag: string | string[] | undefined): PathMap {
  const list = flag === undefined ? [] : Array.isArray(flag) ? flag : [flag];
  try {
    return PathMap.fromFlags(list);
  } catch (error) {
    throw new UsageError(
      error instanceof z.ZodError ? `--path-map: ${error.issues[0]!.message}` : (error as Error).message,
    );
  }
}

export function queueRunOptions(flags: QueueFlags): QueueRunOptions {
  const parsed = QueueArgs.safeParse(flags);
  if (!parsed.success) throw flagsError(parsed.error);
  const a = parsed.data;
  return {
    target: redisTarget(flags.queue),
    workers: a.workers,
    maxSide: a.maxSide,
    bibs: a.bibs,
    lockMs: a.lockMs,
    runtime: { executionProvider: a.provider, intraOpThreads: a.threads },
    pathMap: pathMapOf(flags.pathMap),
    ...(a.modelSource ? { modelSource: a.modelSource } : {}),
  };
}

/** Collects a repeatable flag (commander's custom option processing). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
