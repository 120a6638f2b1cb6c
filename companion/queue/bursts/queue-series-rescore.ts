/**
 * Ask for the untimed series around a freshly scored frame to be re-scored, debounced as the burst re-score is
 * (queue-burst-rescore.ts): while a card or an export is copied, every untimed frame of the folder joins the pending
 * re-score and pushes it back, so a series is re-scored once when its frames stop coming, not once per frame.
 */
import type { Photo } from "../../store/photos.ts";
import type { JobContext } from "../catalogue.ts";
import { fileOrder } from "../jobs/rescore-series-frames.ts";
import {
  RESCORE_SERIES,
  RESCORE_SERIES_MAX_ATTEMPTS,
  RESCORE_SERIES_PRIORITY,
  RescoreSeriesPayload,
  rescoreSeriesKey,
} from "../jobs/rescore-series.ts";
import { DEFAULT_DEBOUNCE, runAfter, type Debounce } from "./region.ts";

/**
 * Returns the id of the re-score the frame joined or started; null for a timed frame (the burst re-score's), one
 * without scores, one without a runner (a series follows a runner, and a frame without one is rejected whatever its
 * series), or one its own scoring found alone. The region is the span in file order of the frames that asked; any untimed frame of the folder joins
 * it (a series is found in file order, and a card copies in file order: the span grows with the copy).
 */
export function queueSeriesRescore(
  ctx: Pick<JobContext, "store">,
  photo: Photo,
  debounce: Pick<Debounce, "quietMs" | "maxWaitMs"> = DEFAULT_DEBOUNCE,
): number | null {
  const record = photo.analysis && !("error" in photo.analysis) ? photo.analysis : null;
  if (!photo.scores || photo.captureMs !== null || record?.prominent == null) return null;
  // Alone in its series when scored with its neighbours: it links to no other frame, so no other frame's series changes.
  if ((photo.scores.burst?.size ?? 1) < 2) return null;
  const jobs = ctx.store.jobs;
  return ctx.store.transaction(() => {
    const now = Date.now();
    for (const job of jobs.queuedOfType(RESCORE_SERIES)) {
      const region = RescoreSeriesPayload.safeParse(job.payload);
      if (!region.success || region.data.folder !== photo.folder) continue;
      const grown = spanned(region.data, photo.path);
      if (jobs.postpone(job.id, grown, runAfter(grown, now, debounce))) return job.id;
    }
    const region = RescoreSeriesPayload.parse({
      folder: photo.folder,
      fromPath: photo.path,
      toPath: photo.path,
      since: now,
    });
    return jobs.enqueue({
      type: RESCORE_SERIES,
      key: rescoreSeriesKey(photo),
      payload: region,
      priority: RESCORE_SERIES_PRIORITY,
      maxAttempts: RESCORE_SERIES_MAX_ATTEMPTS,
      runAfter: runAfter(region, now, debounce),
    }).id;
  });
}

/** The region grown to take in `path`. */
export function spanned(region: RescoreSeriesPayload, path: string): RescoreSeriesPayload {
  return {
    ...region,
    fromPath: fileOrder(path, region.fromPath) < 0 ? path : region.fromPath,
    toPath: fileOrder(path, region.toPath) > 0 ? path : region.toPath,
  };
}
