/**
 * The one batch-run contract the CLI's embedded pool (run-photos.ts) and the Redis queue (run-on-queue.ts) both
 * keep: every photo gets a record, the records come back in the order the photos were given (so a JSONL run is
 * reproducible line for line however the workers interleave), each is handed on as soon as every earlier one has
 * arrived, and progress shows on a terminal.
 */
import type { AnyRecord } from "../../core/domain/analysis.ts";
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

/** Receives each record as soon as it and every earlier one are in. */
export type OnRecord = (record: AnyRecord) => void;

/** Collects one batch's records: progress ticks, in-order hand-over, the time of the first answer. */
export class BatchRecords {
  private readonly progress: Progress;
  private readonly inOrder: InOrder<AnyRecord>;
  /** performance.now() of the first answer (0 until then). */
  firstAt = 0;

  constructor(total: number, onRecord: OnRecord) {
    this.progress = new Progress(total);
    this.inOrder = new InOrder(onRecord);
  }

  /** The record of the photo at `index` in the given list. */
  put(index: number, record: AnyRecord): AnyRecord {
    this.firstAt ||= performance.now();
    this.progress.tick("error" in record);
    this.inOrder.put(index, record);
    return record;
  }

  finish(): void {
    this.progress.finish();
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
