/**
 * Re-score the bursts of a stretch of a folder once its frames have stopped landing. Frames scored before the rest
 * of their burst existed get their burst (id, rank, size, best) and verdict (stars, label, keywords) from the whole
 * burst, and their XMP is written again through the write step: exactly once per plan, and the ownership rule
 * keeps whatever the photographer changed.
 */
import { z } from "zod";
import { defineJob } from "../catalogue.ts";
import { inFolderTurn } from "../bursts/folder-turns.ts";
import { rescoreRegion } from "./rescore-burst-frames.ts";

export const RESCORE_BURST = "rescore-burst";
/** Below new photos (0): frames still landing are analyzed first; above the learning layer's re-scores (−5). */
export const RESCORE_BURST_PRIORITY = -1;
export const RESCORE_BURST_MAX_ATTEMPTS = 3;

export const RescoreBurstPayload = z
  .object({
    folder: z.string(),
    /** Capture times (epoch ms) of the frames that asked, earliest and latest. */
    fromMs: z.number(),
    toMs: z.number(),
    /** When the first of them asked (epoch ms). */
    since: z.number(),
  })
  .refine((r) => r.fromMs <= r.toMs, { message: "fromMs must not be after toMs" });
export type RescoreBurstPayload = z.infer<typeof RescoreBurstPayload>;

export const rescoreBurst = defineJob({
  type: RESCORE_BURST,
  payload: RescoreBurstPayload,
  maxAttempts: RESCORE_BURST_MAX_ATTEMPTS,
  async handle(payload, _job, ctx) {
    const outcome = await inFolderTurn(payload.folder, () => rescoreRegion(payload, ctx));
    ctx.log.info({ folder: payload.folder, ...outcome }, "bursts re-scored");
  },
});
