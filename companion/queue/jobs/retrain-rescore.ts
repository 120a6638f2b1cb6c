/**
 * Score one photo again under the heads now active, propose its crops again, and write its XMP if that changed
 * what we would write. The XMP ownership rule still keeps the photographer's own rating, label and crop.
 */
import { z } from "zod";
import { stillOurs } from "../../learning/rescore.ts";
import { defineJob } from "../catalogue.ts";
import { scoreStep } from "../steps/score-step.ts";
import type { StepContext } from "../steps/step.ts";
import { writeXmpStep } from "../steps/write-xmp-step.ts";

export const RESCORE_PHOTO = "rescore-photo";

export const RescorePayload = z.object({
  photoId: z.number().int().positive(),
  /** The active versions it is scored under (part of the job key). */
  generation: z.string(),
});

export const rescorePhoto = defineJob({
  type: RESCORE_PHOTO,
  payload: RescorePayload,
  maxAttempts: 3,
  async handle(payload, _job, ctx) {
    const photo = ctx.store.photos.get(payload.photoId);
    if (!photo?.analysis || "error" in photo.analysis || photo.status !== "done") return;
    if (!stillOurs(ctx.store, photo.id)) return;
    const step: StepContext = { ...ctx, folder: ctx.folderConfig(photo.folder), urgent: false };
    await scoreStep.run(photo, step);
    ctx.store.photos.saveCrops(photo.id, ctx.services.crops.propose(photo.analysis));
    const rescored = ctx.store.photos.get(photo.id)!;
    if (writeXmpStep.needed(rescored, step)) await writeXmpStep.run(rescored, step);
    ctx.events.emit({
      type: "photo",
      id: photo.id,
      status: rescored.status,
      folder: photo.folder,
      path: photo.path,
    });
  },
});
