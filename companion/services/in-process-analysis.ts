/**
 * Analysis on the main thread with one Analyzer: the fallback when worker threads cannot start. Slower (one photo at
 * a time), but the companion keeps culling.
 */
import type { AnyRecord } from "../../core/domain/analysis.ts";
import { Analyzer } from "../../core/pipeline/analyzer.ts";
import type { AnalysisService } from "../queue/services.ts";

interface Waiting {
  readonly file: string;
  readonly resolve: (record: AnyRecord) => void;
}

export class InProcessAnalysis implements AnalysisService {
  private readonly queue: Waiting[] = [];
  private busy = false;
  readonly workers = 1;
  models: Record<string, string> = {};

  private constructor(private readonly analyzer: Analyzer) {}

  static async open(maxSide: number): Promise<InProcessAnalysis> {
    return new InProcessAnalysis(await Analyzer.open({ maxSide }));
  }

  /** One at a time; an urgent photo goes before the ones still waiting. */
  analyze(file: string, urgent: boolean): Promise<AnyRecord> {
    return new Promise((resolve) => {
      if (urgent) this.queue.unshift({ file, resolve });
      else this.queue.push({ file, resolve });
      void this.next();
    });
  }

  private async next(): Promise<void> {
    if (this.busy) return;
    const job = this.queue.shift();
    if (!job) return;
    this.busy = true;
    const record = await this.analyzer.analyze(job.file);
    if (!("error" in record)) this.models = record.models;
    this.busy = false;
    job.resolve(record);
    void this.next();
  }

  close(): Promise<void> {
    return this.analyzer.close();
  }
}
