/**
 * The owner's side of the Redis queue, behind the same AnalysisService port as the embedded worker pool: analyze(file)
 * enqueues one job and resolves with its record when some worker, on any machine, has finished it. Results come
 * back on BullMQ's event stream; a sweep reads finished jobs directly when the stream has been quiet (events missed
 * while Redis was away), so nothing is lost. Scoring, the store and XMP stay with the owner.
 */
import { Job, Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { ANALYSIS_SCHEMA, type AnyRecord } from "../../core/domain/analysis.ts";
import type { AnalysisService } from "../queue/services.ts";
import { hashFile } from "../queue/hash-file.ts";
import {
  ANALYZE_JOB,
  ANALYSIS_QUEUE,
  AnalysisJobResult,
  analysisJobId,
  machineName,
  type AnalysisJobData,
  type ModelSet,
} from "./analysis-job.ts";
import { connectionOptions, probeRedis } from "./connection.ts";
import { PathMap } from "./path-map.ts";
import type { RedisTarget } from "./queue-url.ts";
import { redactSecrets } from "./redact-url.ts";
import { versionsOf } from "./model-set.ts";
import { queueStatus, type QueueFailure, type QueueStatus, type QueueStatusSource } from "./queue-status.ts";

export interface RedisAnalysisOptions {
  readonly models: ModelSet;
  readonly maxSide: number;
  readonly bibs?: boolean;
  readonly pathMap?: PathMap;
  /**
   * The owner's companion URL, for workers that must fetch a model; a function when it is known only once the
   * companion listens (it is read for every job).
   */
  readonly modelSource?: string | (() => string | undefined);
  /** Attempts per photo before it is reported failed (BullMQ retries with exponential backoff). */
  readonly attempts?: number;
  /** Worker threads this owner counts as its own (shown in status; the queue may have many more). */
  readonly workers?: number;
  /** How long a photo may wait for its result before the wait fails (and the companion's job retries it). */
  readonly resultDeadlineMs?: number;
  readonly log?: Logger;
}

interface Waiter {
  readonly file: string;
  readonly resolve: (record: AnyRecord) => void;
  readonly reject: (error: Error) => void;
}

const QUIET_SWEEP_MS = 10_000;
/** Failures kept for the page and /api/status (newest first). */
const FAILURES_SHOWN = 20;
/** Finished jobs stay an hour, so a photo enqueued again soon after is answered without a second analysis. */
const KEEP_FINISHED = { age: 3600, count: 100_000 };
/** No answer in this long (every worker gone, Redis flushed): the wait fails rather than hanging for good. */
export const RESULT_DEADLINE_MS = 30 * 60_000;

export class RedisAnalysis implements AnalysisService, QueueStatusSource {
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly recentFailures: QueueFailure[] = [];
  private failureCount = 0;
  private lastEvent = Date.now();
  private readonly sweeper: NodeJS.Timeout;

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly options: RedisAnalysisOptions,
    /** The queue's URL as it may be shown (password redacted). */
    readonly shown: string,
    private readonly statusClient: Redis,
  ) {
    events.on("completed", ({ jobId, returnvalue }) => this.onCompleted(jobId, returnvalue));
    events.on("failed", ({ jobId, failedReason }) => this.onFailed(jobId, failedReason));
    // Enqueued before (by us or another owner): if it already finished, no completed event will come again.
    events.on("duplicated", ({ jobId }) => void this.settleFromJob(jobId).catch(() => {}));
    events.on("error", (error) => this.warn("queue events", error));
    queue.on("error", (error) => this.warn("queue", error));
    this.sweeper = setInterval(() => void this.sweepIfQuiet(), QUIET_SWEEP_MS / 2);
    this.sweeper.unref();
  }

  /** Fails fast, naming the URL, when Redis does not answer. */
  static async open(target: RedisTarget, options: RedisAnalysisOptions): Promise<RedisAnalysis> {
    await probeRedis(target);
    const connection = connectionOptions(target);
    const queue = new Queue(ANALYSIS_QUEUE, { connection });
    const events = new QueueEvents(ANALYSIS_QUEUE, { connection });
    const statusClient = new Redis({ ...connection, enableOfflineQueue: false, lazyConnect: true });
    statusClient.on("error", () => {}); // the queue's own connections report Redis problems
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), statusClient.connect()]);
    return new RedisAnalysis(queue, events, options, target.shown, statusClient);
  }

  get models(): Record<string, string> {
    return versionsOf(this.options.models);
  }

  get workers(): number {
    return this.options.workers ?? 1;
  }

  /** Photos enqueued by this owner and not yet answered. */
  get pending(): number {
    return [...this.waiting.values()].reduce((n, list) => n + list.length, 0);
  }

  async analyze(file: string, urgent: boolean): Promise<AnyRecord> {
    return (await this.submit(file, urgent)).answer;
  }

  /** Resolves once the job is in Redis (so batches can enqueue everything first); `answer` when it is done. */
  async submit(file: string, urgent = false): Promise<{ answer: Promise<AnyRecord> }> {
    const sha256 = await hashFile(file).catch(() => null);
    if (!sha256) {
      const message = `${file}: cannot be read on the owner (${machineName()})`;
      return { answer: Promise.resolve(failed(file, "not-found", message)) };
    }
    const data = this.jobData(file, sha256);
    const jobId = analysisJobId(data);
    const answer = this.answerFor(jobId, file);
    await this.queue.add(ANALYZE_JOB, data, {
      jobId,
      attempts: this.options.attempts ?? 3,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: KEEP_FINISHED,
      removeOnFail: KEEP_FINISHED,
      ...(urgent ? { priority: 1 } : {}),
    });
    return { answer };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const jobId of [...this.waiting.keys()])
      for (const w of this.take(jobId) ?? []) w.reject(new Error(`${w.file}: the companion is stopping`));
    this.statusClient.disconnect();
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }

  /** The photos this owner got back as failed, newest first (for the page and /api/status). */
  get failures(): readonly QueueFailure[] {
    return this.recentFailures;
  }

  get failuresTotal(): number {
    return this.failureCount;
  }

  /** The connection for status reads: it fails fast while Redis is away (no offline queue) instead of waiting. */
  redis(): Promise<Redis> {
    return Promise.resolve(this.statusClient);
  }

  /** The queue's depth, the connected workers and the latest failures. */
  status(): Promise<QueueStatus> {
    return queueStatus(this);
  }

  /** Jobs waiting, running, delayed, done and failed in the whole queue (every owner's). */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts("waiting", "active", "delayed", "prioritized", "completed", "failed");
  }

  private jobData(file: string, sha256: string): AnalysisJobData {
    const source = this.options.modelSource;
    const modelSource = typeof source === "function" ? source() : source;
    return {
      file: (this.options.pathMap ?? new PathMap()).toShared(file),
      sha256,
      models: this.options.models,
      maxSide: this.options.maxSide,
      bibs: this.options.bibs ?? true,
      owner: machineName(),
      ...(modelSource ? { modelSource } : {}),
    };
  }

  /**
   * The result, when it comes; a failure (an error the companion's job retries) when the job vanished from Redis or
   * no answer came before the deadline.
   */
  private answerFor(jobId: string, file: string): Promise<AnyRecord> {
    const deadline = this.options.resultDeadlineMs ?? RESULT_DEADLINE_MS;
    return new Promise<AnyRecord>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.drop(jobId, waiter);
        reject(new Error(`${file}: no result from the Redis queue within ${Math.round(deadline / 1000)} s`));
      }, deadline);
      timer.unref();
      const waiter: Waiter = {
        file,
        resolve: (record) => (clearTimeout(timer), resolve(record)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
      this.wait(jobId, waiter);
    });
  }

  private drop(jobId: string, waiter: Waiter): void {
    const list = (this.waiting.get(jobId) ?? []).filter((w) => w !== waiter);
    if (list.length) this.waiting.set(jobId, list);
    else this.waiting.delete(jobId);
  }

  private wait(jobId: string, waiter: Waiter): void {
    const list = this.waiting.get(jobId);
    if (list) list.push(waiter);
    else this.waiting.set(jobId, [waiter]);
  }

  private onCompleted(jobId: string, value: unknown): void {
    this.lastEvent = Date.now();
    const list = this.take(jobId);
    if (!list) return;
    const raw = typeof value === "string" ? safeJson(value) : value;
    const parsed = AnalysisJobResult.safeParse(raw);
    // Checked with zod, but passed on as the worker wrote it: the parse would reorder the keys, and result lines
    // should read the same as the embedded queue's.
    const checked = parsed.success ? (raw as AnalysisJobResult).record : null;
    for (const w of list) {
      const record = checked
        ? { ...checked, file: w.file }
        : failed(w.file, "analysis-failed", `${w.file}: a worker sent a malformed result`);
      if ("error" in record) this.noteFailure(w.file, record.error.message);
      w.resolve(record);
    }
  }

  private onFailed(jobId: string, reason: string): void {
    this.lastEvent = Date.now();
    for (const w of this.take(jobId) ?? []) {
      const message = `${w.file}: ${redactSecrets(reason)}`;
      this.noteFailure(w.file, message);
      w.resolve(
        failed(w.file, /not found|no such file/i.test(reason) ? "not-found" : "analysis-failed", message),
      );
    }
  }

  private noteFailure(file: string, reason: string): void {
    this.failureCount += 1;
    this.recentFailures.unshift({ file, reason: redactSecrets(reason), at: Date.now() });
    this.recentFailures.length = Math.min(this.recentFailures.length, FAILURES_SHOWN);
  }

  private take(jobId: string): Waiter[] | undefined {
    const list = this.waiting.get(jobId);
    this.waiting.delete(jobId);
    return list;
  }

  private async settleFromJob(jobId: string): Promise<void> {
    const job = await Job.fromId(this.queue, jobId);
    if (!job) return this.vanished(jobId);
    if (!job.finishedOn) return; // still queued or running: its event will come
    if (job.returnvalue) this.onCompleted(jobId, job.returnvalue);
    else this.onFailed(jobId, job.failedReason ?? "failed");
  }

  /** Removed from Redis before we heard of its end (kept an hour, or Redis flushed): the waits fail, to be retried. */
  private vanished(jobId: string): void {
    for (const w of this.take(jobId) ?? [])
      w.reject(
        new Error(`${w.file}: its job vanished from the Redis queue (expired or flushed); will retry`),
      );
  }

  /** The event stream has been quiet while photos are pending: look at those jobs directly. */
  private async sweepIfQuiet(): Promise<void> {
    if (this.waiting.size === 0 || Date.now() - this.lastEvent < QUIET_SWEEP_MS) return;
    this.lastEvent = Date.now();
    for (const jobId of [...this.waiting.keys()].slice(0, 500))
      await this.settleFromJob(jobId).catch(() => {});
  }

  private warn(what: string, error: Error): void {
    this.options.log?.warn({ err: redactSecrets(error.message) }, `${what}: Redis problem (retrying)`);
  }
}

function failed(file: string, code: "not-found" | "analysis-failed", message: string): AnyRecord {
  return { schema: ANALYSIS_SCHEMA, file, error: { code, message } };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
