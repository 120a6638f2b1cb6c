/**
 * The heads Stridelight learns from the photographer, as ONNX files with cards:
 *
 * - keeper-head: the prior head's format exactly (buildKeeperHead), so scoring only swaps the file;
 * - style-head: input "contributions" float32 [N, 9] (STYLE_HEAD_INPUTS), output "style" [N, 1] =
 *   clip(0.5 + contributions · multipliers, 0, 1) — the running-style score with each feature reweighted;
 * - crop-adjuster: input "features" float32 [N, 5] (CROP_FEATURES), output "offset" [N, 3] = features · W, the
 *   learned offset of (logScale, shiftX, shiftY) over the crop prior.
 *
 * The ONNX bytes depend only on the learned numbers (no date, no version inside), so training the same snapshot
 * again gives the same sha256. The card adds what a person needs: metrics, data counts, date, parameters, seed and
 * the hash of the training snapshot.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { CROP_FEATURES, type CropAdjustment } from "../domain/crop/features.ts";
import { KEEPER_FEATURES } from "../domain/keeper/features.ts";
import type { KeeperWeights } from "../domain/keeper/prior.ts";
import { CROP_TARGETS } from "../domain/learning/crop-trainer.ts";
import { STYLE_HEAD_INPUTS, type StyleMultipliers } from "../domain/learning/style-trainer.ts";
import { buildKeeperHead, KEEPER_HEAD_ID } from "./keeper-head.ts";
import { OnnxGraphBuilder } from "./onnx/builder.ts";

export const STYLE_HEAD_ID = "style-head";
export const CROP_ADJUSTER_ID = "crop-adjuster";
export const LEARNED_HEADS = [KEEPER_HEAD_ID, STYLE_HEAD_ID, CROP_ADJUSTER_ID] as const;
export type LearnedHead = (typeof LEARNED_HEADS)[number];
/** The version every head has before any training: the hand-set prior. */
export const PRIOR_VERSION = "1";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const Tensor = z.object({
  name: z.string(),
  dtype: z.literal("float32"),
  shape: z.array(z.union([z.string(), z.number()])),
});

/** What the head learned, in the form the scorer and the crop step use directly. */
export const HeadParameters = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("keeper"),
    features: z.array(z.string()),
    weights: z.array(z.number()),
    bias: z.number(),
  }),
  z.object({ kind: z.literal("style"), multipliers: z.record(z.string(), z.number()) }),
  z.object({
    kind: z.literal("crop"),
    logScale: z.array(z.number()),
    shiftX: z.array(z.number()),
    shiftY: z.array(z.number()),
  }),
]);
export type HeadParameters = z.infer<typeof HeadParameters>;

export const HeadMetricsSchema = z.object({
  heldOut: z.number(),
  activeHeldOut: z.number(),
  spearman: z.number().optional(),
  /** Keeper only: the pull toward the prior chosen on the training side; null when the prior itself won. */
  pull: z.number().nullable().optional(),
  trainItems: z.number().int(),
  heldOutItems: z.number().int(),
});

