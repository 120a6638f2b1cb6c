/**
 * The keeper head as an ONNX model: input "features" float32 [N, F] (KEEPER_FEATURES order), output "keeper"
 * float32 [N, 1] = sigmoid(((features − mean) / scale) · W + b). The prior head is built from PRIOR_KEEPER_WEIGHTS
 * with mean 0 and scale 1 (the features are already 0–1); a head retrained from the photographer's picks keeps this
 * format and records its own normalisation and weights in the card.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { createOnnxRunner, type OnnxModelRunner } from "../adapters/onnx-runtime.ts";
import { KEEPER_FEATURES } from "../domain/keeper/features.ts";
import { PRIOR_KEEPER_WEIGHTS, type KeeperWeights } from "../domain/keeper/prior.ts";
import type { KeeperHead } from "../domain/scoring.ts";
import { OnnxGraphBuilder } from "./onnx/builder.ts";

export const KEEPER_HEAD_ID = "keeper-head";

/** The head's card: what a reader needs to feed it and to know where its weights came from. */
export const KeeperHeadCard = z.object({
  schemaVersion: z.literal(1),
  id: z.literal(KEEPER_HEAD_ID),
  version: z.string().min(1),
  task: z.literal("keeper"),
  head: z.literal("logistic"),
  /** Column names of "features", in order; must equal KEEPER_FEATURES for the code that builds the rows. */
  features: z.array(z.string()).min(1),
  /** Applied inside the graph: (x − mean) / scale, per column. */
  normalisation: z.object({ mean: z.array(z.number()), scale: z.array(z.number().positive()) }),
  weights: z.array(z.number()),
  bias: z.number(),
  /** "prior" = hand-set (core/domain/keeper/prior.ts); "fitted" = retrained, with what it was fitted on. */
  origin: z.object({ kind: z.enum(["prior", "fitted"]), notes: z.string() }),
  inputs: z.tuple([
    z.object({
      name: z.literal("features"),
      dtype: z.literal("float32"),
      shape: z.tuple([z.literal("N"), z.number().int()]),
    }),
  ]),
  outputs: z.tuple([
    z.object({
      name: z.literal("keeper"),
      dtype: z.literal("float32"),
      shape: z.tuple([z.literal("N"), z.literal(1)]),
    }),
  ]),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type KeeperHeadCard = z.infer<typeof KeeperHeadCard>;

export interface Normalisation {
  readonly mean: readonly number[];
  readonly scale: readonly number[];
}

export interface BuiltKeeperHead {
  readonly bytes: Uint8Array;
  readonly card: KeeperHeadCard;
}

const IDENTITY: Normalisation = { mean: KEEPER_FEATURES.map(() => 0), scale: KEEPER_FEATURES.map(() => 1) };

/** Builds the ONNX head and its card from logistic weights (default: the documented prior). */
export function buildKeeperHead(
  weights: KeeperWeights = PRIOR_KEEPER_WEIGHTS,
  normalisation: Normalisation = IDENTITY,
  origin: KeeperHeadCard["origin"] = {
    kind: "prior",
    notes: "hand-set prior weights, core/domain/keeper/prior.ts",
  },
): BuiltKeeperHead {
  const f = weights.features.length;
  if (weights.weights.length !== f || normalisation.mean.length !== f || normalisation.scale.length !== f) {
    throw new Error(
      `keeper head: ${f} features but ${weights.weights.length} weights / ${normalisation.mean.length} means`,
    );
  }
  const g = new OnnxGraphBuilder(KEEPER_HEAD_ID);
  g.addInput("features", "float32", ["N", f]);
  g.addInitializer("mean", "float32", [f], Float32Array.from(normalisation.mean));
  g.addInitializer("scale", "float32", [f], Float32Array.from(normalisation.scale));
  g.addInitializer("W", "float32", [f, 1], Float32Array.from(weights.weights));
  g.addInitializer("b", "float32", [1], Float32Array.of(weights.bias));
  g.addNode("Sub", ["features", "mean"], ["centred"]);
  g.addNode("Div", ["centred", "scale"], ["normalised"]);
  g.addNode("MatMul", ["normalised", "W"], ["logit0"]);
  g.addNode("Add", ["logit0", "b"], ["logit"]);
  g.addNode("Sigmoid", ["logit"], ["keeper"]);
  g.addOutput("keeper", "float32", ["N", 1]);
  const bytes = g.encode({ features: weights.features.join(","), origin: origin.kind });
  const card = KeeperHeadCard.parse({
    schemaVersion: 1,
    id: KEEPER_HEAD_ID,
    version: "1",
    task: "keeper",
    head: "logistic",
    features: [...weights.features],
    normalisation: { mean: [...normalisation.mean], scale: [...normalisation.scale] },
    weights: [...weights.weights],
    bias: weights.bias,
    origin,
    inputs: [{ name: "features", dtype: "float32", shape: ["N", f] }],
    outputs: [{ name: "keeper", dtype: "float32", shape: ["N", 1] }],
    sha256: createHash("sha256").update(bytes).digest("hex"),
  });
  return { bytes, card };
}

/** What the ONNX head computes, in TypeScript (float64): the reference the integration test compares against. */
export function keeperHeadReference(card: KeeperHeadCard, rows: readonly (readonly number[])[]): number[] {
  return rows.map((row) => {
    const logit = card.weights.reduce(
      (s, w, i) => s + (w * ((row[i] ?? 0) - card.normalisation.mean[i]!)) / card.normalisation.scale[i]!,
      card.bias,
    );
    return 1 / (1 + Math.exp(-logit));
  });
}

export interface OpenKeeperHead {
  /** Pass to scoreShoot. */
  readonly head: KeeperHead;
  readonly runner: OnnxModelRunner;
  close(): Promise<void>;
}

/** Loads the head into onnxruntime (CPU: a 13-weight head gains nothing from an accelerator). */
export async function openKeeperHead(built: BuiltKeeperHead = buildKeeperHead()): Promise<OpenKeeperHead> {
  if (built.card.features.join(",") !== KEEPER_FEATURES.join(",")) {
    throw new Error(
      `keeper head ${built.card.version}: features ${built.card.features.join(",")} are not KEEPER_FEATURES`,
    );
  }
  const runner = await createOnnxRunner(KEEPER_HEAD_ID, built.bytes, { executionProvider: "cpu" });
  const f = built.card.features.length;
  const head: KeeperHead = async (rows) => {
    if (rows.length === 0) return [];
    const data = new Float32Array(rows.length * f);
    rows.forEach((row, i) => data.set(row, i * f));
    const out = await runner.run({ features: { type: "float32", data, dims: [rows.length, f] } });
    return Array.from(out.keeper!.data as Float32Array);
  };
  return { head, runner, close: () => runner.close() };
}
