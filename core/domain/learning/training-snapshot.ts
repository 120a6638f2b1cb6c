/**
 * The training snapshot: every labelled photo a training run saw, its parameters and its seed. Stored beside the
 * model it produced; its hash goes into the model card, and training it again gives the same model bit for bit.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { LabelledPhoto } from "./examples.ts";
import { DEFAULT_KEEPER_SELECTION } from "./keeper-selection.ts";
import { DEFAULT_PROMOTION_RULE } from "./promotion.ts";

const Row = z.array(z.number());
const Box = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const LabelledPhotoSchema = z.object({
  id: z.string(),
  shoot: z.string(),
  burst: z.string(),
  keeperRow: Row.nullable(),
  styleRow: Row.nullable(),
  level: z.number().nullable(),
  styleGood: z.boolean().nullable(),
  crop: z
    .object({
      features: Row,
      subject: Box,
      ratio: z.number(),
      width: z.number(),
      height: z.number(),
      accepted: Box,
    })
    .nullable(),
});

const Logistic = z.object({
  l2: z.number().positive(),
  l2Bias: z.number().positive(),
  pointWeight: z.number().nonnegative(),
  maxIterations: z.number().int().positive(),
});

export const TrainingParams = z.object({
  keeper: Logistic,
  style: Logistic,
  crop: z.object({ l2: z.number().positive() }),
  pairsPerPhoto: z.number().int().positive(),
  /** Held-out pairs are sampled more densely: they only judge, they are not learned from. */
  heldOutPairsPerPhoto: z.number().int().positive(),
  heldOutShare: z.number().gt(0).lt(1),
  promotion: z.object({ margin: z.number(), minHeldOut: z.number().int(), minZ: z.number() }),
  /**
   * The keeper's pull toward the prior chosen by cross-validation over the training bursts (keeper-selection.ts).
   * Absent in snapshots recorded before it existed: those train at the fixed `keeper.l2`, as they did.
   */
  keeperSelection: z
    .object({
      pulls: z.array(z.number().positive()).min(1),
      folds: z.number().int().min(2),
      maxPhotos: z.number().int().positive(),
      minZ: z.number(),
    })
    .optional(),
});
export type TrainingParams = z.infer<typeof TrainingParams>;

export const DEFAULT_TRAINING_PARAMS: TrainingParams = Object.freeze({
  keeper: { l2: 2, l2Bias: 2, pointWeight: 0.5, maxIterations: 50 },
  style: { l2: 20, l2Bias: 2, pointWeight: 1, maxIterations: 50 },
  crop: { l2: 1 },
  pairsPerPhoto: 10,
  heldOutPairsPerPhoto: 40,
  heldOutShare: 0.3,
  promotion: { ...DEFAULT_PROMOTION_RULE },
  keeperSelection: { ...DEFAULT_KEEPER_SELECTION, pulls: [...DEFAULT_KEEPER_SELECTION.pulls] },
});

export const TRAINING_SNAPSHOT_SCHEMA = "stridelight.training/1";

export const TrainingSnapshot = z.object({
  schema: z.literal(TRAINING_SNAPSHOT_SCHEMA),
  seed: z.number().int().nonnegative(),
  params: TrainingParams,
  photos: z.array(LabelledPhotoSchema),
});
export type TrainingSnapshot = z.infer<typeof TrainingSnapshot>;

export function makeSnapshot(
  photos: readonly LabelledPhoto[],
  seed: number,
  params: TrainingParams = DEFAULT_TRAINING_PARAMS,
): TrainingSnapshot {
  // Sorted by id: the same labels read in another order are the same snapshot.
  const sorted = [...photos].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return TrainingSnapshot.parse({ schema: TRAINING_SNAPSHOT_SCHEMA, seed, params, photos: sorted });
}

/** JSON with keys in a fixed order at every level, so the hash does not depend on how the object was built. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function snapshotHash(snapshot: TrainingSnapshot): string {
  return createHash("sha256").update(canonicalJson(snapshot)).digest("hex");
}
