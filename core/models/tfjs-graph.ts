/**
 * Reads a TFJS graph model (model.json + weight shards) into plain data: the node list and every weight as a
 * float32 / int32 array. Quantised weights are dequantised here (float16, and uint8/uint16 affine), so the
 * converter only ever sees full-precision values.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";

const attrValueSchema = z.record(z.string(), z.unknown());
const nodeSchema = z.object({
  name: z.string(),
  op: z.string(),
  input: z.array(z.string()).optional(),
  attr: z.record(z.string(), attrValueSchema).optional(),
});
const tensorSpecSchema = z.object({
  name: z.string(),
  dtype: z.string(),
  tensorShape: z.object({ dim: z.array(z.object({ size: z.string().optional() })).optional() }).optional(),
});
const signatureSchema = z.object({
  inputs: z.record(z.string(), tensorSpecSchema).optional(),
  outputs: z.record(z.string(), tensorSpecSchema).optional(),
});
const weightSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int()),
  dtype: z.enum(["float32", "int32", "bool"]),
  quantization: z
    .object({
      dtype: z.enum(["float16", "uint8", "uint16"]),
      scale: z.number().optional(),
      min: z.number().optional(),
      original_dtype: z.string().optional(),
    })
    .optional(),
});
export const tfjsModelJsonSchema = z.object({
  format: z.literal("graph-model"),
  modelTopology: z.object({ node: z.array(nodeSchema), library: z.unknown().optional() }),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(weightSchema) })),
  signature: signatureSchema.optional(),
  userDefinedMetadata: z.object({ signature: signatureSchema.optional() }).passthrough().optional(),
});

export type TfjsModelJson = z.infer<typeof tfjsModelJsonSchema>;
export type TfNode = z.infer<typeof nodeSchema>;
export type TfSignature = z.infer<typeof signatureSchema>;
export type TfTensorSpec = z.infer<typeof tensorSpecSchema>;
type WeightSpec = z.infer<typeof weightSchema>;

export interface TfWeight {
  readonly dtype: "float32" | "int32";
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
}

export interface TfjsGraph {
  readonly json: TfjsModelJson;
  readonly nodes: readonly TfNode[];
  readonly weights: ReadonlyMap<string, TfWeight>;
  /** The shard files, in manifest order, relative to the model.json folder. */
  readonly shardPaths: readonly string[];
}

/** Raised for a model file we cannot read as a TFJS graph model; names the file. */
export class TfjsModelError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "TfjsModelError";
  }
}

export async function readTfjsGraph(modelJsonPath: string): Promise<TfjsGraph> {
  const parsed = tfjsModelJsonSchema.safeParse(JSON.parse(await readFile(modelJsonPath, "utf8")));
  if (!parsed.success)
    throw new TfjsModelError(modelJsonPath, `not a TFJS graph model: ${parsed.error.message}`);
  const json = parsed.data;
  if (json.modelTopology.library) assertNoFunctions(modelJsonPath, json.modelTopology.library);
  const shardPaths = json.weightsManifest.flatMap((group) => group.paths);
  const shards = await Promise.all(shardPaths.map((p) => readFile(join(dirname(modelJsonPath), p))));
  const weights = decodeWeights(
    modelJsonPath,
    Buffer.concat(shards),
    json.weightsManifest.flatMap((g) => g.weights),
  );
  return { json, nodes: json.modelTopology.node, weights, shardPaths };
}

function assertNoFunctions(file: string, library: unknown): void {
  const functions = (library as { function?: unknown[] }).function;
  if (functions && functions.length > 0)
    throw new TfjsModelError(file, "graph functions (control flow) are not supported");
}

function decodeWeights(file: string, bytes: Buffer, specs: readonly WeightSpec[]): Map<string, TfWeight> {
  const weights = new Map<string, TfWeight>();
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const width = bytesPerValue(spec);
    if (offset + count * width > bytes.length)
      throw new TfjsModelError(file, `weight ${spec.name} runs past the shards`);
    const slice = new Uint8Array(bytes.buffer, bytes.byteOffset + offset, count * width);
    weights.set(spec.name, {
      dtype: weightDtype(file, spec),
      shape: spec.shape,
      data: decodeValues(spec, slice, count),
    });
    offset += count * width;
  }
  return weights;
}

function weightDtype(file: string, spec: WeightSpec): "float32" | "int32" {
  if (spec.dtype === "bool")
    throw new TfjsModelError(file, `weight ${spec.name}: bool weights are not supported`);
  return spec.dtype;
}

function bytesPerValue(spec: WeightSpec): number {
  const q = spec.quantization?.dtype;
  return q === "float16" || q === "uint16" ? 2 : q === "uint8" ? 1 : 4;
}

function decodeValues(spec: WeightSpec, raw: Uint8Array, count: number): Float32Array | Int32Array {
  const q = spec.quantization;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (!q) {
    const out = spec.dtype === "int32" ? new Int32Array(count) : new Float32Array(count);
    for (let i = 0; i < count; i++)
      out[i] = spec.dtype === "int32" ? view.getInt32(i * 4, true) : view.getFloat32(i * 4, true);
    return out;
  }
  const out = spec.dtype === "int32" ? new Int32Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = dequantise(q, view, i);
  return out;
}

function dequantise(q: NonNullable<WeightSpec["quantization"]>, view: DataView, i: number): number {
  if (q.dtype === "float16") return halfToFloat(view.getUint16(i * 2, true));
  // Affine quantisation, as the TFJS converter writes it: value = q * scale + min.
  const raw = q.dtype === "uint8" ? view.getUint8(i) : view.getUint16(i * 2, true);
  return raw * (q.scale ?? 1) + (q.min ?? 0);
}

/** IEEE 754 half → float; exact (every half value is representable as a float32). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
