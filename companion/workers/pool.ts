/**
 * A pool of analysis workers: every core busy, one photo in flight per worker, results handed back as they finish.
 * A worker that dies takes only its current photo with it: that photo is reported as failed and a new worker takes
 * its place, so one pathological file never stops a run.
 */
import { Worker, type ResourceLimits } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { AnyRecord } from "../../core/domain/analysis.ts";
import { ANALYSIS_SCHEMA } from "../../core/domain/analysis.ts";
import type { RuntimeOptions } from "../../core/models/registry.ts";
import { WORKING_SIZE } from "../../core/domain/working-size.ts";
import type { FromWorker, ToWorker, WorkerInit } from "./messages.ts";

export interface PoolOptions {
  readonly workers?: number;
  readonly runtime?: RuntimeOptions;
  readonly maxSide?: number;
  /** Read bib numbers (default true). */
  readonly bibs?: boolean;
}

export interface PoolInfo {
  readonly workers: number;
  readonly models: Record<string, string>;
  readonly provider: string;
}

interface Job {
  readonly id: number;
  readonly file: string;
  readonly resolve: (record: AnyRecord) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/**
 * V8 limits of each worker thread. Young generation 8 MB instead of V8's default (16 MB semi-spaces, up to 48 MB
 * per isolate): a worker's JS heap holds ~20-30 MB of live objects, the pixels are outside it, and the large
 * nursery only kept garbage resident. Measured on the dev set (scratch poolmem/cpupool, 4 and 2 workers, same
 * minutes): peak RSS about 25 MB less per worker, CPU per photo unchanged (636-650 vs 627-640 ms).
 */
export const WORKER_LIMITS: Readonly<ResourceLimits> = Object.freeze({ maxYoungGenerationSizeMb: 8 });

const BOOTSTRAP = new URL("./bootstrap.js", import.meta.url);
const ENTRY = new URL("./analysis-worker.ts", import.meta.url).href;

export class AnalysisPool {
  private readonly queue: Job[] = [];
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closed = false;
  /** Workers still loading their models when open() returned; close() waits for them. */
  private joining: Promise<void>[] = [];

  private constructor(
    private readonly init: WorkerInit,
    readonly info: PoolInfo,
  ) {}

  static async open(options: PoolOptions = {}): Promise<AnalysisPool> {
    const count = Math.max(1, options.workers ?? availableParallelism());
    const init: WorkerInit = {
      entry: ENTRY,
      runtime: options.runtime ?? {},
      maxSide: options.maxSide ?? WORKING_SIZE.default,
      bibs: options.bibs ?? true,
    };
    // Photos start on the first worker that is ready; the others join as their models load, so the first result
    // does not wait for the slowest worker. If every worker fails to start, open() fails with the first reason.
    const starting = Array.from({ length: count }, () => startWorker(init));
    const first = await Promise.any(starting).catch((error: unknown) => {
      throw error instanceof AggregateError ? (error.errors[0] as Error) : error;
    });
    const { ready } = first;
    const pool = new AnalysisPool(init, { workers: count, models: ready.models, provider: ready.provider });
    pool.joining = starting.map((started) =>
      started.then(
        ({ worker }) => pool.join(worker),
        () => undefined, // one worker fewer; a photo is never lost to it (it never took one)
      ),
    );
    return pool;
  }

  /** Analyze one photo; resolves with its record (a failed record for a bad photo, never a rejection). */
  analyze(file: string): Promise<AnyRecord> {
    if (this.closed) return Promise.reject(new Error("the analysis pool is closed"));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, file, resolve });
      this.dispatch();
    });
  }

  /** Put a photo at the front of the queue (a photo the photographer is looking at). */
  analyzeFirst(file: string): Promise<AnyRecord> {
    return new Promise((resolve) => {
      this.queue.unshift({ id: this.nextId++, file, resolve });
      this.dispatch();
    });
  }

  /** The V8 limits each running worker has (what the pool asked for, as the worker reports it). */
  get workerLimits(): ResourceLimits[] {
    return this.slots.map((slot) => slot.worker.resourceLimits ?? {});
  }

  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.slots.map((slot) => stopWorker(slot.worker)), ...this.joining]);
  }

  /** A worker that became ready after open(): stopped at once if the pool closed meanwhile. */
  private async join(worker: Worker): Promise<void> {
    if (this.closed) await stopWorker(worker);
    else this.adopt(worker);
  }

  private adopt(worker: Worker): void {
    const slot: Slot = { worker, job: null };
    this.slots.push(slot);
    worker.on("message", (message: FromWorker) => this.onMessage(slot, message));
    worker.on("error", (error) => this.onCrash(slot, error.message));
    worker.on("exit", (code) => {
      if (!this.closed) this.onCrash(slot, `worker exited with code ${code}`);
    });
    this.dispatch();
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.kind !== "done" || !slot.job) return;
    const job = slot.job;
    slot.job = null;
    job.resolve(message.record);
    this.dispatch();
  }

  /** The worker is gone: fail its photo, replace it, keep going. */
  private onCrash(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    const job = slot.job;
    if (job) job.resolve(crashRecord(job.file, reason));
    if (this.closed) return;
    void startWorker(this.init).then(
      ({ worker }) => this.adopt(worker),
      () => this.failAll(reason),
    );
  }

  private failAll(reason: string): void {
    for (const job of this.queue.splice(0)) job.resolve(crashRecord(job.file, reason));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.postMessage({ kind: "analyze", id: job.id, file: job.file } satisfies ToWorker);
    }
  }
}

function crashRecord(file: string, reason: string): AnyRecord {
  return {
    schema: ANALYSIS_SCHEMA,
    file,
    error: { code: "analysis-failed", message: `${file}: analysis stopped unexpectedly (${reason})` },
  };
}

type ReadyMessage = Extract<FromWorker, { kind: "ready" }>;

function startWorker(init: WorkerInit): Promise<{ worker: Worker; ready: ReadyMessage }> {
  const worker = new Worker(BOOTSTRAP, { workerData: init, resourceLimits: WORKER_LIMITS });
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      void worker.terminate();
      reject(new Error(`could not start an analysis worker: ${message}`));
    };
    worker.once("error", (error) => fail(error.message));
    worker.once("message", (message: FromWorker) => {
      worker.removeAllListeners("error");
      if (message.kind === "ready") resolve({ worker, ready: message });
      else fail(message.kind === "fatal" ? message.message : `unexpected ${message.kind}`);
    });
  });
}

async function stopWorker(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.postMessage({ kind: "close" } satisfies ToWorker);
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
  await Promise.race([exited, timeout]);
  await worker.terminate();
}
