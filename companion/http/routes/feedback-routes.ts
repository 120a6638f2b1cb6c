/** Feedback: the photographer's rating, pick/reject, accepted or adjusted crop, with the proposal it answers. */
import { isAbsolute } from "node:path";
import { z } from "zod";
import { FEEDBACK_KINDS } from "../../store/feedback.ts";
import { JSON_LIMITS, storable } from "../bounded-json.ts";
import { HttpError } from "../http-error.ts";
import { route } from "../route.ts";

const unit = z.number().min(0).max(1);
const Box = z
  .tuple([unit, unit, unit, unit])
  .refine((b) => b[0] < b[2] && b[1] < b[3], "x0 < x1 and y0 < y1");

export const FeedbackBody = z
  .object({
    photoId: z.number().int().positive().optional(),
    path: z.string().max(4096).refine(isAbsolute, "an absolute path").optional(),
    kind: z.enum(FEEDBACK_KINDS),
    /** rating: stars -1..5; label: a label name; crop-adjusted: the crop the photographer chose (box, displayed frame). */
    value: z
      .union([
        z.number().int().min(-1).max(5),
        z.string().max(64),
        z.object({ aspect: z.string().optional(), box: Box }),
      ])
      .optional(),
    /** The suggestion this answers (our rating, or our crop): stored as sent, so bounded in depth and size. */
    proposal: z
      .union([
        z.number(),
        z.string().max(256),
        z
          .object({ aspect: z.string().max(32), box: Box })
          .loose()
          .refine(storable, `at most ${JSON_LIMITS.maxStoredBytes} bytes of JSON, 8 levels deep`),
      ])
      .optional(),
    source: z.enum(["web", "lightroom", "photoshop", "api"]).default("api"),
  })
  .strict()
  .refine((b) => b.photoId !== undefined || b.path !== undefined, "give photoId or path")
  .refine((b) => b.kind !== "rating" || typeof b.value === "number", {
    message: "a rating needs value: stars -1..5",
    path: ["value"],
  })
  .refine((b) => b.kind !== "crop-adjusted" || (typeof b.value === "object" && b.value !== null), {
    message: "an adjusted crop needs value: { box }",
    path: ["value"],
  });

export const feedbackRoutes = [
  route({
    method: "post",
    path: "/api/feedback",
    summary: "Record the photographer's answer to a suggestion",
    tag: "feedback",
    body: FeedbackBody,
    response: z.object({ id: z.number(), photoId: z.number() }),
    responses: { 404: "unknown photo" },
    handle: ({ api, body }) => {
      const photo =
        body.photoId !== undefined ? api.store.photos.get(body.photoId) : api.store.photos.byPath(body.path!);
      if (!photo) throw new HttpError(404, "no such photo");
      const id = api.store.feedback.add({
        photoId: photo.id,
        kind: body.kind,
        value: body.value ?? null,
        proposal: body.proposal ?? null,
        source: body.source,
      });
      return { status: 201, json: { id, photoId: photo.id } };
    },
  }),
];
