/** The real pipeline services: the worker pool (or one in-process analyzer if workers cannot start), core's scoring and crops, the XMP store. */
import type { Logger } from "pino";
import type { AnalysisService, PhotoServices } from "../queue/services.ts";
import { coreCrops } from "./core-crops.ts";
import { InProcessAnalysis } from "./in-process-analysis.ts";
import { KeeperScoring } from "./keeper-scoring.ts";
import { PoolAnalysis } from "./pool-analysis.ts";
import { XmpStoreService } from "./xmp-store-service.ts";

async function openAnalysis(workers: number, maxSide: number, log: Logger): Promise<AnalysisService> {
  try {
    return await PoolAnalysis.open({ workers, maxSide });
  } catch (error) {
    log.error(
      { err: (error as Error).message },
      "analysis workers could not start: analyzing on the main thread instead",
    );
    return InProcessAnalysis.open(maxSide);
  }
}

export async function openRealServices(
  workers: number,
  maxSide: number,
  log: Logger,
): Promise<PhotoServices> {
  const [analysis, scoring] = await Promise.all([openAnalysis(workers, maxSide, log), KeeperScoring.open()]);
  return { analysis, scoring, crops: coreCrops, xmp: new XmpStoreService() };
}
