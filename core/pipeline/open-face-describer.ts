/**
 * Opening the face describer for an analyzer. It is optional: without it a record has no face embeddings and
 * runners are linked across a shoot by bib, kit and time alone, so a model that cannot be opened is not fatal.
 */
import type { ModelRunner } from "../domain/ports.ts";
import { listModels, openModel, type RuntimeOptions } from "../models/registry.ts";
import { FACE_DESCRIBER_MODEL_ID, FaceDescriber } from "./face-describer.ts";

export async function openFaceDescriber(
  runtime: RuntimeOptions,
  custom?: (id: never) => Promise<ModelRunner>,
): Promise<{ describer: FaceDescriber; versions: Record<string, string> } | null> {
  try {
    const model = custom
      ? await (custom as unknown as (id: string) => Promise<ModelRunner>)(FACE_DESCRIBER_MODEL_ID)
      : await openModel(FACE_DESCRIBER_MODEL_ID, runtime);
    const card = custom ? null : (await listModels()).find((c) => c.id === FACE_DESCRIBER_MODEL_ID);
    return {
      describer: new FaceDescriber(model),
      versions: { [FACE_DESCRIBER_MODEL_ID]: card?.version ?? (custom ? "custom" : "unknown") },
    };
  } catch {
    return null;
  }
}
