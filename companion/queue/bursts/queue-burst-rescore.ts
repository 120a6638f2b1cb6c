/**
 * Ask for the bursts around a freshly scored frame to be re-scored, debounced: while a card is copied, every frame
 * that lands near a pending re-score joins it and pushes it back, so a burst is re-scored once when its frames
 * stop coming, not once per frame. Lookup and update happen in one transaction, so a frame either joins a
 * re-score before it is claimed or starts a new one; a re-score already running never misses it.
 */
import type { Photo } from "../../store/photos.ts";
import type { JobContext } from "../catalogue.ts";
import {
  RESCORE_BURST,
  RESCORE_BURST_MAX_ATTEMPTS,
  RESCORE_BURST_PRIORITY,
  RescoreBurstPayload,
  rescoreBurstKey,
} from "../jobs/rescore-burst.ts";
import { canJoin, DEFAULT_DEBOUNCE, joined, regionAt, runAfter, type Debounce } from "./region.ts";

/** Returns the id of the re-score job the frame joined or started; null for a frame that cannot be in a burst. */
export function queueBurstRescore(
  ctx: Pick<JobContext, "store">,
  photo: Photo,
  debounce: Debounce = DEFAULT_DEBOUNCE,
): number | null {
  if (!photo.scores || photo.captureMs === null) return null;
  const at = photo.captureMs;
  const jobs = ctx.store.jobs;
  return ctx.store.transaction(() => {
    const now = Date.now();
    for (const job of jobs.queuedOfType(RESCORE_BURST)) {
      const region = RescoreBurstPayload.safeParse(job.payload);
      if (!region.success || !canJoin(region.data, photo.folder, at, debounce)) continue;
      const grown = joined(region.data, at);
      if (jobs.postpone(job.id, grown, runAfter(grown, now, debounce))) return job.id;
    }
    const region = RescoreBurstPayload.parse(regionAt(photo.folder, at, now));
    return jobs.enqueue({
      type: RESCORE_BURST,
      key: rescoreBurstKey(photo),
      payload: region,
      priority: RESCORE_BURST_PRIORITY,
      maxAttempts: RESCORE_BURST_MAX_ATTEMPTS,
      runAfter: runAfter(region, now, debounce),
    }).id;
  });
}
