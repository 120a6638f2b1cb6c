/**
 * The one job that crosses machines: analyze one photo. Its id is the photo's content hash plus a key of the
 * settings that shape the result (model versions and hashes, working size), so a photo enqueued twice, by one
 * owner or two, is analyzed once, and a result made with other models can never answer for this one.
 */
import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { z } from "zod";
import { AnyRecord } from "../../core/domain/analysis.ts";
import { WorkingSize } from "../../core/domain/working-size.ts";

export const ANALYSIS_QUEUE = "stridelight-analysis";
export const ANALYZE_JOB = "analyze-photo";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ModelPin = z.object({ version: z.string().min(1), sha256 });
export type ModelPin = z.infer<typeof ModelPin>;

/** Model id -> the exact version and file hash the job must be analyzed with. */
export const ModelSet = z.record(z.string(), ModelPin);
export type ModelSet = z.infer<typeof ModelSet>;

export const AnalysisJobData = z.object({
  /** The photo as a shared name (see path-map.ts), or a path every machine reads the same. */
  file: z.string().min(1),
  sha256,
  models: ModelSet,
  maxSide: WorkingSize,
  /** Read bib numbers (the default). */
  bibs: z.boolean().default(true),
  /** Where a worker that lacks one of the models may fetch it (the owner's companion); absent for the CLI. */
  modelSource: z.string().url().optional(),
  /** Who asked (host name): shown in failures and progress, never used to route. */
  owner: z.string(),
});
export type AnalysisJobData = z.infer<typeof AnalysisJobData>;

export const AnalysisJobResult = z.object({ machine: z.string(), record: AnyRecord });
export type AnalysisJobResult = z.infer<typeof AnalysisJobResult>;

/** The part of a job that decides its result besides the photo: same key = interchangeable results. */
export function settingsKey(models: ModelSet, maxSide: number, bibs = true): string {
  const pins = Object.keys(models)
    .sort()
    .map((id) => `${id}@${models[id]!.version}#${models[id]!.sha256}`);
  return createHash("sha256")
    .update(`${pins.join(",")}|${maxSide}${bibs ? "" : "|no-bibs"}`)
    .digest("hex")
    .slice(0, 16);
}

/** BullMQ refuses ":" and integer-looking ids; a hex hash and a dash are neither. */
export function analysisJobId(data: Pick<AnalysisJobData, "sha256" | "models" | "maxSide" | "bibs">): string {
  return `${data.sha256}-${settingsKey(data.models, data.maxSide, data.bibs)}`;
}

/** The name this machine goes by in results and failures. */
export function machineName(): string {
  return `${hostname()}/${process.pid}`;
}
