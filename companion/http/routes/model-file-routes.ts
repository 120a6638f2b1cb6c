/**
 * Model files for workers on other machines: a worker whose job pins a model version it lacks fetches the card and
 * the ONNX file here (pairing token required, like every API route) and checks the file's sha256 against the job's
 * pin before loading it. Only models the registry knows, and only files whose hash matches their card, are served.
 */
import { z } from "zod";
import { modelCardSchema } from "../../../core/models/card.ts";
import { readVerifiedModel } from "../../../core/models/model-file.ts";
import { DEFAULT_MODELS_DIR } from "../../../core/models/paths.ts";
import { listModels } from "../../../core/models/registry.ts";
import { HttpError } from "../http-error.ts";
import { route } from "../route.ts";

const ModelParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a model id") });

async function cardOf(id: string) {
  const card = (await listModels()).find((c) => c.id === id);
  if (!card) throw new HttpError(404, `no model "${id}" here`);
  return card;
}

export const modelFileRoutes = [
  route({
    method: "get",
    path: "/api/model-files/:id",
    summary: "A model's card (version, sha256): what a worker checks before fetching the file",
    tag: "models",
    params: ModelParams,
    response: modelCardSchema,
    responses: { 404: "no such model" },
    handle: async ({ params }) => ({ json: await cardOf(params.id) }),
  }),
  route({
    method: "get",
    path: "/api/model-files/:id/file",
    summary: "A model's ONNX file, served only when its sha256 matches its card",
    tag: "models",
    params: ModelParams,
    response: { contentType: "application/octet-stream", description: "the ONNX file" },
    responses: { 404: "no such model", 409: "the file here does not match its card" },
    handle: async ({ params, res }) => {
      const card = await cardOf(params.id);
      const bytes = await readVerifiedModel(card, DEFAULT_MODELS_DIR).catch(() => {
        throw new HttpError(409, `${params.id}: the file here is missing or does not match its card`);
      });
      res.setHeader("x-model-sha256", card.sha256);
      res.type("application/octet-stream").send(Buffer.from(bytes));
      return "handled" as const;
    },
  }),
];
