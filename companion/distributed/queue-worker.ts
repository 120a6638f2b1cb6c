/**
 * A machine's share of the work: a BullMQ worker whose processor is the existing analysis pool (worker threads, one
 * Analyzer each). BullMQ does the rest: leases (locks), retries with backoff, and giving a killed worker's job to
 * another one after stall detection. A photo this machine cannot see is retried (another machine may), a photo
 * that is broken comes back as a failed record naming the file, the machine and the reason.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import type { AnyRecord } from "../../core/domain/analysis.ts";
import { DEFAULT_MODELS_DIR } from "../../core/models/paths.ts";
import type { RegistryLocation, RuntimeOptions } from "../../core/models/registry.ts";
import { WORKING_SIZE } from "../../core/domain/working-size.ts";
import { AnalysisPool } from "../workers/pool.ts";
import {
  ANALYSIS_QUEUE,
  AnalysisJobData,
  machineName,
  settingsKey,
  type AnalysisJobResult,
} from "./analysis-job.ts";
import { connectionOptions, probeRedis } from "./connection.ts";
import { locateModels, type ModelSource } from "./model-fetch.ts";
import { localModelSet, versionsOf } from "./model-set.ts";
import { PathMap } from "./path-map.ts";
import type { RedisTarget } from "./queue-url.ts";
import { RecentRate } from "./recent-rate.ts";
import { redactSecrets } from "./redact-url.ts";
import { WorkerHeartbeat, type WorkerState } from "./worker-heartbeat.ts";

export interface QueueWorkerOptions {
  /** Worker threads (one model set each) = jobs in flight on this machine. */
  readonly workers: number;
  readonly runtime?: RuntimeOptions;
  /** The working size to warm up for (jobs name their own). */
  readonly maxSide?: number;
  readonly pathMap?: PathMap;
  readonly machine?: string;
  /** The pairing token of the companion jobs name as their model source. */
  readonly token?: string;
  /** Where fetched models are kept (default: the system temp folder). */
  readonly modelCache?: string;
  /** This machine's own models folder (cards + ONNX; default: the repository's models/). */
  readonly modelsDir?: string;
  /** How long a job's lock lives without renewal; a killed worker's job is taken again after about this long. */
  readonly lockMs?: number;
  readonly log?: Logger;
}

type PoolSettings = Pick<AnalysisJobData, "models" | "maxSide" | "bibs" | "modelSource">;

interface OpenPool {
  readonly pool: AnalysisPool;
  /** Opened from fetched models rather than this machine's models/. */
  readonly fetched: boolean;
}

export class QueueWorker {
  private readonly pools = new Map<string, Promise<OpenPool>>();
  private done = 0;
  private failures = 0;
  private lastFailure: string | undefined;
  private readonly rate = new RecentRate();
  private readonly machine: string;
  private worker: Worker | null = null;
  private heartbeat: WorkerHeartbeat | null = null;

  private constructor(private readonly options: QueueWorkerOptions) {
    this.machine = options.machine ?? machineName();
  }

  /** Checks Redis (clear error naming the URL), opens the analysis pool, then starts taking jobs. */
  static async start(target: RedisTarget, options: QueueWorkerOptions): Promise<QueueWorker> {
    await probeRedis(target);
    const self = new QueueWorker(options);
    // Warm up before taking jobs: model start-up is not charged to the first photos, and a broken install fails here.
    await self.poolFor({
      models: await localModelSet(self.localLocation()),
      maxSide: options.maxSide ?? WORKING_SIZE.default,
      bibs: true,
    });
    const lockMs = options.lockMs ?? 30_000;
    self.worker = new Worker(ANALYSIS_QUEUE, (job) => self.process(job), {
      connection: connectionOptions(target),
      concurrency: options.workers,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: 2,
      autorun: false,
    });
    self.worker.on("error", (error) => self.warn("Redis problem (retrying)", error.message));
    self.worker.on("failed", (job, error) => self.onAttemptFailed(job, error));
    void self.worker.run().catch((error: Error) => self.warn("worker stopped", error.message));
    self.heartbeat = await WorkerHeartbeat.start(target, () => self.state());
    return self;
  }

