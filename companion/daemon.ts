/**
 * The companion daemon, and its composition root: config (reloaded live) -> lock -> store -> pipeline services
 * (analysis, scoring, XMP, crops; embedded or on the Redis queue) -> learning -> thumbnails -> job runner -> watcher
 * -> HTTP API and page. Each part is opened in that order through one Teardown, so a graceful stop and a start that
 * fails half-way close exactly what was opened, in reverse. Nothing finds a part by a module-level lookup: each
 * gets what it uses from here.
 */
import { reapOrphanedExiftool } from "../core/adapters/exiftool-orphans.ts";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, sep } from "node:path";
import pino, { type Logger } from "pino";
import { DEFAULT_FOLDER } from "./config/defaults.ts";
import { LiveConfig } from "./config/live-config.ts";
import { appliesAfterRestart } from "./config/reload.ts";
import type { FolderConfig, WatchConfig } from "./config/schema.ts";
import { ApiAddress } from "./http/api-address.ts";
import { createApp } from "./http/app.ts";
import type { CompanionApi, SubmitOptions } from "./http/companion-api.ts";
import { hostWithPort, networkHosts, networkOpen } from "./http/network.ts";
import { closeServer, listen } from "./http/server.ts";
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
import { LearningRuntime } from "./learning/runtime.ts";
import { learningSettings } from "./learning/settings.ts";
import { ThumbnailCache } from "./thumbnails/thumbnail-cache.ts";
import { ThumbnailService } from "./thumbnails/thumbnail-service.ts";
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

/** The parts the composition root opened, each one typed, handed to the daemon that serves them. */
interface Parts {
  readonly live: LiveConfig;
  readonly store: Store;
  readonly token: string;
  readonly services: PhotoServices;
  readonly learning: LearningRuntime;
  readonly thumbnails: ThumbnailService;
  readonly catalogue: JobCatalogue;
  readonly address: ApiAddress;
  readonly queueStatus: (() => Promise<QueueStatus>) | undefined;
  /** Everything opened so far, closed in reverse by stop(). */
  readonly opened: Teardown;
}

export class Daemon implements CompanionApi {
  readonly events = new ProgressEvents();
  readonly startedAt = Date.now();
  readonly version = COMPANION_VERSION;
  readonly pairing = new Pairing();
  readonly uploads = new UploadGate();
  readonly store: Store;
  readonly token: string;
  readonly thumbnails: ThumbnailService;
  /** The Redis queue's depth, workers and failures; undefined on the embedded queue. */
  readonly queueStatus: (() => Promise<QueueStatus>) | undefined;
  private readonly live: LiveConfig;
  private readonly services: PhotoServices;
  private readonly learning: LearningRuntime;
  private readonly catalogue: JobCatalogue;
  private readonly address: ApiAddress;
  private readonly opened: Teardown;
  /** The config the companion started with: what the keys opened once at start still run on. */
  private readonly started: WatchConfig;
  private watcher: FolderWatcher | null = null;
  private runner!: JobRunner;
  private problem: readonly string[] | null = null;
  private restartKeys: readonly string[] = [];
  private stopping: Promise<void> | null = null;
  private stopped = { finished: 0, requeued: 0 };

  private constructor(
    parts: Parts,
    readonly log: Logger,
    private readonly options: DaemonOptions,
  ) {
    ({
      live: this.live,
      store: this.store,
      token: this.token,
      services: this.services,
      learning: this.learning,
      thumbnails: this.thumbnails,
      catalogue: this.catalogue,
      address: this.address,
      queueStatus: this.queueStatus,
      opened: this.opened,
    } = parts);
    this.started = this.live.config;
  }

  /**
   * Opens everything in dependency order; a failure anywhere (lock held, port taken, Redis away) closes what was
   * opened, in reverse, and rethrows: a refused start leaves nothing running. The job runner takes work last, once
   * the HTTP server listens, so no photo is touched by a companion that then fails to start.
   */
  static async start(options: DaemonOptions): Promise<Daemon> {
    const log = options.logger ?? pino({ name: "stridelight" });
    const opened = new Teardown(log);
    try {
      const daemon = new Daemon(await Daemon.open(options, log, opened), log, options);
      await daemon.run();
      return daemon;
    } catch (error) {
      await opened.unwind();
      throw error;
    }
  }

