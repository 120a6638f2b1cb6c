/**
 * Process one photo: its pipeline of steps (analyze -> score -> crops -> write XMP). Each step skips itself when
 * its result is already in the store, so a job resumed after a crash picks up where the last one stopped.
 */
import { z } from "zod";
import { queueBurstRescore } from "../bursts/queue-burst-rescore.ts";
import { defineJob, type JobContext } from "../catalogue.ts";
import { queueRelink } from "../people/queue-relink.ts";
import { queueSeriesRescore } from "../bursts/queue-series-rescore.ts";
import { analyzeStep } from "../steps/analyze-step.ts";
import { cropsStep } from "../steps/crops-step.ts";
import { scoreStep } from "../steps/score-step.ts";
import { TASKS, type PhotoStep, type StepContext } from "../steps/step.ts";
import { writeXmpStep } from "../steps/write-xmp-step.ts";

export const PROCESS_PHOTO = "process-photo";

export const PHOTO_STEPS: readonly PhotoStep[] = [analyzeStep, scoreStep, cropsStep, writeXmpStep];

export const ProcessPayload = z.object({
  photoId: z.number().int().positive(),
  revision: z.number().int().nonnegative(),
  /** Only these steps (an "analyze now" asking for less); all by default. */
  tasks: z.array(z.enum(TASKS)).optional(),
});
export type ProcessPayload = z.infer<typeof ProcessPayload>;

export function processKey(photoId: number, revision: number, tasks?: readonly string[]): string {
  return tasks
    ? `process:${photoId}:${revision}:${[...tasks].sort().join(",")}`
    : `process:${photoId}:${revision}`;
}

export const processPhoto = defineJob({
  type: PROCESS_PHOTO,
  payload: ProcessPayload,
  maxAttempts: 4,
  async handle(payload, job, ctx) {
    const photo = ctx.store.photos.get(payload.photoId);
    if (!photo) return ctx.log.warn({ photoId: payload.photoId }, "photo no longer in the store");
    // Its file changed since this job was queued: the job of the newer revision does the work.
    if (photo.revision > payload.revision && !payload.tasks) return;
    const step: StepContext = {
      ...ctx,
      folder: ctx.folderConfig(photo.folder),
      urgent: job.priority > 0,
      lastAttempt: job.attempts >= job.maxAttempts,
    };
    const wanted = new Set(payload.tasks ?? TASKS);
    for (const s of PHOTO_STEPS.filter((s) => wanted.has(s.task))) {
      const current = ctx.store.photos.get(photo.id)!;
      if (!s.needed(current, step)) continue;
      if ((await s.run(current, step)) === "stop") return announce(ctx, photo.id);
    }
    const done = ctx.store.photos.get(photo.id)!;
    if (done.status !== "failed") ctx.store.photos.setStatus(photo.id, "done");
    // Frames of its burst scored before it landed are put right once the folder is quiet (rescore-burst).
    queueBurstRescore(ctx, ctx.store.photos.get(photo.id)!);
    // Untimed frames (exports strip the capture time): the series around it in file order, likewise (rescore-series).
    queueSeriesRescore(ctx, ctx.store.photos.get(photo.id)!);
    // Its runners linked across the folder, and bibs it reads carried back to earlier photos (relink-people).
    queueRelink(ctx, ctx.store.photos.get(photo.id)!);
    announce(ctx, photo.id);
  },
});

function announce(ctx: JobContext, id: number): void {
  const p = ctx.store.photos.get(id)!;
  ctx.events.emit({ type: "photo", id, status: p.status, folder: p.folder, path: p.path });
}
