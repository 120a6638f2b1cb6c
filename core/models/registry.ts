/**
 * The model registry: looks up a card, builds its ONNX file on first use (locally, never from the network),
 * verifies the file's sha256 against the card, and opens it on onnxruntime.
 */
import { createOnnxRunner, type OnnxModelRunner, type RuntimeOptions } from "../adapters/onnx-runtime.ts";
import { buildModels } from "./build.ts";
import type { ModelCard } from "./card.ts";
import { readAllCards, readCard } from "./cards.ts";
import { modelFilePath, verifiedModel } from "./model-file.ts";
import { DEFAULT_MODELS_DIR } from "./paths.ts";
import { stat } from "node:fs/promises";
import { keptOptimisedGraph, openAndKeep } from "./optimised-graph.ts";

export type { RuntimeOptions, OnnxModelRunner } from "../adapters/onnx-runtime.ts";
export { ModelHashMismatchError } from "./model-file.ts";
export { UnknownModelError } from "./cards.ts";
export { ModelCardError, type ModelCard } from "./card.ts";

export interface RegistryLocation {
  /** Where ONNX files live and are built (default: the repository's models/). */
  readonly modelsDir?: string;
  /** Where the cards are (default: the repository's models/). */
  readonly cardsDir?: string;
}

export type OpenModelOptions = RuntimeOptions & RegistryLocation;

/**
 * Opens a model by card id. Throws ModelHashMismatchError for a file that is not the card's. A file whose
 * fingerprint matched its card at an earlier start is loaded by path without hashing it again.
 */
export async function openModel(id: string, options: OpenModelOptions = {}): Promise<OnnxModelRunner> {
  const modelsDir = options.modelsDir ?? DEFAULT_MODELS_DIR;
  const cardsDir = options.cardsDir ?? DEFAULT_MODELS_DIR;
  const card = await readCard(cardsDir, id);
  if (!(await exists(modelFilePath(card, modelsDir)))) await buildModels({ modelsDir, cardsDir, only: [id] });
  const verified = await verifiedModel(card, modelsDir);
  const source = "path" in verified ? verified.path : verified.bytes;
  if (!keepsOptimisedGraph(options)) return createOnnxRunner(id, source, options);
  const kept = await keptOptimisedGraph(card, modelsDir);
  if (kept) {
    const runner = await createOnnxRunner(id, kept, { ...options, graphOptimisationLevel: "disabled" }).catch(
      () => null, // a kept graph this onnxruntime cannot open: optimise the source again below
    );
    if (runner) return runner;
  }
  return openAndKeep(card, modelsDir, (saveTo) =>
    createOnnxRunner(id, source, options, saveTo ? { saveOptimisedTo: saveTo } : {}),
  );
}

/**
 * Only CPU sessions at the full optimisation level keep their optimised graph (see optimised-graph.ts): another
 * provider optimises for its device at start, and a lower level is asked for to get that level's graph.
 */
function keepsOptimisedGraph(options: RuntimeOptions): boolean {
  return options.executionProvider === "cpu" && (options.graphOptimisationLevel ?? "all") === "all";
}

/**
 * Opens each model once on the CPU and closes it, so the first start after an install neither hashes the files
 * nor optimises the graphs (both are kept: the verified-files record and models/.optimised/). Run by `models
 * build`, i.e. at install; returns the ids it could not open (a start then reports why).
 */
export async function prepareModels(
  ids: readonly string[],
  location: RegistryLocation = {},
): Promise<string[]> {
  const failed: string[] = [];
  for (const id of ids) {
    const runner = await openModel(id, { ...location, executionProvider: "cpu" }).catch(() => null);
    if (runner) await runner.close();
    else failed.push(id);
  }
  return failed;
}

/** Every model card, sorted by id. */
export async function listModels(location: RegistryLocation = {}): Promise<ModelCard[]> {
  return readAllCards(location.cardsDir ?? DEFAULT_MODELS_DIR);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
