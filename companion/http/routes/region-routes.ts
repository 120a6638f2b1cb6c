/**
 * Regions on request: each runner's person box, lower body (hips to feet) and face, cut from the full-resolution
 * picture at a requested size. As base64 in the answer of POST /api/analyze (`regions` in the body), or as JPEG
 * bytes, one region at a time, from GET /api/photos/:id/regions/:runner/:kind.
 */
import { z } from "zod";
import { REGION_DESCRIPTIONS, REGION_KINDS, regionsOf, type Region } from "../../../core/domain/regions.ts";
import type { Photo } from "../../store/photos.ts";
import type { CompanionApi } from "../companion-api.ts";
import { HttpError } from "../http-error.ts";
import { route } from "../route.ts";
import { PhotoId } from "./photo-routes.ts";

/** Long side of a cut region, in pixels: big enough for a face at print size, small enough to answer quickly. */
export const REGION_SIZE = Object.freeze({ default: 512, min: 32, max: 2048 });

const Size = z.coerce.number().int().min(REGION_SIZE.min).max(REGION_SIZE.max).default(REGION_SIZE.default);

export const RegionsRequest = z
  .object({
    kinds: z
      .array(z.enum(REGION_KINDS))
      .min(1)
      .default([...REGION_KINDS]),
    /** Long side of each cut in pixels (never enlarged past the photo's own pixels). */
    size: Size,
  })
  .strict();
export type RegionsRequest = z.infer<typeof RegionsRequest>;

export const RegionOut = z.object({
  runner: z.number().int(),
  kind: z.enum(REGION_KINDS),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  width: z.number().int(),
  height: z.number().int(),
  /** The JPEG's bytes, base64. */
  jpeg: z.string(),
});
export type RegionOut = z.infer<typeof RegionOut>;

/** The regions the photo's analysis has, cut; a photo not analyzed (or failed) has none. */
export async function regionsFor(
  api: CompanionApi,
  photo: Photo,
  request: RegionsRequest,
): Promise<{ regions: Region[]; cut: RegionOut[] }> {
  const analysis = photo.analysis && !("error" in photo.analysis) ? photo.analysis : null;
  if (photo.status !== "done" || !analysis) return { regions: [], cut: [] };
  const regions = regionsOf(analysis, request.kinds);
  if (regions.length === 0) return { regions, cut: [] };
  const cut = await api.thumbnails.regions(
    photo.path,
    regions.map((r) => r.box),
    request.size,
  );
  if (!cut.ok) throw new HttpError(cut.error.kind === "file-gone" ? 404 : 422, cut.error.message);
  return {
    regions,
    cut: regions.map((r, i) => ({
      ...r,
      box: [...r.box],
      width: cut.value[i]!.width,
      height: cut.value[i]!.height,
      jpeg: cut.value[i]!.jpeg.toString("base64"),
    })),
  };
}

export const REGION_OPERATIONS = REGION_KINDS.map((name) => ({
  name,
  description: REGION_DESCRIPTIONS[name],
}));

export const regionRoutes = [
  route({
    method: "get",
    path: "/api/photos/:id/regions/:runner/:kind",
    summary:
      "One runner's region (person, lowerBody, face) as JPEG bytes, cut from the full-resolution picture (RAW: its largest preview)",
    tag: "analyze",
    params: PhotoId.extend({ runner: z.coerce.number().int().min(0), kind: z.enum(REGION_KINDS) }),
    query: z.object({ size: Size }).strict(),
    response: { contentType: "image/jpeg", description: "the region, long side at most `size`" },
    responses: { 404: "no such photo, runner or region (e.g. no face found), or the file is gone" },
    handle: async ({ api, params, query, res }) => {
      const photo = api.store.photos.get(params.id);
      if (!photo) throw new HttpError(404, `no photo ${params.id}`);
      const { cut } = await regionsFor(api, photo, { kinds: [params.kind], size: query.size });
      const region = cut.find((r) => r.runner === params.runner);
      if (!region)
        throw new HttpError(
          404,
          `photo ${params.id} has no ${params.kind} region for runner ${params.runner}`,
        );
      res.setHeader("Content-Type", "image/jpeg");
      res.setHeader("X-Stridelight-Box", region.box.join(","));
      res.send(Buffer.from(region.jpeg, "base64"));
      return "handled" as const;
    },
  }),
];