export const TrainedHeadCard = z.object({
  schemaVersion: z.literal(1),
  id: z.enum(LEARNED_HEADS),
  version: z.string().min(1),
  /** ISO date of the training run. */
  date: z.string(),
  origin: z.literal("fitted"),
  parameters: HeadParameters,
  metrics: HeadMetricsSchema,
  verdict: z.object({ promote: z.boolean(), reason: z.string() }),
  /** The version that was active when this one was trained (what it was compared with). */
  comparedWith: z.string(),
  data: z.object({ photos: z.number().int(), train: z.number().int(), heldOut: z.number().int() }),
  training: z.object({
    seed: z.number().int(),
    snapshotHash: z.string().regex(/^[0-9a-f]{64}$/),
    params: z.unknown(),
  }),
  inputs: z.array(Tensor),
  outputs: z.array(Tensor),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type TrainedHeadCard = z.infer<typeof TrainedHeadCard>;

export interface BuiltHead {
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly parameters: HeadParameters;
  readonly inputs: z.infer<typeof Tensor>[];
  readonly outputs: z.infer<typeof Tensor>[];
}

export function buildTrainedKeeper(w: KeeperWeights): BuiltHead {
  const built = buildKeeperHead(w, undefined, {
    kind: "fitted",
    notes: "retrained on the photographer's labels",
  });
  return {
    bytes: built.bytes,
    sha256: built.card.sha256,
    parameters: { kind: "keeper", features: [...w.features], weights: [...w.weights], bias: w.bias },
    inputs: [...built.card.inputs],
    outputs: [...built.card.outputs],
  };
}

export function buildStyleHead(m: StyleMultipliers): BuiltHead {
  const f = STYLE_HEAD_INPUTS.length;
  const g = new OnnxGraphBuilder(STYLE_HEAD_ID);
  g.addInput("contributions", "float32", ["N", f]);
  g.addInitializer("M", "float32", [f, 1], Float32Array.from(STYLE_HEAD_INPUTS.map((k) => m[k])));
  g.addInitializer("half", "float32", [1], Float32Array.of(0.5));
  g.addInitializer("zero", "float32", [], Float32Array.of(0));
  g.addInitializer("one", "float32", [], Float32Array.of(1));
  g.addNode("MatMul", ["contributions", "M"], ["sum"]);
  g.addNode("Add", ["sum", "half"], ["raw"]);
  g.addNode("Clip", ["raw", "zero", "one"], ["style"]);
  g.addOutput("style", "float32", ["N", 1]);
  const bytes = g.encode({ inputs: STYLE_HEAD_INPUTS.join(",") });
  return {
    bytes,
    sha256: sha256(bytes),
    parameters: { kind: "style", multipliers: { ...m } },
    inputs: [{ name: "contributions", dtype: "float32", shape: ["N", f] }],
    outputs: [{ name: "style", dtype: "float32", shape: ["N", 1] }],
  };
}

export function buildCropAdjuster(a: CropAdjustment): BuiltHead {
  const f = CROP_FEATURES.length;
  const w = new Float32Array(f * CROP_TARGETS.length);
  CROP_FEATURES.forEach((_, i) =>
    CROP_TARGETS.forEach((t, j) => (w[i * CROP_TARGETS.length + j] = a[t][i] ?? 0)),
  );
  const g = new OnnxGraphBuilder(CROP_ADJUSTER_ID);
  g.addInput("features", "float32", ["N", f]);
  g.addInitializer("W", "float32", [f, CROP_TARGETS.length], w);
  g.addNode("MatMul", ["features", "W"], ["offset"]);
  g.addOutput("offset", "float32", ["N", CROP_TARGETS.length]);
  const bytes = g.encode({ features: CROP_FEATURES.join(","), targets: CROP_TARGETS.join(",") });
  return {
    bytes,
    sha256: sha256(bytes),
    parameters: { kind: "crop", logScale: [...a.logScale], shiftX: [...a.shiftX], shiftY: [...a.shiftY] },
    inputs: [{ name: "features", dtype: "float32", shape: ["N", f] }],
    outputs: [{ name: "offset", dtype: "float32", shape: ["N", CROP_TARGETS.length] }],
  };
}

/** The learned numbers back from a card, for the scorer and the crop step. */
export function keeperWeightsOf(p: HeadParameters): KeeperWeights {
  if (p.kind !== "keeper") throw new Error(`a ${p.kind} head is not a keeper head`);
  if (p.features.join(",") !== KEEPER_FEATURES.join(","))
    throw new Error(`keeper head features ${p.features.join(",")} are not KEEPER_FEATURES`);
  return { features: KEEPER_FEATURES, weights: p.weights, bias: p.bias };
}

export function styleMultipliersOf(p: HeadParameters): StyleMultipliers {
  if (p.kind !== "style") throw new Error(`a ${p.kind} head is not a style head`);
  return Object.fromEntries(STYLE_HEAD_INPUTS.map((k) => [k, p.multipliers[k] ?? 1])) as StyleMultipliers;
}

export function cropAdjustmentOf(p: HeadParameters): CropAdjustment {
  if (p.kind !== "crop") throw new Error(`a ${p.kind} head is not a crop adjuster`);
  return { logScale: p.logScale, shiftX: p.shiftX, shiftY: p.shiftY };
}
