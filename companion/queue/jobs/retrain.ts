/**
 * Retrain the learned heads from the photographer's feedback (queued in the background after every N new feedback
 * events, or by `stridelight train`). A promoted head is put to work at once and the photos whose ratings we still
 * own are queued for re-scoring; a candidate that is not better is kept on disk with its card, never activated.
 */
import { z } from "zod";
import { KEEPER_HEAD_ID } from "../../../core/models/keeper-head.ts";
import { CROP_ADJUSTER_ID, STYLE_HEAD_ID } from "../../../core/models/trained-heads.ts";
import { activeVersion } from "../../learning/active-heads.ts";
import { HeadFiles } from "../../learning/head-files.ts";
import { queueRescore } from "../../learning/rescore.ts";
import { retrain } from "../../learning/retrain.ts";
import { DEFAULT_LEARNING } from "../../learning/settings.ts";
import { defineJob, type JobContext } from "../catalogue.ts";

export const RETRAIN = "retrain";

export const RetrainPayload = z.object({
  /** The feedback count that triggered it (part of the key, for the log). */
  feedback: z.number().int().nonnegative().optional(),
  seed: z.number().int().nonnegative().optional(),
});

export const retrainJob = defineJob({
  type: RETRAIN,
  payload: RetrainPayload,
  maxAttempts: 2,
  async handle(payload, _job, ctx) {
    const runtime = ctx.learning ?? null;
    const settings = runtime?.settings ?? DEFAULT_LEARNING;
    const files = runtime?.files ?? new HeadFiles(ctx.store.dataDir);
    const started = performance.now();
    const result = retrain(ctx.store, files, {
      seed: payload.seed ?? settings.seed,
      minLabels: settings.minLabels,
    });
    ctx.log.info(
      { labelled: result.labelled, ms: Math.round(performance.now() - started), heads: result.heads },
      result.snapshotHash ? "retrained the learned heads" : "too few labels to retrain",
    );
    const promoted = result.heads.filter((h) => h.promoted);
    if (promoted.length === 0) return;
    await runtime?.applyActive();
    for (const h of promoted) ctx.events.emit({ type: "models", model: h.head, version: h.version! });
    queueAfterPromotion(ctx);
  },
});

/** Re-score under the heads now active; the generation names them so each set is applied once per photo. */
export function queueAfterPromotion(ctx: Pick<JobContext, "store" | "enqueue" | "log">): void {
  const generation = ([KEEPER_HEAD_ID, STYLE_HEAD_ID, CROP_ADJUSTER_ID] as const)
    .map((h) => activeVersion(ctx.store, h))
    .join("-");
  const n = queueRescore(ctx.store, ctx.enqueue, generation);
  ctx.log.info({ photos: n, generation }, "re-scoring photos whose ratings are still ours");
}
