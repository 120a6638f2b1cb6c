/**
 * The analysis pool's workers with the real models: each worker thread runs under the pool's V8 limits (a smaller
 * young generation keeps a worker's resident memory down) and still analyzes a photo.
 */
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisRecord } from "../../core/domain/analysis.ts";
import { AnalysisPool, WORKER_LIMITS } from "../../companion/workers/pool.ts";

const PHOTOS = resolve(import.meta.dirname, "../fixtures/photos");

describe("AnalysisPool workers", () => {
  let pool: AnalysisPool;
  beforeAll(async () => {
    pool = await AnalysisPool.open({ workers: 1 });
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  it("run with the young generation the pool sets, and analyze a photo", async () => {
    const record = AnalysisRecord.parse(
      await pool.analyze(join(PHOTOS, "side-runner-street-kurrasch-unsplash.jpg")),
    );
    expect(record.runners.length).toBeGreaterThan(0);
    expect(WORKER_LIMITS.maxYoungGenerationSizeMb).toBe(8);
    expect(pool.workerLimits).toHaveLength(1);
    expect(pool.workerLimits[0]!.maxYoungGenerationSizeMb).toBe(WORKER_LIMITS.maxYoungGenerationSizeMb);
  }, 60_000);
});
