/**
 * The companion daemon: config (reloaded live) -> watcher -> durable queue -> pipeline services -> store, XMP,
 * progress events, HTTP API and page. stop() is the graceful shutdown: no new work, running photos get a grace
 * period, whatever is left goes back to the queue for the next start.
 */
import { reapOrphanedExiftool } from "../core/adapters/exiftool-orphans.ts";
import { closeThumbnails } from "./thumbnails/thumbnails-of.ts";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { availableParallelism } from "node:os";
import { join, relative, sep } from "node:path";
import pino, { type Logger } from "pino";
import { DEFAULT_FOLDER } from "./config/defaults.ts";
import { LiveConfig } from "./config/live-config.ts";
import type { FolderConfig, WatchConfig } from "./config/schema.ts";
import { createApp } from "./http/app.ts";
import type { CompanionApi, SubmitOptions } from "./http/companion-api.ts";
import { advertisedUrl, hostWithPort, networkHosts, networkOpen } from "./http/network.ts";
import { addressOf, closeServer, listen, portOf } from "./http/server.ts";
import { loadOrCreateToken } from "./http/token.ts";
import { Pairing } from "./http/pairing.ts";
import { PAIR_PATH } from "./http/guards.ts";
import { UploadGate } from "./http/uploads.ts";
import { ExiftoolWatchdog } from "./lifecycle/exiftool-watchdog.ts";
import { Teardown } from "./lifecycle/teardown.ts";
import { prepareDataDir, UPLOADS_DIR } from "./store/data-dir.ts";
import { confineFile, type Confined } from "./watcher/confine.ts";
import type { JobCatalogue, JobContext } from "./queue/catalogue.ts";
import { openRealServices } from "./services/real-services.ts";
import { openQueueServices, queueChoice } from "./distributed/queue-services.ts";
import type { QueueStatus } from "./distributed/queue-status.ts";
import { companionJobs } from "./queue/jobs/index.ts";
import { ingestKey, ingestNow, INGEST_PHOTO } from "./queue/jobs/ingest-photo.ts";
import { PROCESS_PHOTO, processKey } from "./queue/jobs/process-photo.ts";
import { JobRunner } from "./queue/job-runner.ts";
import { ProgressEvents } from "./queue/progress-events.ts";
import type { PhotoServices } from "./queue/services.ts";
import { InstanceLock } from "./store/instance-lock.ts";
import type { Photo } from "./store/photos.ts";
import { Store } from "./store/store.ts";
import { LearningRuntime, learningOf } from "./learning/runtime.ts";
import { learningSettings } from "./learning/settings.ts";
import { FolderWatcher, type LandedFile } from "./watcher/folder-watcher.ts";

export const COMPANION_VERSION = "0.1.0";

export interface DaemonOptions {
  /** watch-config.json; an absent file means the embedded defaults. */
  readonly configFile: string;
  /** Replaces the real pipeline services (tests); the daemon closes them on stop. */
  readonly services?: PhotoServices;
  readonly logger?: Logger;
  /** Overrides the config's port (tests: 0 = any free port). */
  readonly port?: number;
  /** How long running photos may take to finish on stop before they are requeued. */
  readonly graceMs?: number;
  /** Delay of the second look at a photo that failed as unreadable (tests shorten it; default 60 s). */
  readonly retryDelayMs?: number;
}

export class Daemon implements CompanionApi {
  readonly events = new ProgressEvents();
  readonly startedAt = Date.now();
  readonly version = COMPANION_VERSION;
  readonly pairing = new Pairing();
  readonly uploads = new UploadGate();
  private watcher: FolderWatcher | null = null;
  private server: Server | null = null;
  private runner!: JobRunner;
  private problem: readonly string[] | null = null;
  private watchdog: ExiftoolWatchdog | null = null;
  private stopping: Promise<void> | null = null;
  /** The Redis queue's depth, workers and failures; undefined on the embedded queue. */
  queueStatus: (() => Promise<QueueStatus>) | undefined;

  private constructor(
    private readonly live: LiveConfig,
    readonly store: Store,
    private readonly lock: InstanceLock,
    readonly token: string,
    private readonly services: PhotoServices,
    private readonly catalogue: JobCatalogue,
    readonly log: Logger,
    private readonly options: DaemonOptions,
  ) {}

  /**
   * Opens everything in order; a failure anywhere (lock held, port taken, Redis away) closes what was opened, in
   * reverse, and rethrows: a refused start leaves nothing running. The job runner starts last, once the HTTP
   * server listens, so no photo is touched by a companion that then fails to start.
   */
  static async start(options: DaemonOptions): Promise<Daemon> {
    const log = options.logger ?? pino({ name: "stridelight" });
    const opened = new Teardown(log);
    try {
      return await Daemon.open(options, log, opened);
    } catch (error) {
      await opened.unwind();
      throw error;
    }
  }

