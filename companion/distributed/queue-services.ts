/**
 * The companion on the Redis queue: analysis jobs go to Redis and come back from whichever worker took them (the
 * companion runs `workers` threads of its own beside the other machines'); scoring, crops and XMP stay here, with
 * the companion that owns the folders. Chosen by watch-config.json's "queue" or $STRIDELIGHT_QUEUE; without
 * either the embedded queue is used, and no server is needed.
 */
import type { Logger } from "pino";
import type { WatchConfig } from "../config/schema.ts";
import { coreCrops } from "../services/core-crops.ts";
import { KeeperScoring } from "../services/keeper-scoring.ts";
import { XmpStoreService } from "../services/xmp-store-service.ts";
import type { AnalysisService, PhotoServices } from "../queue/services.ts";
import { QueueWorker } from "./queue-worker.ts";
import { localModelSet } from "./model-set.ts";
import { PathMap } from "./path-map.ts";
import { parseRedisUrl, type RedisTarget } from "./queue-url.ts";
import type { QueueStatus } from "./queue-status.ts";
import { RedisAnalysis } from "./redis-analysis.ts";

export interface QueueChoice {
  readonly target: RedisTarget;
  readonly paths: PathMap;
  readonly attempts: number;
}

/** The Redis queue to use, or null for the embedded one. A bad $STRIDELIGHT_QUEUE is an error, not a fallback. */
export function queueChoice(config: WatchConfig, env = process.env): QueueChoice | null {
  const url = env.STRIDELIGHT_QUEUE ?? (config.queue?.kind === "redis" ? config.queue.url : null);
  if (!url) return null;
  const parsed = parseRedisUrl(url);
  if (!parsed.ok) throw new Error(`STRIDELIGHT_QUEUE ${parsed.error}`);
  const redis = config.queue?.kind === "redis" ? config.queue : null;
  return { target: parsed.target, paths: new PathMap(redis?.paths ?? {}), attempts: redis?.attempts ?? 3 };
}

export interface QueueServices {
  readonly services: PhotoServices;
  /** The queue's depth, connected workers and failures (for /api/status, the event stream and the page). */
  status(): Promise<QueueStatus>;
}

/**
 * The companion's services with analysis on the Redis queue; throws (naming the URL) when Redis does not answer.
 * `modelSource` is the companion's URL as workers elsewhere reach it, read for every job (known once it listens).
 */
export async function openQueueServices(
  choice: QueueChoice,
  workers: number,
  maxSide: number,
  log: Logger,
  modelSource?: () => string | undefined,
): Promise<QueueServices> {
  const owner = await RedisAnalysis.open(choice.target, {
    models: await localModelSet(),
    maxSide,
    workers,
    pathMap: choice.paths,
    attempts: choice.attempts,
    log,
    ...(modelSource ? { modelSource } : {}),
  });
  const local = await QueueWorker.start(choice.target, { workers, maxSide, pathMap: choice.paths, log });
  log.info({ queue: choice.target.shown, workers }, "analysis on the Redis queue");
  const [scoring] = await Promise.all([KeeperScoring.open()]);
  const services = {
    analysis: withLocalWorker(owner, local),
    scoring,
    crops: coreCrops,
    xmp: new XmpStoreService(),
  };
  return { services, status: () => owner.status() };
}

function withLocalWorker(owner: RedisAnalysis, local: QueueWorker): AnalysisService {
  return {
    analyze: (file, urgent) => owner.analyze(file, urgent),
    get models() {
      return owner.models;
    },
    get workers() {
      return owner.workers;
    },
    close: async () => {
      await local.close();
      await owner.close();
    },
  };
}
