/**
 * What the HTTP layer needs from the running companion (the daemon implements it; nothing else leaks through): the
 * store's repositories the routes read and write (never the database, never its lifetime), the thumbnails, the
 * events, the config as it is now.
 */
import type { WatchConfig } from "../config/schema.ts";
import type { QueueStatus } from "../distributed/queue-status.ts";
import type { ProgressEvents } from "../queue/progress-events.ts";
import type { Task } from "../queue/steps/step.ts";
import type { ModelVersion } from "../store/models.ts";
import type { Photo } from "../store/photos.ts";
import type { FeedbackRepository } from "../store/feedback.ts";
import type { JobRepository } from "../store/jobs.ts";
import type { ModelRepository } from "../store/models.ts";
import type { PhotoRepository } from "../store/photos.ts";
import type { XmpWriteRepository } from "../store/xmp-writes.ts";
import type { ThumbnailService } from "../thumbnails/thumbnail-service.ts";
import type { Confined } from "../watcher/confine.ts";
import type { Pairing } from "./pairing.ts";
import type { UploadGate } from "./uploads.ts";

export interface SubmitOptions {
  readonly priority: number;
  readonly tasks?: readonly Task[];
}

/** The parts of the store a route may touch. */
export interface ApiStore {
  readonly photos: Pick<PhotoRepository, "get" | "list" | "files" | "byPath" | "counts">;
  readonly jobs: Pick<JobRepository, "counts">;
  readonly writes: Pick<XmpWriteRepository, "forPhoto">;
  readonly feedback: Pick<FeedbackRepository, "add" | "forPhoto">;
  readonly models: Pick<ModelRepository, "list">;
}

export interface CompanionApi {
  readonly store: ApiStore;
  /** Thumbnails and region cuts for the page and the plugins. */
  readonly thumbnails: ThumbnailService;
  readonly events: ProgressEvents;
  readonly token: string;
  /** One-time pairing codes (links for browsers, typed codes for plugins). */
  readonly pairing: Pairing;
  /** The cap on uploads received at once. */
  readonly uploads: UploadGate;
  readonly startedAt: number;
  readonly version: string;
  config(): WatchConfig;
  /** The last config problem (a broken edit that was not taken), or null. */
  configProblem(): readonly string[] | null;
  /** Config keys edited since the start that apply only after a restart (empty: everything edited is live). */
  configRestart?(): readonly string[];
  workers(): number;
  port(): number;
  /** Take a file now (hash, pair, queue); resolves with its photo. */
  submit(path: string, options: SubmitOptions): Promise<Photo>;
  /** Resolves when the photo is done or failed, or with its state as it is after `timeoutMs`. */
  waitFor(photoId: number, timeoutMs: number): Promise<Photo>;
  uploadsDir(): string;
  /** A path from a client, checked against the watched folders and the uploads folder (realpath). */
  confine(path: string): Promise<Confined>;
  /** The /pair#code link for a browser on this machine. */
  pairingUrl(code: string): string;
  rollBack(model: string): ModelVersion | null;
  /** The address the server is bound to (absent: 127.0.0.1). */
  listenAddress?(): string;
  /** The Redis queue's depth, workers and failures; absent or null on the embedded queue. */
  queueStatus?(): Promise<QueueStatus | null>;
}
