/** Where cards, built models and npm packages live, relative to the repository root (never the cwd). */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEFAULT_MODELS_DIR = join(REPO_ROOT, "models");

/** Folder of an installed npm package (resolved from the repository's node_modules, no network). */
export function packageDir(name: string): string {
  return resolve(REPO_ROOT, "node_modules", name);
}

export async function installedPackageVersion(name: string): Promise<string> {
  const json = JSON.parse(await readFile(join(packageDir(name), "package.json"), "utf8")) as {
    version?: string;
  };
  return json.version ?? "unknown";
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export async function sha256OfFile(file: string): Promise<string> {
  return sha256Hex(await readFile(file));
}

export function cardPath(cardsDir: string, id: string): string {
  return join(cardsDir, `${id}.card.json`);
}
