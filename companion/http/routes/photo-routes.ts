/** Photos: list and filter (folder, score, flag, bib, burst), one photo's detail, and its image for the grid. */
import { createReadStream } from "node:fs";
import { extname } from "node:path";
import { z } from "zod";
import { PHOTO_STATUSES } from "../../store/shapes.ts";
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
    path: "/api/photos/:id/image",
    summary: "The photo's image as the browser can show it",
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
