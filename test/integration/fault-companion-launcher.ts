/**
 * The companion for the fault suite, as its own process so it can be killed with SIGKILL: the real daemon (watcher,
 * store, queue, scoring, XMP writer through exiftool) with a synthetic analysis service, because what is under
 * test is that a killed companion loses and repeats nothing, not the models (a synthetic record per photo keeps
 * 1,000 photos within CI time). Logs JSON lines on stdout like `stridelight start`.
 * Run from the repo root: node --import tsx test/integration/fault-companion-launcher.ts <watch-config.json>
 */
import { createHash } from "node:crypto";
import pino from "pino";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { Daemon } from "../../companion/daemon.ts";
import { coreCrops } from "../../companion/services/core-crops.ts";
import { KeeperScoring } from "../../companion/services/keeper-scoring.ts";
import { XmpStoreService } from "../../companion/services/xmp-store-service.ts";
import { standingRunnerRecord, syntheticAnalysis } from "../helpers/standing-runner.ts";

/**
 * Each photo a frame of its own: a perceptual hash of its own, and its runner in another third of the frame than the
 * photos numbered next to it. (One record for every photo would make 1,000 near duplicates, one series re-scored as
 * it grows: burst bookkeeping, tested in companion-bursts.test.ts, not what this suite is about.)
 */
function unrelatedFrame(file: string): AnalysisRecord {
  const number = Number(/(\d+)\.\w+$/.exec(file)?.[1] ?? 0);
  return standingRunnerRecord({
    file,
    height: 0.6,
    epochMs: null,
    sha256: file,
    phash: createHash("sha256").update(file).digest("hex").slice(0, 16),
    centreX: [0.2, 0.5, 0.8][number % 3],
  });
}

async function main(configFile: string): Promise<void> {
  const daemon = await Daemon.start({
    configFile,
    logger: pino({ level: "info" }),
    graceMs: 2000,
    services: {
      analysis: syntheticAnalysis(unrelatedFrame),
      scoring: await KeeperScoring.open(),
      crops: coreCrops,
      xmp: new XmpStoreService(),
    },
  });
  const stop = () => void daemon.stop().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main(process.argv[2]!).catch((error: unknown) => {
  process.stderr.write(`fault launcher: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
