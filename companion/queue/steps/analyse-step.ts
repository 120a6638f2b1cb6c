/** Analyse: the heavy step, on the worker pool. A photo that cannot be read ends here as "failed", not as an error. */
import type { PhotoStep } from "./step.ts";

export const analyseStep: PhotoStep = {
  task: "analyse",
  needed: (photo) => photo.analysis === null,
  async run(photo, ctx) {
    ctx.store.photos.setStatus(photo.id, "analysing");
    ctx.events.emit({
      type: "photo",
      id: photo.id,
      status: "analysing",
      folder: photo.folder,
      path: photo.path,
    });
    const record = await ctx.services.analysis.analyse(photo.path, ctx.urgent);
    const captureMs = "error" in record ? null : record.capture.epochMs;
    ctx.store.photos.saveAnalysis(photo.id, record, captureMs);
    if (!("error" in record)) return "next";
    ctx.store.photos.setStatus(photo.id, "failed", record.error.message);
    ctx.log.info({ path: photo.path, code: record.error.code }, "photo could not be analysed");
    return "stop";
  },
};
