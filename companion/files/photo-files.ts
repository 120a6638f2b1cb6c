/**
 * Photo files as the CLI, the watcher, the HTTP routes and the queue see them, all by the one table of photo kinds
 * (core/domain/photo-kinds.ts): which names are photos, which are RAW, which belong together as RAW+JPEG, and the
 * command line's photos and folders as a list. Folders are walked recursively and filtered by kind; files named
 * explicitly are always taken, so a bad file gets a clear error instead of being skipped in silence.
 */
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import { isPhotoName, isRawName } from "../../core/domain/photo-kinds.ts";

export { isPhotoName };

/** The RAW side of a RAW+JPEG pair (DNG included). */
export function isRawFile(path: string): boolean {
  return isRawName(path);
}

/** RAW+JPEG of one shot share a pair key: folder and name without extension. */
export function pairKeyOf(path: string): string {
  return join(dirname(path), basename(path, extname(path))).toLowerCase();
}

export interface PhotoList {
  readonly files: string[];
  /** Arguments that are neither a file nor a folder, with the reason. */
  readonly missing: string[];
  /** The photos in the order given, absent paths kept in their place: each gets its own `not-found` record. */
  readonly inOrder: string[];
}

export async function listPhotos(args: readonly string[]): Promise<PhotoList> {
  const files: string[] = [];
  const missing: string[] = [];
  const inOrder: string[] = [];
  for (const arg of args) {
    const path = resolve(arg);
    const info = await stat(path).catch(() => null);
    if (!info) {
      missing.push(`${arg}: no such file or folder`);
      inOrder.push(path);
    } else {
      const found = info.isDirectory() ? await walk(path) : [path];
      files.push(...found);
      inOrder.push(...found);
    }
  }
  return { files: [...new Set(files)], missing, inOrder: [...new Set(inOrder)] };
}

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith(".")) found.push(...(await walk(path)));
    else if (entry.isFile() && isPhotoName(entry.name)) found.push(path);
  }
  return found;
}