  private static async open(options: DaemonOptions, log: Logger, opened: Teardown): Promise<Parts> {
    const live = await opened.open(
      "config watcher",
      () => LiveConfig.open(options.configFile),
      (l) => l.close(),
    );
    const config = live.config;
    prepareDataDir(config.dataDir);
    await opened.open(
      "instance lock",
      () => InstanceLock.acquire(config.dataDir),
      (l) => l.release(),
    );
    const uploads = join(config.dataDir, UPLOADS_DIR);
    await opened.open(
      "uploads",
      () => clearUploads(uploads),
      () => clearUploads(uploads),
    );
    const reaped = reapOrphanedExiftool();
    if (reaped > 0) log.warn({ reaped }, "ended exiftool processes a crashed Stridelight left behind");
    await opened.open(
      "exiftool watchdog",
      () => ExiftoolWatchdog.start(),
      (w) => w.stop(),
    );
    const store = await opened.open(
      "store",
      () => Store.open(config.dataDir),
      (s) => s.close(),
    );
    const catalogue = companionJobs();
    catalogue.assertHandles(store.jobs.unfinishedTypes());
    const address = new ApiAddress(() => live.config.http);
    const pipeline = await opened.open(
      "pipeline services",
      () => openPipeline(options, config, address, log),
      (p) => closeServices(p.services),
    );
    // The learning layer puts the active head versions to work (and lets the crop service learn).
    const learning = await opened.open(
      "learning",
      () => LearningRuntime.attach(store, config.dataDir, pipeline.services, log),
      (l) => l.stop(),
    );
    const thumbnails = await opened.open(
      "thumbnails",
      () => new ThumbnailService(new ThumbnailCache(config.dataDir)),
      (t) => t.close(),
    );
    return {
      live,
      store,
      token: loadOrCreateToken(config.dataDir),
      services: learning.services,
      learning,
      thumbnails,
      catalogue,
      address,
      queueStatus: pipeline.status,
      opened,
    };
  }

  /** The job runner, the watcher and the HTTP server; then, the start no longer able to fail, the work. */
  private async run(): Promise<void> {
    this.recordModels();
    this.runner = await this.opened.open(
      "job runner",
      () =>
        new JobRunner(this.catalogue, this.jobContext(), { concurrency: this.services.analysis.workers + 1 }),
      async (r) => (this.stopped = await r.stop(this.options.graceMs ?? 20_000)),
    );
    this.followConfig();
    await this.watch(this.live.config);
    this.opened.push("watcher", () => this.watcher?.close());
    const http = this.live.config.http;
    const server = await this.opened.open(
      "http server",
      () => listen(createApp(this, this.log), this.options.port ?? http.port, http.listen),
      (s) => closeServer(s),
    );
    this.address.bind(server);
    // Only now that the start can no longer fail: take work (and requeue what a killed predecessor left).
    const recovered = this.runner.start();
    this.learning.start(learningSettings(this.live.config.learning), this.enqueueFn());
    this.opened.push("learning triggers", () => this.learning.stop());
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

  /** Config keys edited since the start that apply only after a restart (config/reload.ts). */
  configRestart(): readonly string[] {
    return this.restartKeys;
  }

  port(): number {
    return this.address.port();
  }

  listenAddress(): string {
    return this.address.listenAddress();
  }

  /** Where workers on other machines fetch models (undefined until the companion listens). */
  modelSourceUrl(): string | undefined {
    return this.address.modelSourceUrl();
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
    if (tasks || photo.status === "queued" || photo.status === "analyzing") {
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
    if (back) void this.learning.applyActive();
    if (back) this.events.emit({ type: "models", model: back.model, version: back.version });
    return back;
  }

  /**
   * Graceful, the start in reverse: no more triggers, stop listening and watching, let running photos finish
   * (graceMs) and requeue the rest, then close thumbnails, learning, pipeline, store, watchdog, uploads, lock.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    await this.opened.unwind();
    this.log.info(this.stopped, "companion stopped");
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
      enqueue: this.enqueueFn(),
      learning: this.learning,
      ...(this.options.retryDelayMs !== undefined ? { retryDelayMs: this.options.retryDelayMs } : {}),
    };
  }

  private enqueueFn() {
    return (type: string, key: string, payload: unknown, priority?: number, runAfter?: number) =>
      this.enqueue(type, key, payload, priority, runAfter);
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
      if (this.stopping) return;
      this.restartKeys = appliesAfterRestart(this.started, next.config);
      this.log.info({ file: next.file, folders: next.config.folders.map((f) => f.path) }, "config reloaded");
      if (this.restartKeys.length > 0)
        this.log.warn({ keys: this.restartKeys }, "config keys edited that apply after a restart");
      this.events.emit({ type: "config", ok: true, restart: [...this.restartKeys] });
      this.learning.start(learningSettings(next.config.learning), this.enqueueFn());
      void this.watcher?.close().then(() => (this.stopping ? undefined : this.watch(next.config)));
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

/**
 * The pipeline services: the caller's (tests), the Redis queue's (watch-config "queue" or $STRIDELIGHT_QUEUE; workers
 * on any machine fetch a model version they lack from this companion, whose URL the API address knows once it
 * listens), or this machine's embedded ones.
 */
async function openPipeline(
  options: DaemonOptions,
  config: WatchConfig,
  address: ApiAddress,
  log: Logger,
): Promise<{ services: PhotoServices; status: (() => Promise<QueueStatus>) | undefined }> {
  if (options.services) return { services: options.services, status: undefined };
  const workers = config.workers === "auto" ? availableParallelism() : config.workers;
  const queue = queueChoice(config);
  if (!queue) return { services: await openRealServices(workers, config.maxSide, log), status: undefined };
  const onQueue = await openQueueServices(queue, workers, config.maxSide, log, () =>
    address.modelSourceUrl(),
  );
  return { services: onQueue.services, status: () => onQueue.status() };
}
