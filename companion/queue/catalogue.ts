/**
 * The job catalogue: every job type the companion knows, each with its payload schema and ONE handler. Checked at
 * start-up: a duplicate type, a missing handler, or a job in the store whose type nobody handles stops the start
 * with a message, instead of a queue that silently never drains.
 */
import type { z } from "zod";
import type { FolderConfig } from "../config/schema.ts";
import type { Job, NewJob } from "../store/jobs.ts";
import type { Store } from "../store/store.ts";
import type { LearningRuntime } from "../learning/runtime.ts";
import type { Logger } from "pino";
import type { ProgressEvents } from "./progress-events.ts";
import type { PhotoServices } from "./services.ts";

export interface JobContext {
  readonly store: Store;
  readonly services: PhotoServices;
  readonly events: ProgressEvents;
  readonly log: Logger;
  /** Where photos may be read and XMP written: the watched folders and the uploads folder (confine.ts). */
  roots(): readonly string[];
  /** The settings of the watched folder a photo came from (the defaults for uploads and API paths). */
  folderConfig(folder: string): FolderConfig;
  /** Queue follow-up work (validated against the catalogue); `runAfter` (epoch ms) delays it. */
  enqueue(type: string, key: string, payload: unknown, priority?: number, runAfter?: number): void;
  /** The running companion's learning layer (absent: defaults, nothing to put to work). */
  readonly learning?: LearningRuntime;
  /** How long before a photo that failed as unreadable is looked at once more (default 60 s). */
  readonly retryDelayMs?: number;
}

export interface JobDefinition<P> {
  readonly type: string;
  readonly payload: z.ZodType<P>;
  readonly maxAttempts: number;
  handle(payload: P, job: Job, ctx: JobContext): Promise<void>;
}

/** Keeps the payload type tied to its handler while the catalogue holds a list of different types. */
export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<unknown> {
  return definition;
}

export class JobCatalogue {
  private readonly byType = new Map<string, JobDefinition<unknown>>();

  constructor(definitions: readonly JobDefinition<unknown>[]) {
    for (const d of definitions) {
      if (this.byType.has(d.type)) throw new Error(`job type "${d.type}" is defined twice`);
      if (typeof d.handle !== "function") throw new Error(`job type "${d.type}" has no handler`);
      this.byType.set(d.type, d);
    }
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }

  get(type: string): JobDefinition<unknown> | null {
    return this.byType.get(type) ?? null;
  }

  /** A job ready for the store, its payload validated now rather than when a worker picks it up. */
  job(type: string, key: string, payload: unknown, priority = 0, runAfter?: number): NewJob {
    const d = this.get(type);
    if (!d) throw new Error(`unknown job type "${type}" (known: ${this.types.join(", ")})`);
    const parsed = d.payload.safeParse(payload);
    if (!parsed.success)
      throw new Error(`job "${type}": ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    return {
      type,
      key,
      payload: parsed.data,
      priority,
      maxAttempts: d.maxAttempts,
      ...(runAfter ? { runAfter } : {}),
    };
  }

  /** Every type the store still has unfinished jobs of must have a handler here. */
  assertHandles(storedTypes: readonly string[]): void {
    const unknown = storedTypes.filter((t) => !this.byType.has(t));
    if (unknown.length) throw new Error(`the store holds jobs of unknown type: ${unknown.join(", ")}`);
  }
}
