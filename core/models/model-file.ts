/** Locating and verifying the ONNX file a card describes. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ModelCard } from "./card.ts";
import { packageDir, sha256Hex } from "./paths.ts";

/** A model file whose sha256 is not the card's: refused, never loaded. */
export class ModelHashMismatchError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `${file}: sha256 ${actual} does not match the model card (expected ${expected}); refusing to load it`,
    );
    this.name = "ModelHashMismatchError";
  }
}

/** Where the runtime loads a card's model from: models/<id>.onnx when converted, the package file otherwise. */
export function modelFilePath(card: ModelCard, modelsDir: string): string {
  return card.source.kind === "onnx-file"
    ? join(packageDir(card.source.package), card.source.path)
    : join(modelsDir, `${card.id}.onnx`);
}

/** Reads the model file and checks its hash; returns the verified bytes (load these, not the file again). */
export async function readVerifiedModel(card: ModelCard, modelsDir: string): Promise<Uint8Array> {
  const file = modelFilePath(card, modelsDir);
  const bytes = await readFile(file);
  const actual = sha256Hex(bytes);
  if (actual !== card.sha256) throw new ModelHashMismatchError(file, card.sha256, actual);
  return bytes;
}
