/**
 * Ask for the untimed series around a freshly scored frame to be re-scored, debounced as the burst re-score is
 * (queue-burst-rescore.ts): while a card or an export is copied, every untimed frame of the folder joins the pending
 * re-score and pushes it back, so a series is re-scored once when its frames stop coming, not once per frame.
 */
import { fileOrder, type Photo } from "../../store/photos.ts";
import type { JobContext } from "../catalogue.ts";
import {
  RESCORE_SERIES,
  RESCORE_SERIES_MAX_ATTEMPTS,
  RESCORE_SERIES_PRIORITY,
  RescoreSeriesPayload,
} from "../jobs/rescore-series.ts";
import { analyzed } from "../steps/score-step.ts";
import { DEFAULT_DEBOUNCE, joinOrQueue, type Debounce } from "./region.ts";

/**
 * Returns the id of the re-score the frame joined or started; null for a timed frame (the burst re-score's), one
 * without scores, one without a runner (a series follows a runner, and a frame without one is rejected whatever its
 * series), or one its own scoring found alone. The region is the span in file order of the frames that asked; any
 * untimed frame of the folder joins it (a series is found in file order, and a card copies in file order: the span
 * grows with the copy).
 */
export function queueSeriesRescore(
  ctx: Pick<JobContext, "store">,
  photo: Photo,
  debounce: Pick<Debounce, "quietMs" | "maxWaitMs"> = DEFAULT_DEBOUNCE,
): number | null {
  if (!photo.scores || photo.captureMs !== null || analyzed(photo)?.prominent == null) return null;
  // Alone in its series when scored with its neighbours: it links to no other frame, so no other frame's series changes.
  if ((photo.scores.burst?.size ?? 1) < 2) return null;
  return ctx.store.transaction(() =>
    joinOrQueue(
      ctx.store.jobs,
      {
        type: RESCORE_SERIES,
        asker: photo,
        priority: RESCORE_SERIES_PRIORITY,
        maxAttempts: RESCORE_SERIES_MAX_ATTEMPTS,
        parse: (payload) => RescoreSeriesPayload.safeParse(payload).data ?? null,
        join: (region) => (region.folder === photo.folder ? spanned(region, photo.path) : null),
        start: (now) =>
          RescoreSeriesPayload.parse({
            folder: photo.folder,
            fromPath: photo.path,
            toPath: photo.path,
            since: now,
          }),
      },
      debounce,
    ),
  );
}

/** The region grown to take in `path`. */
export function spanned(region: RescoreSeriesPayload, path: string): RescoreSeriesPayload {
  return {
    ...region,
    fromPath: fileOrder(path, region.fromPath) < 0 ? path : region.fromPath,
    toPath: fileOrder(path, region.toPath) > 0 ? path : region.toPath,
  };
}
