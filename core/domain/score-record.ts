import { z } from "zod";
import { AnalysisRecord, Box, Runner } from "./analysis.ts";
import { FLAGS } from "./flags.ts";
import { ACTIONS } from "./action.ts";
import { STYLE_FEATURES } from "./style/running-style.ts";

/**
 * The `score --jsonl` record: the analysis record plus the photographer's verdict. Bump SCORE_SCHEMA when a field
 * changes meaning; adding optional fields keeps the version.
 */
export const SCORE_SCHEMA = "stridelight.score/1";

const unit = z.number().min(0).max(1);

export const RunningStyleSchema = z.object({
  score: unit,
  confidence: unit,
  contributions: z.record(z.enum([...STYLE_FEATURES, "handsAboveHead"]), z.number()),
  flight: z.enum(["yes", "no", "unclear"]),
  handsAboveHead: z.boolean(),
  /** What the runner's other frames of the burst moved the score by; absent when none did. */
  otherFrames: z.number().optional(),
});

export const ScoredRunner = Runner.extend({
  /** Null when the runner has no usable pose. */
  runningStyle: RunningStyleSchema.nullable(),
  /** What the person is doing, judged from the pose (core/domain/action.ts); "other" when the legs are not seen. */
  action: z.object({ action: z.enum(ACTIONS), confidence: unit }).optional(),
});
export type ScoredRunner = z.infer<typeof ScoredRunner>;

export const BurstInfo = z.object({
  /** Same id for every frame of one burst (a single frame is a burst of one). */
  id: z.string(),
  /** 1 = best frame of its burst. */
  rank: z.number().int().positive(),
  size: z.number().int().positive(),
  best: z.boolean(),
  /** Earlier file with identical bytes (sha256), or null. */
  duplicateOf: z.string().nullable(),
});

/** One crop proposal (core/domain/crop): displayed-frame box and the same crop in Camera Raw's sensor frame. */
export const CropField = z.object({
  aspect: z.string(),
  box: Box,
  crs: z.object({
    CropLeft: unit,
    CropTop: unit,
    CropRight: unit,
    CropBottom: unit,
    CropAngle: z.number(),
  }),
  score: unit,
  reason: z.string(),
  belowMinResolution: z.boolean(),
  pixels: z.object({ width: z.number().int().nonnegative(), height: z.number().int().nonnegative() }),
});
export type CropField = z.infer<typeof CropField>;

export const ScoreRecord = AnalysisRecord.extend({
  schema: z.literal(SCORE_SCHEMA),
  runners: z.array(ScoredRunner),
  /** Running style score of the prominent runner, or null. */
  runningStyle: unit.nullable(),
  /** 0–1: how likely a race photographer delivers this frame. */
  keeper: unit,
  /** −1 = rejected, 0–5 stars, under the chosen policy. */
  rating: z.number().int().min(-1).max(5),
  /** Colour label name, or null. */
  label: z.string().nullable(),
  flags: z.array(z.enum(FLAGS)),
  burst: BurstInfo,
  crops: z.array(CropField),
  /** Hierarchical keywords "Root|group|value". */
  keywords: z.array(z.string()),
});
export type ScoreRecord = z.infer<typeof ScoreRecord>;
