/**
 * Builds the ONNX files the cards describe: converts what is missing or stale, writes atomically (temp file +
 * rename), and checks every result against its card. A converted hash that differs from the card is a hard error
 * (the converter or the source changed) unless `updateCards` says the change is intended.
 */
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { type ModelCard, ModelCardError, serialiseModelCard } from "./card.ts";
import { readAllCards } from "./cards.ts";
import { CONVERTER_VERSION, convertTfjsModel } from "./convert.ts";
import { modelFilePath, ModelHashMismatchError } from "./model-file.ts";
import { DEFAULT_OPSET } from "./onnx/builder.ts";
import {
  cardPath,
  DEFAULT_MODELS_DIR,
  installedPackageVersion,
  packageDir,
  sha256Hex,
  sha256OfFile,
} from "./paths.ts";

export interface BuildOptions {
  /** Where ONNX files are written (default: the repository's models/). */
  readonly modelsDir?: string;
  /** Where the cards are read (default: the repository's models/). */
  readonly cardsDir?: string;
  /** Only these model ids. */
  readonly only?: readonly string[];
  /** Rebuild even when the file exists with the right hash. */
  readonly force?: boolean;
  /** Rewrite the cards' hashes, source files and specs from the fresh conversion (after an intended change). */
  readonly updateCards?: boolean;
  readonly log?: (line: string) => void;
}

export type BuildStatus = "up-to-date" | "built" | "card-updated" | "verified";
export interface BuiltModel {
  readonly id: string;
  readonly status: BuildStatus;
  readonly file: string;
  readonly sha256: string;
  readonly milliseconds: number;
}
export interface BuildReport {
  readonly models: readonly BuiltModel[];
}

/** The source package is not the one the card was made from (other version, or changed files). */
export class ModelSourceError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "ModelSourceError";
  }
}

export async function buildModels(options: BuildOptions = {}): Promise<BuildReport> {
  const modelsDir = options.modelsDir ?? DEFAULT_MODELS_DIR;
  const cardsDir = options.cardsDir ?? DEFAULT_MODELS_DIR;
  const cards = (await readAllCards(cardsDir)).filter((c) => !options.only || options.only.includes(c.id));
  const missing = options.only?.filter((id) => !cards.some((c) => c.id === id)) ?? [];
  if (missing.length > 0) throw new ModelCardError(cardsDir, `no card for ${missing.join(", ")}`);
  const models: BuiltModel[] = [];
  for (const card of cards) models.push(await buildOne(card, modelsDir, cardsDir, options));
  return { models };
}

async function buildOne(
  card: ModelCard,
  modelsDir: string,
  cardsDir: string,
  options: BuildOptions,
): Promise<BuiltModel> {
  const started = performance.now();
  const file = modelFilePath(card, modelsDir);
  const done = (status: BuildStatus, sha256: string): BuiltModel => {
    const built = {
      id: card.id,
      status,
      file,
      sha256,
      milliseconds: Math.round(performance.now() - started),
    };
    options.log?.(`${card.id}: ${status} ${file} (${built.milliseconds} ms)`);
    return built;
  };
  if (card.source.kind === "onnx-file")
    return done("verified", await verifyPackageFile(card, file, cardsDir, options));
  if (!options.force && !options.updateCards && (await hashIfExists(file)) === card.sha256)
    return done("up-to-date", card.sha256);
  const { bytes, updated } = await convertCard(card, options.updateCards ?? false);
  const sha256 = sha256Hex(bytes);
  if (!options.updateCards && sha256 !== card.sha256)
    throw new ModelHashMismatchError(file, card.sha256, sha256);
  await writeAtomically(file, bytes);
  if (options.updateCards)
    await writeFile(cardPath(cardsDir, card.id), serialiseModelCard({ ...updated, sha256 }));
  return done(options.updateCards ? "card-updated" : "built", sha256);
}

async function hashIfExists(file: string): Promise<string | undefined> {
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  return exists ? sha256OfFile(file) : undefined;
}

/** Converts the card's source after checking it is the source the card names; returns the card as it would now read. */
async function convertCard(
  card: ModelCard,
  update: boolean,
): Promise<{ bytes: Uint8Array; updated: ModelCard }> {
  if (card.source.kind !== "tfjs-graph") throw new Error("convertCard: not a tfjs-graph card");
  const root = packageDir(card.source.package);
  const modelJson = join(root, card.source.modelJson);
  const version = await installedPackageVersion(card.source.package);
  if (version !== card.source.packageVersion && !update) {
    throw new ModelSourceError(
      modelJson,
      `${card.source.package} is ${version}, the card was made from ${card.source.packageVersion}`,
    );
  }
  const converted = await convertTfjsModel(modelJson, card.id);
  const shards = await shardPaths(modelJson);
  const files = await Promise.all(
    [modelJson, ...shards].map(async (f) => ({
      path: f.slice(root.length + 1),
      sha256: await sha256OfFile(f),
    })),
  );
  if (!update) assertSameFiles(modelJson, card.source.files, files);
  const updated: ModelCard = {
    ...card,
    source: { ...card.source, packageVersion: version, files },
    inputs: converted.inputs.map((io) => ({
      ...io,
      shape: io.shape ? [...io.shape] : [],
      ...meaningOf(card.inputs, io.name),
    })),
    outputs: converted.outputs.map((io) => ({
      ...io,
      shape: io.shape ? [...io.shape] : [],
      ...meaningOf(card.outputs, io.name),
    })),
    converter: { name: "stridelight-tfjs-to-onnx", version: CONVERTER_VERSION, opset: DEFAULT_OPSET },
  };
  return { bytes: converted.bytes, updated };
}

function meaningOf(specs: ModelCard["inputs"], name: string): { meaning?: string } {
  const meaning = specs.find((s) => s.name === name)?.meaning;
  return meaning ? { meaning } : {};
}

async function shardPaths(modelJson: string): Promise<string[]> {
  const json = JSON.parse(await readFile(modelJson, "utf8")) as { weightsManifest: { paths: string[] }[] };
  return json.weightsManifest.flatMap((g) => g.paths).map((p) => join(dirname(modelJson), p));
}

function assertSameFiles(
  modelJson: string,
  expected: readonly { path: string; sha256: string }[],
  actual: readonly { path: string; sha256: string }[],
): void {
  for (const file of actual) {
    const recorded = expected.find((e) => e.path === file.path);
    if (recorded?.sha256 !== file.sha256) {
      throw new ModelSourceError(
        join(dirname(modelJson), file.path),
        `sha256 ${file.sha256} is not the card's ${recorded?.sha256 ?? "(not on the card)"}`,
      );
    }
  }
}

async function verifyPackageFile(
  card: ModelCard,
  file: string,
  cardsDir: string,
  options: BuildOptions,
): Promise<string> {
  const actual = await sha256OfFile(file);
  if (actual === card.sha256) return actual;
  if (!options.updateCards) throw new ModelHashMismatchError(file, card.sha256, actual);
  await writeFile(cardPath(cardsDir, card.id), serialiseModelCard({ ...card, sha256: actual }));
  return actual;
}

/**
 * Temp file + rename: a reader never sees a half-written model, even when several workers build at once. The temp
 * file sits in <modelsDir>/.build/ (same file system for the rename; gitignored if a crash leaves it behind).
 */
async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const tempDir = join(dirname(file), ".build");
  await mkdir(tempDir, { recursive: true });
  const temp = join(tempDir, `${basename(file)}.${randomUUID()}.tmp`);
  await writeFile(temp, bytes);
  await rename(temp, file);
}
