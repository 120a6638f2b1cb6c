/**
 * What the plugins ask: "what do you suggest for this file?". POST: a photo not yet analyzed jumps the queue; the
 * answer is the suggestion when it is ready within waitMs, else 202 with where it stands. GET only reads, whoever
 * asks (the page's cookie or a token header): it never takes a file in, analyzes or writes anything, so no link,
 * image or prefetch can start work; a file the companion does not know is 404.
 */
import { z } from "zod";
import { carriedKeywords } from "../../queue/steps/carried-bibs.ts";
import type { Photo } from "../../store/photos.ts";
import type { CompanionApi } from "../companion-api.ts";
import { HttpError } from "../http-error.ts";
import { route } from "../route.ts";
import { ClientPath, confined, URGENT } from "./analyze-routes.ts";

const WaitMs = z.coerce.number().int().min(0).max(120_000).default(0);

export const SuggestionQuery = z.object({ path: ClientPath, waitMs: WaitMs }).strict();
export const SuggestionBody = z.object({ path: ClientPath, waitMs: WaitMs }).strict();

const Crop = z.object({
  aspect: z.string(),
  box: z.array(z.number()),
  crs: z.object({
    CropLeft: z.number(),
    CropTop: z.number(),
    CropRight: z.number(),
    CropBottom: z.number(),
    CropAngle: z.number(),
  }),
  score: z.number(),
  reason: z.string(),
});

export const Suggestion = z.object({
  status: z.enum(["ready", "queued", "analyzing", "failed"]),
  photoId: z.number(),
  rating: z.number().nullable(),
  label: z.string().nullable(),
  keeper: z.number().nullable(),
  flags: z.array(z.string()),
  /** Bibs read on the photo. */
  bibs: z.array(z.string()),
  /** Bibs carried from other photos of the same runner, with the link's confidence 0–1 (not read here). */
  carriedBibs: z.array(z.object({ bib: z.string(), confidence: z.number() })),
  /** Hierarchical keywords, with the carried bibs at or above the keyword confidence (and their "carried bib" mark). */
  keywords: z.array(z.string()),
  burst: z.object({ id: z.string(), rank: z.number(), size: z.number() }).nullable(),
  explanations: z.array(z.string()),
  crops: z.array(Crop),
  error: z.string().nullable(),
});

export function suggestionOf(p: Photo): z.infer<typeof Suggestion> {
  const s = p.scores;
  return {
    status: p.status === "done" ? "ready" : p.status,
    photoId: p.id,
    rating: s?.stars ?? null,
    label: s?.label ?? null,
    keeper: s?.keeper ?? null,
    flags: s?.flags ?? [],
    bibs: s?.bibs ?? [],
    carriedBibs: s?.carriedBibs ?? [],
    keywords: s ? [...new Set([...s.keywords, ...carriedKeywords(s)])] : [],
    burst: s?.burst ?? null,
    explanations: s?.explanations ?? [],
    crops: (p.crops ?? []).map((c) => ({
      aspect: c.aspect,
      box: [...c.box],
      crs: c.crs,
      score: c.score,
      reason: c.reason,
    })),
    error: p.error,
  };
}

const answered = (photo: Photo) => {
  const answer = suggestionOf(photo);
  return { status: answer.status === "ready" || answer.status === "failed" ? 200 : 202, json: answer };
};

/** Read only: the store's answer for a known photo, waiting up to waitMs for one still being analyzed. */
async function known(api: CompanionApi, path: string, waitMs: number) {
  let photo = api.store.photos.byPath(path);
  if (!photo) throw new HttpError(404, `${path}: not known here; POST /api/suggestions to analyze it`);
  if (waitMs > 0) photo = await api.waitFor(photo.id, waitMs);
  return answered(photo);
}

async function suggest(api: CompanionApi, given: string, waitMs: number) {
  const path = await confined(api, given);
  let photo = api.store.photos.byPath(path);
  if (!photo || (photo.status !== "done" && photo.status !== "failed"))
    photo = await api.submit(path, { priority: URGENT });
  if (waitMs > 0) photo = await api.waitFor(photo.id, waitMs);
  return answered(photo);
}

export const suggestionRoutes = [
  route({
    method: "post",
    path: "/api/suggestions",
    summary:
      "Rating, label, keywords and crops suggested for a file (what the plugins ask); analyzes it if needed",
    tag: "suggestions",
    body: SuggestionBody,
    response: Suggestion,
    responses: {
      202: "not ready yet: the photo was moved to the front of the queue",
      400: "a directory, a NUL byte or a relative path",
      403: "outside the watched folders",
      404: "no such file",
    },
    handle: ({ api, body }) => suggest(api, body.path, body.waitMs),
  }),
  route({
    method: "get",
    path: "/api/suggestions",
    summary:
      "The suggestion for a file the companion already knows; read only: never takes a file in (POST does that)",
    tag: "suggestions",
    query: SuggestionQuery,
    response: Suggestion,
    responses: {
      202: "still queued or being analyzed after waitMs",
      404: "not known: POST /api/suggestions to have it analyzed",
    },
    handle: ({ api, query }) => known(api, query.path, query.waitMs),
  }),
];
