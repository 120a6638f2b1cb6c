/**
 * Model cards (models/<id>.card.json): where a model comes from, under which licence, what goes in and out, and
 * the sha256 the ONNX file must have. The registry refuses any file whose hash is not the card's.
 */
import { z } from "zod";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a lowercase hex sha256");
const dim = z.union([z.number().int().positive(), z.string().min(1)]);

export const tensorSpecSchema = z.object({
  name: z.string().min(1),
  dtype: z.enum(["float32", "int32", "int64", "uint8", "bool"]),
  shape: z.array(dim),
  meaning: z.string().optional(),
});

const sourceFileSchema = z.object({ path: z.string().min(1), sha256 });

/** A TFJS graph model inside an npm package, converted by our converter into models/<id>.onnx. */
const tfjsSourceSchema = z.object({
  kind: z.literal("tfjs-graph"),
  package: z.string().min(1),
  packageVersion: z.string().min(1),
  /** Path of model.json inside the package. */
  modelJson: z.string().min(1),
  /** model.json and its weight shards, with the hashes the card was made from. */
  files: z.array(sourceFileSchema).min(2),
});

/** A ready-made ONNX file shipped inside an npm package: used in place, hash checked, never converted. */
const onnxFileSourceSchema = z.object({
  kind: z.literal("onnx-file"),
  package: z.string().min(1),
  packageVersion: z.string().min(1),
  path: z.string().min(1),
});

export const licenceSchema = z.object({
  /** SPDX id, or "unknown". */
  spdx: z.string().min(1),
  origin: z.string().min(1),
  url: z.string().optional(),
  /** How sure we are: "confirmed" (read in the source), "likely" (secondary source), "doubtful". */
  confidence: z.enum(["confirmed", "likely", "doubtful"]),
  notes: z.string().optional(),
});

export const modelCardSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.string().min(1),
  task: z.string().min(1),
  description: z.string().optional(),
  source: z.discriminatedUnion("kind", [tfjsSourceSchema, onnxFileSourceSchema]),
  licence: licenceSchema,
  inputs: z.array(tensorSpecSchema).min(1),
  outputs: z.array(tensorSpecSchema).min(1),
  /** Converter that produced the ONNX file (tfjs-graph cards only). */
  converter: z.object({ name: z.string(), version: z.string(), opset: z.number().int() }).optional(),
  /** sha256 of the ONNX file the runtime loads. */
  sha256,
});

export type ModelCard = z.infer<typeof modelCardSchema>;
export type TensorSpec = z.infer<typeof tensorSpecSchema>;

/** A card file that is missing, not JSON, or not a valid card; names the file. */
export class ModelCardError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "ModelCardError";
  }
}

export function parseModelCard(file: string, text: string): ModelCard {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelCardError(file, `not JSON (${(error as Error).message})`);
  }
  const parsed = modelCardSchema.safeParse(json);
  if (!parsed.success) throw new ModelCardError(file, `invalid model card: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Cards are written in a stable key order, laid out as prettier lays out JSON (objects expanded, short arrays of
 * plain values on one line), so a rewrite by `buildModels({ updateCards: true })` passes `prettier --check`.
 */
export function serialiseModelCard(card: ModelCard): string {
  return `${layout(modelCardSchema.parse(card), 0, 0)}\n`;
}

const PRINT_WIDTH = 110;

function layout(value: unknown, indent: number, column: number): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const pad = " ".repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const flat = `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    const plain = value.every((v) => v === null || typeof v !== "object");
    if (plain && column + flat.length + 1 <= PRINT_WIDTH) return flat;
    return `[\n${value.map((v) => pad + layout(v, indent + 2, indent + 2)).join(",\n")}\n${" ".repeat(indent)}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, v]) => {
    const key = `${JSON.stringify(k)}: `;
    return pad + key + layout(v, indent + 2, indent + 2 + key.length);
  });
  return `{\n${lines.join(",\n")}\n${" ".repeat(indent)}}`;
}
