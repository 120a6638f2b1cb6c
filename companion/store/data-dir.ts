/**
 * The data folder (store, token, uploads, thumbnails, learned heads) belongs to the photographer alone: 0700, made
 * so on every start, also when an older version made it world-readable.
 */
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";

export const UPLOADS_DIR = "uploads";

export function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  mkdirSync(join(dataDir, UPLOADS_DIR), { recursive: true, mode: 0o700 });
}
