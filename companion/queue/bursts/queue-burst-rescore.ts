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
} from "../jobs/rescore-burst.ts";
import { canJoin, DEFAULT_DEBOUNCE, joined, joinOrQueue, regionAt, type Debounce } from "./region.ts";

/** Returns the id of the re-score job the frame joined or started; null for a frame that cannot be in a burst. */
export function queueBurstRescore(
  ctx: Pick<JobContext, "store">,
  photo: Photo,
  debounce: Debounce = DEFAULT_DEBOUNCE,
): number | null {
  if (!photo.scores || photo.captureMs === null) return null;
  const at = photo.captureMs;
  return ctx.store.transaction(() =>
    joinOrQueue(
      ctx.store.jobs,
      {
        type: RESCORE_BURST,
        asker: photo,
        priority: RESCORE_BURST_PRIORITY,
        maxAttempts: RESCORE_BURST_MAX_ATTEMPTS,
        parse: (payload) => RescoreBurstPayload.safeParse(payload).data ?? null,
        join: (region) => (canJoin(region, photo.folder, at, debounce) ? joined(region, at) : null),
        start: (now) => RescoreBurstPayload.parse(regionAt(photo.folder, at, now)),
      },
      debounce,
    ),
  );
}
