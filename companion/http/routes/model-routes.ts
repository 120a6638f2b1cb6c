/** Models: every version recorded, the active ones, and going back to the previous version of one. */
import { z } from "zod";
import { HttpError } from "../http-error.ts";
import { route } from "../route.ts";

const Version = z.object({
  model: z.string(),
  version: z.string(),
  active: z.boolean(),
  createdAt: z.number(),
});

export const RollBackBody = z.object({ model: z.string().min(1) }).strict();

export const modelRoutes = [
  route({
    method: "get",
    path: "/api/models",
    summary: "Every model version the companion has used",
    tag: "models",
    response: z.object({ models: z.array(Version) }),
    handle: ({ api }) => ({
      json: {
        models: api.store.models
          .list()
          .map(({ model, version, active, createdAt }) => ({ model, version, active, createdAt })),
      },
    }),
  }),
  route({
    method: "get",
    path: "/api/models/active",
    summary: "The active version of each model",
    tag: "models",
    response: z.object({ active: z.record(z.string(), z.string()) }),
    handle: ({ api }) => ({
      json: {
        active: Object.fromEntries(
          api.store.models
            .list()
            .filter((m) => m.active)
            .map((m) => [m.model, m.version]),
        ),
      },
    }),
  }),
  route({
    method: "post",
    path: "/api/models/rollback",
    summary: "Make the previous version of a model active again",
    tag: "models",
    body: RollBackBody,
    response: Version,
    responses: { 409: "no earlier version to go back to" },
    handle: ({ api, body }) => {
      const back = api.rollBack(body.model);
      if (!back) throw new HttpError(409, `${body.model}: no earlier version to go back to`);
      return {
        json: { model: back.model, version: back.version, active: back.active, createdAt: back.createdAt },
      };
    },
  }),
];
