/** The models an analysis uses, pinned by version and hash, as this machine's cards describe them. */
import { BIB_MODEL_IDS } from "../../core/pipeline/bib-reader.ts";
import { MODEL_IDS } from "../../core/pipeline/analyzer.ts";
import { FACE_DESCRIBER_MODEL_ID } from "../../core/pipeline/face-describer.ts";
import { listModels, type RegistryLocation } from "../../core/models/registry.ts";
import type { ModelSet } from "./analysis-job.ts";

/** Every model the analyzer opens (detector, pose, faces, bibs, face descriptions). */
export const ANALYSIS_MODEL_IDS: readonly string[] = [
  ...MODEL_IDS,
  ...BIB_MODEL_IDS,
  FACE_DESCRIBER_MODEL_ID,
];

export async function localModelSet(location: RegistryLocation = {}): Promise<ModelSet> {
  const cards = await listModels(location);
  const byId = new Map(cards.map((c) => [c.id, c]));
  const missing = ANALYSIS_MODEL_IDS.filter((id) => !byId.has(id));
  if (missing.length) throw new Error(`no model card for ${missing.join(", ")}`);
  return Object.fromEntries(
    ANALYSIS_MODEL_IDS.map((id) => [id, { version: byId.get(id)!.version, sha256: byId.get(id)!.sha256 }]),
  );
}

/** Ids whose pin differs between what a job wants and what is here. */
export function differingModels(wanted: ModelSet, here: ModelSet): string[] {
  return Object.keys(wanted).filter(
    (id) => here[id]?.version !== wanted[id]!.version || here[id]?.sha256 !== wanted[id]!.sha256,
  );
}

/** id -> version, the shape of an analysis record's `models`. */
export function versionsOf(models: ModelSet): Record<string, string> {
  return Object.fromEntries(Object.entries(models).map(([id, pin]) => [id, pin.version]));
}
