/**
 * The companion on the Redis queue: analysis jobs go to Redis and come back from whichever worker took them (the
 * companion runs `workers` threads of its own beside the other machines'); scoring, crops and XMP stay here, with
 * the companion that owns the folders. Chosen by watch-config.json's "queue" or $STRIDELIGHT_QUEUE; without
 * either the embedded queue is used, and no server is needed.
 */
import type { Logger } from "pino";
import type { WatchConfig } from "../config/schema.ts";
import { coreCrops } from "../queue/adapters/core-crops.ts";
import { KeeperScoring } from "../queue/adapters/keeper-scoring.ts";
import { XmpStoreService } from "../queue/adapters/xmp-store-service.ts";
import type { AnalysisService, PhotoServices } from "../queue/services.ts";
import { AnalysisWorker } from "./analysis-worker.ts";
import { localModelSet } from "./model-set.ts";
import { PathMap } from "./path-map.ts";
import { parseRedisUrl, type RedisTarget } from "./queue-url.ts";
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

/** The companion's services with analysis on the Redis queue; throws (naming the URL) when Redis does not answer. */
export async function openQueueServices(
  choice: QueueChoice,
  workers: number,
  maxSide: number,
  log: Logger,
): Promise<PhotoServices> {
  const owner = await RedisAnalysis.open(choice.target, {
    models: await localModelSet(),
    maxSide,
    workers,
    pathMap: choice.paths,
    attempts: choice.attempts,
    log,
  });
  const local = await AnalysisWorker.start(choice.target, { workers, maxSide, pathMap: choice.paths, log });
  log.info({ queue: choice.target.shown, workers }, "analysis on the Redis queue");
  const [scoring] = await Promise.all([KeeperScoring.open()]);
  return { analysis: withLocalWorker(owner, local), scoring, crops: coreCrops, xmp: new XmpStoreService() };
}

function withLocalWorker(owner: RedisAnalysis, local: AnalysisWorker): AnalysisService {
  return {
    analyse: (file, urgent) => owner.analyse(file, urgent),
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
