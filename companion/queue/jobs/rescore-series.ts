/**
 * Re-score the untimed series of a stretch of a folder once its frames have stopped landing: the file-order
 * counterpart of the burst re-score (rescore-burst.ts). Frames without a capture time (race-photo services and
 * exports strip it) form series with their neighbours in file order; a frame scored before the rest of its series
 * landed gets its burst (id, rank, size, best) and verdict from the whole series, and its XMP is written again
 * through the write step (exactly once per plan; the ownership rule keeps what the photographer changed).
 */
import { z } from "zod";
import { fileOrder } from "../../store/photos.ts";
import { defineJob } from "../catalogue.ts";
import { inFolderTurn } from "../bursts/folder-turns.ts";
import { rescoreSeriesRegion } from "./rescore-series-frames.ts";

export const RESCORE_SERIES = "rescore-series";
/** As the burst re-score: below new photos (0), above the re-link (−2). */
export const RESCORE_SERIES_PRIORITY = -1;
export const RESCORE_SERIES_MAX_ATTEMPTS = 3;

export const RescoreSeriesPayload = z
  .object({
    folder: z.string(),
    /** File paths of the frames that asked, first and last in file order. */
    fromPath: z.string(),
    toPath: z.string(),
    /** When the first of them asked (epoch ms): the wait is capped from here. */
    since: z.number(),
  })
  .refine((r) => fileOrder(r.fromPath, r.toPath) <= 0, { message: "fromPath must not come after toPath" });
export type RescoreSeriesPayload = z.infer<typeof RescoreSeriesPayload>;

export const rescoreSeries = defineJob({
  type: RESCORE_SERIES,
  payload: RescoreSeriesPayload,
  maxAttempts: RESCORE_SERIES_MAX_ATTEMPTS,
  async handle(payload, _job, ctx) {
    // In the folder's turn with the burst re-scores and the re-link: all may write the same photos' XMP.
    const outcome = await inFolderTurn(payload.folder, () => rescoreSeriesRegion(payload, ctx));
    ctx.log.info({ folder: payload.folder, ...outcome }, "series re-scored");
  },
});
