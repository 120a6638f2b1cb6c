/**
 * Analyze: the heavy step, on the worker pool. A photo that cannot be read ends here as "failed", not as an error;
 * when the failure may be a copy not finished yet (truncated, unreadable), it gets one more look after a delay.
 */
import type { ErrorCode } from "../../../core/domain/analysis.ts";
import type { PhotoStep, StepContext } from "./step.ts";
import type { Photo } from "../../store/photos.ts";

export const ANALYZE_RETRY = Object.freeze({
  /** Long enough for a NAS or a card reader that paused to finish the copy. */
  delayMs: 60_000,
  /** What a half-written file looks like to the decoder. */
  codes: ["truncated", "unreadable", "empty-file", "corrupt"] as readonly ErrorCode[],
});

export const analyzeStep: PhotoStep = {
  task: "analyze",
  needed: (photo) => photo.analysis === null,
  async run(photo, ctx) {
    ctx.store.photos.setStatus(photo.id, "analyzing");
    ctx.events.emit({
      type: "photo",
      id: photo.id,
      status: "analyzing",
      folder: photo.folder,
      path: photo.path,
    });
    const record = await ctx.services.analysis.analyze(photo.path, ctx.urgent);
    // The file changed while it was analyzed: the newer revision's job analyzes the new content.
    if ((ctx.store.photos.get(photo.id)?.revision ?? photo.revision) !== photo.revision) return "stop";
    const captureMs = "error" in record ? null : record.capture.epochMs;
    ctx.store.photos.saveAnalysis(photo.id, record, captureMs);
    if (!("error" in record)) return "next";
    ctx.store.photos.setStatus(photo.id, "failed", record.error.message);
    ctx.log.info({ path: photo.path, code: record.error.code }, "photo could not be analyzed");
    if (ANALYZE_RETRY.codes.includes(record.error.code)) lookAgainLater(photo, ctx);
    return "stop";
  },
};

/** Once per content (the key holds the hash): a file that changes gets its own look when the watcher sees it. */
function lookAgainLater(photo: Photo, ctx: StepContext): void {
  const delay = ctx.retryDelayMs ?? ANALYZE_RETRY.delayMs;
  ctx.enqueue(
    "ingest-photo",
    `recheck:${photo.id}:${photo.hash}`,
    { path: photo.path, folder: photo.folder, priority: 0, retry: true },
    0,
    Date.now() + delay,
  );
}
