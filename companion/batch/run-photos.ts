/** Run a list of photos through this machine's analysis pool, under the batch-run contract (batch-run.ts). */
import type { AnyRecord } from "../../core/domain/analysis.ts";
import { AnalysisPool, type PoolOptions } from "../workers/pool.ts";
import { BatchRecords, type OnRecord, type RunResult } from "./batch-run.ts";

export type { RunResult };

export async function runPhotos(
  files: readonly string[],
  options: PoolOptions,
  onRecord: OnRecord = () => {},
): Promise<RunResult> {
  const t0 = performance.now();
  const pool = await AnalysisPool.open(options);
  const t1 = performance.now();
  const batch = new BatchRecords(files.length, onRecord);
  try {
    const records: AnyRecord[] = await Promise.all(
      files.map(async (file, index) => batch.put(index, await pool.analyze(file))),
    );
    batch.finish();
    return {
      records,
      seconds: (performance.now() - t1) / 1000,
      startupSeconds: (t1 - t0) / 1000,
      firstResultSeconds: (batch.firstAt - t0) / 1000,
      workers: pool.info.workers,
      provider: pool.info.provider,
    };
  } finally {
    await pool.close();
  }
}
