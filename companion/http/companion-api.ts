/** What the HTTP layer needs from the running companion (the daemon implements it; nothing else leaks through). */
import type { WatchConfig } from "../config/schema.ts";
import type { QueueStatus } from "../distributed/queue-status.ts";
import type { ProgressEvents } from "../queue/progress-events.ts";
import type { Task } from "../queue/steps/step.ts";
import type { ModelVersion } from "../store/models.ts";
import type { Photo } from "../store/photos.ts";
import type { Store } from "../store/store.ts";
import type { Confined } from "../watcher/confine.ts";
import type { Pairing } from "./pairing.ts";
import type { UploadGate } from "./uploads.ts";

export interface SubmitOptions {
  readonly priority: number;
  readonly tasks?: readonly Task[];
}

export interface CompanionApi {
  readonly store: Store;
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