  private static async open(options: DaemonOptions, log: Logger, opened: Teardown): Promise<Daemon> {
    const live = await LiveConfig.open(options.configFile);
    opened.push("config watcher", () => live.close());
    const config = live.config;
    prepareDataDir(config.dataDir);
    const lock = InstanceLock.acquire(config.dataDir);
    opened.push("instance lock", () => lock.release());
    clearUploads(join(config.dataDir, UPLOADS_DIR));
    const reaped = reapOrphanedExiftool();
    if (reaped > 0) log.warn({ reaped }, "ended exiftool processes a crashed Stridelight left behind");
    const watchdog = ExiftoolWatchdog.start();
    opened.push("exiftool watchdog", () => watchdog.stop());
    const store = Store.open(config.dataDir);
    opened.push("store", () => store.close());
    const catalogue = companionJobs();
    catalogue.assertHandles(unfinishedTypes(store));
    const workers = config.workers === "auto" ? availableParallelism() : config.workers;
    // watch-config "queue" or $STRIDELIGHT_QUEUE: analysis on the Redis queue (workers on any machine); else embedded.
    const queue = queueChoice(config);
    // Workers elsewhere fetch a model version they lack from this companion: its URL is known once it listens.
    let self: Daemon | null = null;
    const onQueue =
      !options.services && queue
        ? await openQueueServices(queue, workers, config.maxSide, log, () => self?.modelSourceUrl())
        : null;
    const base =
      options.services ?? onQueue?.services ?? (await openRealServices(workers, config.maxSide, log));
    opened.push("pipeline services", () => closeServices(base));
    // The learning layer puts the active head versions to work (and lets the crop service learn).
    const { services } = await LearningRuntime.attach(store, config.dataDir, base, log);
    opened.push("learning", () => learningOf(store)?.detach());
    const daemon = new Daemon(
      live,
      store,
      lock,
      loadOrCreateToken(config.dataDir),
      services,
      catalogue,
      log,
      options,
    );
    daemon.watchdog = watchdog;
    self = daemon;
    daemon.queueStatus = onQueue ? () => onQueue.status() : undefined;
    await daemon.run(opened);
    return daemon;
  }

  private async run(opened: Teardown): Promise<void> {
    this.recordModels();
    this.runner = new JobRunner(this.catalogue, this.jobContext(), {
      concurrency: this.services.analysis.workers + 1,
    });
    this.followConfig();
    await this.watch(this.live.config);
    opened.push("watcher", () => this.watcher?.close());
    const http = this.live.config.http;
    this.server = await listen(createApp(this, this.log), this.options.port ?? http.port, http.listen);
    opened.push("http server", () => this.server && closeServer(this.server));
    // Only now that the start can no longer fail: take work (and requeue what a killed predecessor left).
    const recovered = this.runner.start();
    learningOf(this.store)?.start(
      learningSettings(this.live.config.learning),
      (type, key, payload, priority) => this.enqueue(type, key, payload, priority),
    );
    this.log.info(
      {
        port: this.port(),
        dataDir: this.live.config.dataDir,
        folders: this.live.config.folders.map((f) => f.path),
        recovered,
        network: networkOpen(http) ? { listen: http.listen, hosts: networkHosts(http) } : false,
      },
      `companion listening on http://${hostWithPort(http.listen, this.port())}/`,
    );
  }

  config(): WatchConfig {
    return this.live.config;
  }

  configProblem(): readonly string[] | null {
    return this.problem;
  }

  workers(): number {
    return this.services.analysis.workers;
  }

  port(): number {
    return this.server ? portOf(this.server) : 0;
  }

  listenAddress(): string {
    return this.server ? addressOf(this.server) : this.live.config.http.listen;
  }

  /** Where workers on other machines fetch models (undefined until the companion listens). */
  modelSourceUrl(): string | undefined {
    return this.server ? advertisedUrl(this.live.config.http, this.port()) : undefined;
  }

  uploadsDir(): string {
    return join(this.live.config.dataDir, UPLOADS_DIR);
  }

  /** Where the companion may read photos and write beside them: the watched folders and its uploads folder. */
  roots(): string[] {
    return [...this.live.config.folders.map((f) => f.path), this.uploadsDir()];
  }

  /** A path from outside, judged by where it really is (confine.ts). */
  confine(path: string): Promise<Confined> {
    return confineFile(path, this.roots());
  }

  /** The one-time link that pairs a browser on this machine: the code rides in the fragment, never sent in a URL. */
  pairingUrl(code: string): string {
    return `http://${hostWithPort(this.listenAddress() === "::1" ? "::1" : "127.0.0.1", this.port())}${PAIR_PATH}#${code}`;
  }

  /** A fresh pairing link (what `stridelight start` prints and opens). */
  pairingLink(): string {
    return this.pairingUrl(this.pairing.issue("link").code);
  }

  /** Resolves when every queued photo is done (tests and benchmarks). */
  whenIdle(): Promise<void> {
    return this.runner.whenIdle();
  }

  async submit(path: string, options: SubmitOptions): Promise<Photo> {
    const folder = this.folderOf(path)?.path ?? "";
    const tasks = options.tasks ? [...options.tasks] : undefined;
    // An API call takes a file in but never moves a known photo whose own file is still there.
    const id = await ingestNow(this.jobContext(), { path, folder, priority: options.priority, tasks }, false);
    const photo = this.store.photos.get(id)!;
    if (tasks || photo.status === "queued" || photo.status === "analysing") {
      this.enqueue(
        PROCESS_PHOTO,
        processKey(id, photo.revision, options.tasks),
        { photoId: id, revision: photo.revision, tasks },
        options.priority,
      );
    }
    return this.store.photos.get(id)!;
  }

