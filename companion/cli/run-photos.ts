/**
 * Run a list of photos through the analysis pool and hand the records back in the order the photos were given,
 * so a JSONL run is reproducible line for line however the workers interleave.
 */
import type { AnyRecord } from "../../core/domain/analysis.ts";
import { AnalysisPool, type PoolOptions } from "../workers/pool.ts";
import { Progress } from "./progress.ts";

export interface RunResult {
  readonly records: AnyRecord[];
  readonly seconds: number;
  readonly startupSeconds: number;
  /** From the call (before the workers start) to the first photo's record. */
  readonly firstResultSeconds?: number;
  readonly workers: number;
  readonly provider: string;
}

export async function runPhotos(
  files: readonly string[],
  options: PoolOptions,
  onRecord: (record: AnyRecord) => void = () => {},
): Promise<RunResult> {
  const t0 = performance.now();
  const pool = await AnalysisPool.open(options);
  const t1 = performance.now();
  const progress = new Progress(files.length);
  const emitter = new InOrder(onRecord);
  let first = 0;
  try {
    const records = await Promise.all(
      files.map(async (file, index) => {
        const record = await pool.analyze(file);
        first ||= performance.now();
        progress.tick("error" in record);
        emitter.put(index, record);
        return record;
      }),
    );
    progress.finish();
    return {
      records,
      seconds: (performance.now() - t1) / 1000,
      startupSeconds: (t1 - t0) / 1000,
      firstResultSeconds: (first - t0) / 1000,
      workers: pool.info.workers,
      provider: pool.info.provider,
    };
  } finally {
    await pool.close();
  }
}

/** Releases items in index order as soon as every earlier one has arrived. */
class InOrder<T> {
  private readonly waiting = new Map<number, T>();
  private next = 0;

  constructor(private readonly emit: (item: T) => void) {}

  put(index: number, item: T): void {
    this.waiting.set(index, item);
    while (this.waiting.has(this.next)) {
      this.emit(this.waiting.get(this.next)!);
      this.waiting.delete(this.next);
      this.next += 1;
    }
  }
}
