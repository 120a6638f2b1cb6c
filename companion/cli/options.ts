/** Command-line options shared by the commands that analyze photos, validated once with zod. */
import { availableParallelism } from "node:os";
import { z } from "zod";
import type { PoolOptions } from "../workers/pool.ts";
import { WORKING_SIZE } from "../../core/domain/working-size.ts";

const intArg = (name: string, min: number, max: number) =>
  z.coerce.number().int(`--${name} must be a whole number`).min(min).max(max);

export const AnalysisArgs = z.object({
  workers: intArg("workers", 1, 256).default(availableParallelism()),
  provider: z.enum(["auto", "cpu", "cuda", "coreml", "dml"]).default("auto"),
  threads: intArg("threads", 1, 256).default(1),
  maxSide: intArg("max-side", WORKING_SIZE.min, WORKING_SIZE.max).default(WORKING_SIZE.default),
  bibs: z.boolean().default(true),
});
export type AnalysisArgs = z.infer<typeof AnalysisArgs>;

export function poolOptions(raw: unknown): PoolOptions {
  const parsed = AnalysisArgs.safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
  const args = parsed.data;
  return {
    workers: args.workers,
    maxSide: args.maxSide,
    bibs: args.bibs,
    runtime: { executionProvider: args.provider, intraOpThreads: args.threads },
  };
}

/** A mistake on the command line: reported in one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
