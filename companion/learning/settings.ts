/** The learning settings of watch-config.json ("learning"), with their defaults. */
import { z } from "zod";

export const LearningSettings = z
  .object({
    /** Retrain after this many new feedback events. */
    retrainAfter: z.number().int().min(1).max(100_000),
    /** Labelled photos needed before a first training is even tried. */
    minLabels: z.number().int().min(1),
    /** How often the companion looks at the feedback count (ms). */
    checkEveryMs: z.number().int().min(100),
    /** How often the XMP of photos we wrote is read back for the photographer's changes (ms); 0 = never. */
    readBackEveryMs: z.number().int().min(0),
    /** Seed of the train / held-out split and pair sampling. */
    seed: z.number().int().nonnegative(),
  })
  .strict();
export type LearningSettings = z.infer<typeof LearningSettings>;

export const DEFAULT_LEARNING: LearningSettings = Object.freeze({
  retrainAfter: 50,
  minLabels: 20,
  checkEveryMs: 30_000,
  readBackEveryMs: 15 * 60_000,
  seed: 20_240_601,
});

export function learningSettings(partial: Partial<LearningSettings> | undefined): LearningSettings {
  return LearningSettings.parse({ ...DEFAULT_LEARNING, ...partial });
}
