/** Photos: list and filter (folder, score, flag, bib, burst), one photo's detail, its thumbnails and original. */
import { createReadStream } from "node:fs";
import { extname } from "node:path";
import { z } from "zod";
import { PHOTO_STATUSES } from "../../store/shapes.ts";
import type { ThumbnailProblem } from "../../thumbnails/thumbnail-service.ts";
import { HttpError } from "../http-error.ts";
import { route } from "../route.ts";
import { detailOf, PhotoDetail, PhotoSummary, summaryOf } from "../views.ts";

const num = z.coerce.number();
export const PhotoQuery = z
  .object({
    folder: z.string().optional(),
    status: z.enum(PHOTO_STATUSES).optional(),
    minKeeper: num.min(0).max(1).optional(),
    maxKeeper: num.min(0).max(1).optional(),
    minStars: num.int().min(-1).max(5).optional(),
    flag: z.string().optional(),
    bib: z
      .string()
      .regex(/^[0-9A-Za-z-]{1,12}$/, "a bib is 1-12 letters or digits")
      .optional(),
    burst: z.string().optional(),
    limit: num.int().min(1).max(1000).default(200),
    offset: num.int().min(0).default(0),
  })
  .strict();

export const PhotoId = z.object({ id: z.coerce.number().int().positive() });

/** 512 for the grid, 1600 for a loupe; the only sizes cached. */
export const ThumbnailQuery = z
  .object({
    size: z
      .enum(["512", "1600"])
      .default("512")
      .transform((s) => (s === "512" ? 512 : 1600)),
  })
  .strict();

function thumbnailError(photoId: number, problem: ThumbnailProblem): HttpError {
  if (problem.kind === "file-gone") return new HttpError(404, `photo ${photoId}: ${problem.message}`);
  return new HttpError(422, `photo ${photoId} cannot be shown (${problem.code}): ${problem.message}`, [
    problem.code,
  ]);
}

/** The browser shows these itself; anything else (RAW) is shown through its JPEG partner when there is one. */
const SHOWABLE: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".avif": "image/avif",
};

export const photoRoutes = [
  route({
    method: "get",
    path: "/api/photos",
    summary: "List photos, filtered by folder, status, keeper score, stars, flag, bib or burst",
    tag: "photos",
    query: PhotoQuery,
    response: z.object({ total: z.number(), photos: z.array(PhotoSummary) }),
    handle: ({ api, query }) => {
      const { total, photos } = api.store.photos.list(query);
      return { json: { total, photos: photos.map(summaryOf) } };
    },
  }),
  route({
    method: "get",
    path: "/api/photos/:id",
    summary: "One photo: analysis, scores, explanations, crops, what was written, feedback",
    tag: "photos",
    params: PhotoId,
    response: PhotoDetail,
    handle: ({ api, params }) => {
      const photo = api.store.photos.get(params.id);
      if (!photo) throw new HttpError(404, `no photo ${params.id}`);
      return { json: detailOf(photo, api.store) };
    },
  }),
  route({
    method: "get",
    path: "/api/photos/:id/thumbnail",
    summary:
      "A JPEG thumbnail (long side 512 or 1600, orientation applied; RAW through its embedded preview), cached by content hash",
    tag: "photos",
    params: PhotoId,
    query: ThumbnailQuery,
    response: { contentType: "image/jpeg", description: "the thumbnail (304 when the ETag still matches)" },
    responses: {
      404: "no such photo, or its file is gone from disk",
      422: "the photo's file cannot be decoded (the error names the problem)",
    },
    handle: async ({ api, params, query, res }) => {
      const photo = api.store.photos.get(params.id);
      if (!photo) throw new HttpError(404, `no photo ${params.id}`);
      const files = api.store.photos.files(photo.id);
      const served = await api.thumbnails.thumbnail(photo, files, query.size);
      if (!served.ok) throw thumbnailError(photo.id, served.error);
      res.setHeader("Content-Type", "image/jpeg");
      res.setHeader("Cache-Control", "private, max-age=3600");
      res.setHeader("ETag", served.value.etag);
      res.send(served.value.jpeg); // express answers 304 itself when If-None-Match carries this ETag
      return "handled" as const;
    },
  }),
  route({
    method: "get",
    path: "/api/photos/:id/image",
    summary: "The photo's original file, when a browser can show it (the page uses the thumbnail)",
    tag: "photos",
    params: PhotoId,
    response: { contentType: "image/*", description: "the image bytes" },
    handle: ({ api, params, res }) => {
      const files = api.store.photos.files(params.id);
      const file = files.find((f) => SHOWABLE[extname(f.path).toLowerCase()]);
      if (!file) throw new HttpError(404, `photo ${params.id} has no image a browser can show`);
      res.setHeader("Content-Type", SHOWABLE[extname(file.path).toLowerCase()]!);
      res.setHeader("Cache-Control", "private, max-age=3600");
      createReadStream(file.path)
        .on("error", () => res.destroy())
        .pipe(res);
      return "handled";
    },
  }),
];