  /** What its heartbeat tells the owners: jobs done, photos/s over the last minute, failures. */
  state(): WorkerState {
    return {
      machine: this.machine,
      threads: this.options.workers,
      jobsDone: this.done,
      failures: this.failures,
      photosPerSecond: this.rate.perSecond(),
      ...(this.lastFailure ? { lastFailure: this.lastFailure } : {}),
    };
  }

  /** Jobs this machine finished (analyzed or failed for good). */
  get jobsDone(): number {
    return this.done;
  }

  /** Lets running jobs finish, then stops the analysis threads. */
  async close(): Promise<void> {
    await this.worker?.close();
    await this.heartbeat?.stop();
    const pools = await Promise.allSettled([...this.pools.values()]);
    const open = pools.flatMap((p) => (p.status === "fulfilled" ? [p.value.pool] : []));
    await Promise.all(open.map((pool) => pool.close()));
  }

  private async process(job: Job): Promise<AnalysisJobResult> {
    const data = AnalysisJobData.parse(job.data);
    const local = (this.options.pathMap ?? new PathMap()).toLocal(data.file);
    if (!local)
      throw new Error(
        `${data.file}: not found on ${this.machine}: its share is not mapped here (--path-map)`,
      );
    const { pool, fetched } = await this.poolFor(data);
    const record = await pool.analyze(local);
    if ("error" in record && record.error.code === "not-found")
      throw new Error(`${local}: not found on ${this.machine} (${record.error.message})`);
    this.done += 1;
    this.rate.tick();
    if ("error" in record) this.noteFailure(`${local}: ${record.error.message}`);
    return { machine: this.machine, record: this.stamp(record, data, fetched) };
  }

  private onAttemptFailed(job: Job | undefined, error: Error): void {
    const file = String((job?.data as { file?: string } | undefined)?.file ?? "a job");
    this.noteFailure(`${file}: ${error.message}`);
    this.warn(`${file}: attempt failed`, error.message);
  }

  private noteFailure(what: string): void {
    this.failures += 1;
    this.lastFailure = redactSecrets(what).slice(0, 300);
  }

  /** This machine's models folder as the registry takes it ({} = the default models/). */
  private localLocation(): RegistryLocation {
    const dir = this.options.modelsDir;
    return dir ? { modelsDir: dir, cardsDir: dir } : {};
  }

  /** Failures name the machine; a record made with fetched models names the versions the job pinned. */
  private stamp(record: AnyRecord, data: AnalysisJobData, fetched: boolean): AnyRecord {
    if ("error" in record)
      return {
        ...record,
        error: { ...record.error, message: `${record.error.message} (on ${this.machine})` },
      };
    return fetched ? { ...record, models: versionsOf(data.models) } : record;
  }

  /** One pool per model set and working size (nearly always exactly one), opened on first need. */
  private poolFor(data: PoolSettings): Promise<OpenPool> {
    const key = settingsKey(data.models, data.maxSide, data.bibs);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = this.openPool(data);
      pool.catch(() => this.pools.delete(key));
      this.pools.set(key, pool);
    }
    return pool;
  }

  private async openPool(data: PoolSettings): Promise<OpenPool> {
    const source: ModelSource | null =
      data.modelSource && this.options.token ? { url: data.modelSource, token: this.options.token } : null;
    const cache = this.options.modelCache ?? join(tmpdir(), "stridelight-models");
    const local = this.options.modelsDir ?? DEFAULT_MODELS_DIR;
    const location = await locateModels(data.models, source, cache, local);
    // The registry reads modelsDir/cardsDir from the same options object the runtime settings travel in.
    const runtime: RuntimeOptions = { ...this.options.runtime, ...this.localLocation(), ...location };
    const pool = await AnalysisPool.open({
      workers: this.options.workers,
      maxSide: data.maxSide,
      bibs: data.bibs,
      runtime,
    });
    return { pool, fetched: location.modelsDir !== undefined };
  }

  private warn(message: string, detail: string): void {
    this.options.log?.warn({ machine: this.machine, err: redactSecrets(detail) }, message);
  }
}
