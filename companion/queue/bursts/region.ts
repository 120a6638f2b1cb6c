/**
 * The stretch of a folder's capture times whose bursts are due for a re-score. Frames keep landing while a card is
 * copied, so one pending re-score takes in every frame that lands near it and waits until they stop coming.
 */
import type { JobRepository } from "../../store/jobs.ts";
import { NEIGHBOUR_WINDOW_MS } from "../steps/score-step.ts";

export interface BurstRegion {
  readonly folder: string;
  /** Capture times (epoch ms) of the frames that asked for it, earliest and latest. */
  readonly fromMs: number;
  readonly toMs: number;
  /** When the first of them asked (epoch ms): the wait is capped from here. */
  readonly since: number;
}

export interface Debounce {
  /** Re-score once no frame has landed nearby for this long. */
  readonly quietMs: number;
  /** … but never later than this after the first frame asked (a card copied for minutes still sees its bursts). */
  readonly maxWaitMs: number;
  /** A pending region grows up to this span of capture time; a frame further out starts a region of its own. */
  readonly maxSpanMs: number;
}

/**
 * - quietMs 3 s: the watcher settles a file 1 s after its last write and a 2-core machine analyzes ~5 photos/s,
 *   so a card being copied scores a frame every fraction of a second; 3 s of silence means the copy is over.
 * - maxWaitMs 30 s: a photographer browsing while a large card copies sees the first bursts put right soon.
 * - maxSpanMs 10 min: a re-score reads and scores every frame of its region again (cheap: no pixels), but not a day.
 */
export const DEFAULT_DEBOUNCE: Debounce = Object.freeze({
  quietMs: 3000,
  maxWaitMs: 30_000,
  maxSpanMs: 10 * 60_000,
});

export function regionAt(folder: string, captureMs: number, now: number): BurstRegion {
  return { folder, fromMs: captureMs, toMs: captureMs, since: now };
}

/** A frame joins a pending region when their neighbourhoods overlap and the region stays within its span. */
export function canJoin(region: BurstRegion, folder: string, captureMs: number, d: Debounce): boolean {
  if (region.folder !== folder) return false;
  const near =
    captureMs >= region.fromMs - 2 * NEIGHBOUR_WINDOW_MS &&
    captureMs <= region.toMs + 2 * NEIGHBOUR_WINDOW_MS;
  const span = Math.max(region.toMs, captureMs) - Math.min(region.fromMs, captureMs);
  return near && span <= d.maxSpanMs;
}

export function joined(region: BurstRegion, captureMs: number): BurstRegion {
  return {
    ...region,
    fromMs: Math.min(region.fromMs, captureMs),
    toMs: Math.max(region.toMs, captureMs),
  };
}

/**
 * Quiet for quietMs from now, but no later than maxWaitMs after the work was first asked for (a burst region, and the
 * companion's re-link of a folder's runners: people/queue-relink.ts).
 */
export function runAfter(
  asked: { readonly since: number },
  now: number,
  d: Pick<Debounce, "quietMs" | "maxWaitMs">,
): number {
  return Math.max(now, Math.min(now + d.quietMs, asked.since + d.maxWaitMs));
}

/**
 * Work queued debounced: the burst re-score (a stretch of capture times), the series re-score (a span in file order)
 * and the re-link of a folder's runners. Whoever asks joins a queued job that can take the work in, or queues one.
 */
export interface DebouncedJob<P extends { readonly since: number }> {
  readonly type: string;
  /** The frame whose scoring asks for the work (see frameKey). */
  readonly asker: { readonly folder: string; readonly id: number; readonly revision: number };
  readonly priority: number;
  readonly maxAttempts: number;
  /** A queued job's payload, or null when it is not one this work understands. */
  readonly parse: (payload: unknown) => P | null;
  /** The queued payload grown to take this work in, or null when it cannot (another folder, too far). */
  readonly join: (queued: P) => P | null;
  /** The payload of a new job asked for at `now`. */
  readonly start: (now: number) => P;
}

/**
 * Joins the first queued job that takes the work in (pushed back: quiet again from now, within its maximum wait) or
 * queues a new one; the job's id. Run inside the store's transaction: a job is joined before it is claimed, or a new
 * one starts.
 */
export function joinOrQueue<P extends { readonly since: number }>(
  jobs: JobRepository,
  work: DebouncedJob<P>,
  d: Pick<Debounce, "quietMs" | "maxWaitMs">,
): number {
  const now = Date.now();
  for (const job of jobs.queuedOfType(work.type)) {
    const queued = work.parse(job.payload);
    const grown = queued && work.join(queued);
    if (grown && jobs.postpone(job.id, grown, runAfter(grown, now, d))) return job.id;
  }
  const payload = work.start(now);
  return jobs.enqueue({
    type: work.type,
    key: frameKey(work.type, work.asker),
    payload,
    priority: work.priority,
    maxAttempts: work.maxAttempts,
    runAfter: runAfter(payload, now, d),
  }).id;
}

/**
 * One key per frame scored (photo id and revision), per type of work: a burst's id changes while its frames arrive
 * (it is the file of its earliest frame) and a series or a folder's re-link takes in whoever asks, so neither can key
 * the work. A retried photo job asks again under the same key; the job that key names was queued after the frame
 * was scored, so it has seen it or will.
 */
export function frameKey(type: string, frame: DebouncedJob<{ since: number }>["asker"]): string {
  return `${type}:${frame.folder}:${frame.id}:${frame.revision}`;
}