  waitFor(photoId: number, timeoutMs: number): Promise<Photo> {
    const settled = (p: Photo | null) => !p || p.status === "done" || p.status === "failed";
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve(this.store.photos.get(photoId)!);
      };
      const unsubscribe = this.events.subscribe((e) => {
        if (e.type === "photo" && e.id === photoId && settled(this.store.photos.get(photoId))) finish();
      });
      const timer = setTimeout(finish, timeoutMs);
      if (settled(this.store.photos.get(photoId))) finish();
    });
  }

  rollBack(model: string) {
    const back = this.store.models.rollBack(model);
    if (back) void learningOf(this.store)?.applyActive();
    if (back) this.events.emit({ type: "models", model: back.model, version: back.version });
    return back;
  }

  /** Graceful: stop watching and listening, let running photos finish (graceMs), requeue the rest, close all. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.live.close();
    learningOf(this.store)?.detach();
    await this.watcher?.close();
    if (this.server) await closeServer(this.server);
    const { finished, requeued } = await this.runner.stop(this.options.graceMs ?? 20_000);
    await Promise.allSettled([closeServices(this.services), closeThumbnails(this)]);
    this.store.close();
    this.watchdog?.stop();
    clearUploads(this.uploadsDir());
    this.lock.release();
    this.log.info({ finished, requeued }, "companion stopped");
  }

  private jobContext(): JobContext {
    return {
      store: this.store,
      services: this.services,
      events: this.events,
      log: this.log,
      roots: () => this.roots(),
      folderConfig: (folder) =>
        this.live.config.folders.find((f) => f.path === folder) ?? { path: folder, ...DEFAULT_FOLDER },
      enqueue: (type, key, payload, priority, runAfter) =>
        this.enqueue(type, key, payload, priority, runAfter),
      ...(this.options.retryDelayMs !== undefined ? { retryDelayMs: this.options.retryDelayMs } : {}),
    };
  }

  private enqueue(type: string, key: string, payload: unknown, priority = 0, runAfter?: number): void {
    this.store.jobs.enqueue(this.catalogue.job(type, key, payload, priority, runAfter));
    this.runner?.wake();
  }

  private folderOf(path: string): FolderConfig | null {
    return (
      this.live.config.folders.find((f) => {
        const rel = relative(f.path, path);
        return rel !== "" && !rel.startsWith("..") && !rel.startsWith(sep);
      }) ?? null
    );
  }

  private onFile = (file: LandedFile): void => {
    this.enqueue(INGEST_PHOTO, ingestKey(file.path, file.size, file.mtimeMs), {
      path: file.path,
      folder: file.folder,
      priority: 0,
    });
    this.events.emit({ type: "queued", path: file.path, folder: file.folder });
  };

  private async watch(config: WatchConfig): Promise<void> {
    // An import folder that does not exist yet is made, so a first start has somewhere to drop photos.
    for (const folder of config.folders) mkdirSync(folder.path, { recursive: true });
    this.watcher = await FolderWatcher.start(config.folders, {
      settleMs: config.settleMs,
      skip: [config.dataDir],
      onFile: this.onFile,
      onError: (folder, error) => this.log.warn({ folder, err: error.message }, "watcher problem"),
    });
  }

  private followConfig(): void {
    this.live.onValid = () => (this.problem = null);
    this.live.onChanged = (next) => {
      this.log.info({ file: next.file, folders: next.config.folders.map((f) => f.path) }, "config reloaded");
      this.events.emit({ type: "config", ok: true });
      void this.watcher?.close().then(() => this.watch(next.config));
    };
    this.live.onRejected = (error) => {
      this.problem = error.problems;
      this.log.warn(
        { file: error.file, problems: error.problems },
        "config edit rejected, keeping the last good one",
      );
      this.events.emit({ type: "config", ok: false, problems: error.problems });
    };
  }

  private recordModels(): void {
    const versions = { ...this.services.analysis.models, ...this.services.scoring.models };
    for (const [model, version] of Object.entries(versions)) {
      if (!this.store.models.active(model)) this.store.models.activate(model, version);
    }
  }
}

function closeServices(services: PhotoServices): Promise<unknown> {
  return Promise.allSettled([services.analysis.close(), services.scoring.close(), services.xmp.close()]);
}

/** Uploads live only as long as their analysis: whatever a previous run (or this one) left is removed. */
function clearUploads(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no uploads folder: nothing to clear
  }
  for (const name of names) rmSync(join(dir, name), { force: true, recursive: true });
}

function unfinishedTypes(store: Store): string[] {
  const rows = store.db
    .prepare(`SELECT DISTINCT type FROM jobs WHERE state IN ('queued','running')`)
    .all() as { type: string }[];
  return rows.map((r) => r.type);
}
