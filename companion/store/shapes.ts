/** The shapes the store keeps as JSON beside the analysis record: what scoring and cropping produced. */
import { z } from "zod";

export const BurstPlace = z.object({
  /** Same id = same burst. */
  id: z.string(),
  /** 1 = the best of the burst. */
  rank: z.number().int().positive(),
  size: z.number().int().positive(),
});
export type BurstPlace = z.infer<typeof BurstPlace>;

export const PhotoScores = z.object({
  /** 0–1: how likely the photographer keeps this photo. */
  keeper: z.number().min(0).max(1),
  /** 0–5 from the folder's star policy; -1 = rejected. */
  stars: z.number().int().min(-1).max(5),
  label: z.string().nullable(),
  flags: z.array(z.string()),
  bibs: z.array(z.string()),
  /**
   * Bibs carried onto this photo from other photos of the same runner (none that were also read here), with the
   * link's confidence 0–1; absent in older rows. The page's bib search finds them too.
   */
  carriedBibs: z.array(z.object({ bib: z.string(), confidence: z.number().min(0).max(1) })).optional(),
  /** Hierarchical keywords from the policy ("Stridelight|style|good" …). */
  keywords: z.array(z.string()),
  burst: BurstPlace.nullable(),
  /** Named sub-scores (running style, sharpness …), 0–1. */
  parts: z.record(z.string(), z.number()),
  /** Short sentences in the photographer's words: why this score. */
  explanations: z.array(z.string()),
  /** The prominent runner's running-style contributions per feature (the page's "why"); absent in older rows. */
  contributions: z.record(z.string(), z.number()).optional(),
});
export type PhotoScores = z.infer<typeof PhotoScores>;

export const PHOTO_STATUSES = ["queued", "analyzing", "done", "failed"] as const;
export type PhotoStatus = (typeof PHOTO_STATUSES)[number];

export type FileRole = "analyzed" | "raw" | "companion";
export interface PhotoFile {
  readonly path: string;
  readonly hash: string;
  readonly role: FileRole;
}
