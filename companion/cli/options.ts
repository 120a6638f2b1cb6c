/** Command-line options shared by the commands that analyze photos, validated once with zod. */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { configPath } from "../config/load.ts";
import type { PoolOptions } from "../workers/pool.ts";
import { WORKING_SIZE } from "../../core/domain/working-size.ts";

/**
 * The flags' one validation vocabulary: every message names the flag and what it takes, so `--workers abc` says
 * "--workers must be a whole number from 1 to 256 (got abc)" instead of zod's "expected number, received NaN".
 */
export const intArg = (name: string, min: number, max: number = Number.MAX_SAFE_INTEGER) => {
  const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  // `abc` reaches the check as NaN (the number it coerces to): nothing worth echoing.
  const error = (issue: { input?: unknown }) =>
    `--${name} must be a whole number ${range}` +
    (Number.isNaN(issue.input) ? "" : ` (got ${String(issue.input)})`);
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

/** A flag that takes one of a few words. */
export const choiceArg = <const T extends readonly [string, ...string[]]>(name: string, choices: T) =>
  z.enum(choices, {
    error: (issue) =>
      `--${name} must be ${choices.join(", ").replace(/, ([^,]*)$/, " or $1")} (got ${String(issue.input)})`,
  });

/** Flags that failed validation, as one usage line. */
export function flagsError(error: z.ZodError): UsageError {
  return new UsageError(error.issues.map((i) => i.message).join("; "));
}

export const AnalysisArgs = z.object({
  workers: intArg("workers", 1, 256).default(availableParallelism()),
  provider: choiceArg("provider", ["auto", "cpu", "cuda", "coreml", "dml"]).default("auto"),
  threads: intArg("threads", 1, 256).default(1),
  maxSide: intArg("max-side", WORKING_SIZE.min, WORKING_SIZE.max).default(WORKING_SIZE.default),
  bibs: z.boolean().default(true),
});
export type AnalysisArgs = z.infer<typeof AnalysisArgs>;

export function poolOptions(raw: unknown): PoolOptions {
  const parsed = AnalysisArgs.safeParse(raw);
  if (!parsed.success) throw flagsError(parsed.error);
  const args = parsed.data;
  return {
    workers: args.workers,
    maxSide: args.maxSide,
    bibs: args.bibs,
    runtime: { executionProvider: args.provider, intraOpThreads: args.threads },
  };
}

/**
 * The watch-config file a command uses (--config, else $STRIDELIGHT_CONFIG, else ./watch-config.json). Only the last
 * may be absent (the embedded defaults then apply, rooted beside it): a file named on purpose that is not there is
 * a typo, and watching the default folders instead would look like success.
 */
export function configFileOf(flags: { config?: string | undefined }): string {
  const path = configPath(flags);
  const named =
    flags.config !== undefined ? "--config" : process.env.STRIDELIGHT_CONFIG ? "$STRIDELIGHT_CONFIG" : null;
  if (named && !existsSync(path)) throw new UsageError(`${named} ${path}: no such file`);
  return path;
}

/** A mistake on the command line: reported in one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
