/**
 * Runs queued jobs: claims as many as there are free slots (the only backpressure needed: the watcher and the API
 * just add rows), renews their leases while they run, retries failures with backoff, and on shutdown lets running
 * jobs finish for a while before handing the rest back to the queue.
 */
import { randomUUID } from "node:crypto";
import type { Job } from "../store/jobs.ts";
import { backoffMs, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff.ts";
import type { JobCatalogue, JobContext } from "./catalogue.ts";

export interface RunnerOptions {
  /** Jobs in flight at once; a little above the worker count keeps every worker fed. */
  readonly concurrency: number;
  readonly leaseMs?: number;
  readonly idlePollMs?: number;
  readonly backoff?: BackoffOptions;
}

export class JobRunner {
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly inFlight = new Map<number, Promise<void>>();
  private running = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private readonly leaseMs: number;
  private idle: Array<() => void> = [];

  constructor(
    private readonly catalogue: JobCatalogue,
    private readonly ctx: JobContext,
    private readonly options: RunnerOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  /** Requeue what a killed predecessor left running, then start taking work. */
  start(): number {
    const recovered = this.ctx.store.jobs.recoverAbandoned(this.owner);
    this.running = true;
    this.leaseTimer = setInterval(() => this.renewLeases(), this.leaseMs / 3);
    this.leaseTimer.unref();
    this.wake();
    return recovered;
  }

  /** Something was queued: look for work now instead of at the next poll. */
  wake(): void {
    if (!this.running) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(() => this.fill(), 0);
  }

  get busy(): number {
    return this.inFlight.size;
  }

  /** Resolves when nothing is queued, ready or running (tests, benchmarks). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stop claiming; give running jobs `graceMs` to finish, then hand the rest back to the queue. */
  async stop(graceMs: number): Promise<{ finished: number; requeued: number }> {
    this.running = false;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    const before = new Set(this.inFlight.keys());
    const timeout = new Promise<void>((r) => setTimeout(r, graceMs).unref());
    await Promise.race([Promise.allSettled(this.inFlight.values()), timeout]);
    const left = [...this.inFlight.keys()];
    for (const id of left) this.ctx.store.jobs.release(id, this.owner);
    return { finished: before.size - left.length, requeued: left.length };
  }

  private fill(): void {
    if (!this.running) return;
    const free = this.options.concurrency - this.inFlight.size;
    const jobs = free > 0 ? this.ctx.store.jobs.claim(this.owner, this.leaseMs, free) : [];
    for (const job of jobs) this.launch(job);
    if (jobs.length === 0 && this.inFlight.size === 0) this.settle();
    const wait = this.ctx.store.jobs.nextReadyIn();
    const poll = this.options.idlePollMs ?? 1000;
    if (free > jobs.length) this.wakeTimer = setTimeout(() => this.fill(), Math.min(poll, wait ?? poll));
  }

  private launch(job: Job): void {
    const run = this.execute(job).finally(() => {
      this.inFlight.delete(job.id);
      this.wake();
    });
    this.inFlight.set(job.id, run);
  }

  private async execute(job: Job): Promise<void> {
    const definition = this.catalogue.get(job.type);
    const log = this.ctx.log.child({ job: job.id, type: job.type, attempt: job.attempts });
    try {
      if (!definition) throw new Error(`no handler for job type "${job.type}"`);
      await definition.handle(definition.payload.parse(job.payload), job, this.ctx);
      if (this.stillOurs(job)) this.ctx.store.jobs.complete(job.id, this.owner);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!this.ctx.store.isOpen) return;
      const state = this.ctx.store.jobs.fail(
        job.id,
        this.owner,
        message,
        backoffMs(job.attempts, this.options.backoff ?? DEFAULT_BACKOFF),
      );
      log.warn({ err: message, state }, state === "dead" ? "job failed for good" : "job failed, will retry");
    }
  }

  private stillOurs(job: Job): boolean {
    return this.ctx.store.isOpen && this.ctx.store.jobs.get(job.id)?.state === "running";
  }

  private renewLeases(): void {
    if (this.inFlight.size && this.ctx.store.isOpen)
      this.ctx.store.jobs.renew(this.owner, [...this.inFlight.keys()], this.leaseMs);
  }

  private isIdle(): boolean {
    const counts = this.ctx.store.jobs.counts();
    return this.inFlight.size === 0 && counts.queued === 0 && counts.running === 0;
  }

  private settle(): void {
    if (!this.idle.length || !this.isIdle()) return;
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
