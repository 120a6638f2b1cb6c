/** Analyze now: a path on this machine or an uploaded file, with the tasks wanted; and the list of tasks. */
import { isAbsolute } from "node:path";
import { z } from "zod";
import { isPhotoName } from "../../files/photo-files.ts";
import { TASK_DESCRIPTIONS, TASKS } from "../../queue/steps/step.ts";
import type { CompanionApi } from "../companion-api.ts";
import { HttpError } from "../http-error.ts";
import { route } from "../route.ts";
import { receiveUpload, removeUpload, UPLOAD_LIMITS } from "../uploads.ts";
import { detailOf, PhotoDetail } from "../views.ts";
import { REGION_OPERATIONS, RegionOut, RegionsRequest, regionsFor } from "./region-routes.ts";

/** A photographer waiting in a plugin comes before the card being copied. */
export const URGENT = 10;

const Tasks = z.array(z.enum(TASKS)).min(1).optional();
const Wait = z.coerce.number().int().min(0).max(300_000).default(120_000);

/** A path from a client: absolute, no NUL byte (checked here for the 400; confine() judges where it leads). */
export const ClientPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes("\0"), "the path contains a NUL byte")
  .refine(isAbsolute, "an absolute path on this machine");

export const AnalyzeBody = z
  .object({
    path: ClientPath,
    tasks: Tasks,
    /** Milliseconds to wait for the result; 0 answers at once (202) and the result comes later. */
    waitMs: Wait,
    /** Also answer with these regions of every runner, cut as JPEG (base64) once the photo is analyzed. */
    regions: RegionsRequest.optional(),
  })
  .strict();

export const UploadQuery = z
  .object({
    name: z.string().refine(isPhotoName, "a photo file name (e.g. IMG_0001.JPG)"),
    tasks: z
      .string()
      .transform((s) => s.split(",").filter(Boolean))
      .pipe(z.array(z.enum(TASKS)).min(1))
      .optional(),
    waitMs: Wait,
  })
  .strict();

const Analyzed = z.object({
  done: z.boolean(),
  photo: PhotoDetail,
  /** Only when regions were asked for and the photo is analyzed. */
  regions: z.array(RegionOut).optional(),
});

/** The client's path, confined to the watched folders and the uploads folder: 400, 403 or 404 otherwise. */
export async function confined(api: CompanionApi, path: string): Promise<string> {
  const checked = await api.confine(path);
  if (!checked.ok) throw new HttpError(checked.status, checked.message);
  return checked.path;
}

async function analyzeAndAnswer(
  api: CompanionApi,
  path: string,
  tasks: readonly (typeof TASKS)[number][] | undefined,
  waitMs: number,
  regions?: RegionsRequest,
) {
  const submitted = await api.submit(path, { priority: URGENT, ...(tasks ? { tasks } : {}) });
  const photo = waitMs > 0 ? await api.waitFor(submitted.id, waitMs) : submitted;
  const done = photo.status === "done" || photo.status === "failed";
  const json = { done, photo: detailOf(photo, api.store) };
  if (!regions || !done) return { status: done ? 200 : 202, json };
  return { status: 200, json: { ...json, regions: (await regionsFor(api, photo, regions)).cut } };
}

export const analyzeRoutes = [
  route({
    method: "get",
    path: "/api/operations",
    summary: "The tasks an analysis can run",
    tag: "analyze",
    response: z.object({
      tasks: z.array(z.object({ name: z.string(), description: z.string() })),
      /** What `regions.kinds` of POST /api/analyze (and GET /api/photos/:id/regions/…) can cut. */
      regions: z.array(z.object({ name: z.string(), description: z.string() })),
    }),
    handle: () => ({
      json: {
        tasks: TASKS.map((name) => ({ name, description: TASK_DESCRIPTIONS[name] })),
        regions: REGION_OPERATIONS,
      },
    }),
  }),
  route({
    method: "post",
    path: "/api/analyze",
    summary: "Analyze a photo in a watched folder now (jumps the queue)",
    tag: "analyze",
    body: AnalyzeBody,
    response: Analyzed,
    responses: {
      202: "still running after waitMs",
      400: "a directory, a NUL byte or a relative path",
      403: "outside the watched folders",
      404: "no such file",
    },
    handle: async ({ api, body }) =>
      analyzeAndAnswer(api, await confined(api, body.path), body.tasks, body.waitMs, body.regions),
  }),
  route({
    method: "post",
    path: "/api/analyze/upload",
    summary: "Analyze an uploaded photo (raw request body, any image type); the upload is removed when done",
    tag: "analyze",
    query: UploadQuery,
    rawBody: "application/octet-stream",
    response: Analyzed,
    responses: { 413: "larger than the upload limit", 503: "too many uploads at once: try again" },
    handle: async ({ api, query, req }) => {
      const path = await api.uploads.admit(() => receiveUpload(req, api.uploadsDir(), query.name));
      const answer = await analyzeAndAnswer(api, path, query.tasks, query.waitMs);
      // Kept only until its analysis is over (now, or when the queue gets to it).
      const settled = answer.json.done
        ? Promise.resolve()
        : api.waitFor(answer.json.photo.id, UPLOAD_LIMITS.keepMs);
      void settled.then(() => removeUpload(path)).catch(() => {});
      return answer;
    },
  }),
];
