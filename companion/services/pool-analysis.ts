/** The analysis service on the lead's worker pool: every core busy, urgent photos to the front of its queue. */
import { AnalysisPool, type PoolOptions } from "../workers/pool.ts";
import type { AnalysisService } from "../queue/services.ts";

export class PoolAnalysis implements AnalysisService {
  private constructor(private readonly pool: AnalysisPool) {}

  static async open(options: PoolOptions): Promise<PoolAnalysis> {
    return new PoolAnalysis(await AnalysisPool.open(options));
  }

  get models(): Record<string, string> {
    return this.pool.info.models;
  }

  get workers(): number {
    return this.pool.info.workers;
  }

  analyze(file: string, urgent: boolean) {
    return urgent ? this.pool.analyzeFirst(file) : this.pool.analyze(file);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
