/** The photo as the API shows it: a summary for lists and the page's grid, the full detail for one photo. */
import { z } from "zod";
import { bestCrop } from "../../core/domain/crop/best-crop.ts";
import type { Photo } from "../store/photos.ts";
import type { ApiStore } from "./companion-api.ts";

export const PhotoSummary = z.object({
  id: z.number(),
  path: z.string(),
  folder: z.string(),
  status: z.enum(["queued", "analyzing", "done", "failed"]),
  error: z.string().nullable(),
  keeper: z.number().nullable(),
  /** The prominent runner's running style 0–1, or null. */
  runningStyle: z.number().nullable(),
  stars: z.number().nullable(),
  label: z.string().nullable(),
  flags: z.array(z.string()),
  bibs: z.array(z.string()),
  /** Bibs carried from other photos of the same runner (not read on this one), with the link's confidence 0–1. */
  carriedBibs: z.array(z.object({ bib: z.string(), confidence: z.number() })),
  burst: z.object({ id: z.string(), rank: z.number(), size: z.number() }).nullable(),
  captureTime: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  bestCrop: z
    .object({ aspect: z.string(), box: z.array(z.number()), score: z.number(), reason: z.string() })
    .nullable(),
  image: z.string(),
});
export type PhotoSummary = z.infer<typeof PhotoSummary>;

export const PhotoDetail = PhotoSummary.extend({
  hash: z.string(),
  analysis: z.unknown(),
  scores: z.unknown(),
  explanations: z.array(z.string()),
  crops: z.array(z.unknown()),
  files: z.array(z.object({ path: z.string(), role: z.string() })),
  writes: z.array(z.object({ target: z.string(), state: z.string(), outcome: z.unknown() })),
  feedback: z.array(
    z.object({ kind: z.string(), value: z.unknown(), source: z.string(), createdAt: z.number() }),
  ),
});
export type PhotoDetail = z.infer<typeof PhotoDetail>;

export function summaryOf(p: Photo): PhotoSummary {
  const ok = p.analysis && !("error" in p.analysis) ? p.analysis : null;
  const crop = bestCrop(p.crops);
  return {
    id: p.id,
    path: p.path,
    folder: p.folder,
    status: p.status,
    error: p.error,
    keeper: p.keeper,
    runningStyle: p.scores?.parts.runningStyle ?? null,
    stars: p.stars,
    label: p.scores?.label ?? null,
    flags: p.flags,
    bibs: p.bibs,
    carriedBibs: p.scores?.carriedBibs ?? [],
    burst: p.scores?.burst ?? null,
    captureTime: ok?.capture.time ?? null,
    width: ok?.width ?? null,
    height: ok?.height ?? null,
    bestCrop: crop
      ? { aspect: crop.aspect, box: [...crop.box], score: crop.score, reason: crop.reason }
      : null,
    image: `/api/photos/${p.id}/image`,
  };
}

export function detailOf(p: Photo, store: ApiStore): PhotoDetail {
  return {
    ...summaryOf(p),
    hash: p.hash,
    analysis: p.analysis,
    scores: p.scores,
    explanations: p.scores?.explanations ?? [],
    crops: p.crops ?? [],
    files: store.photos.files(p.id).map((f) => ({ path: f.path, role: f.role })),
    writes: store.writes
      .forPhoto(p.id)
      .map((w) => ({ target: w.target, state: w.state, outcome: w.outcome })),
    feedback: store.feedback
      .forPhoto(p.id)
      .map((f) => ({ kind: f.kind, value: f.value, source: f.source, createdAt: f.createdAt })),
  };
}
