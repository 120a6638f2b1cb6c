/**
 * Turn the command line's photos and folders into a list of photo files. Folders are walked recursively and
 * filtered by extension; files named explicitly are always taken, so a bad file gets a clear error instead of
 * being skipped in silence.
 */
import { readdir, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { formatOfExtension } from "../../core/domain/formats.ts";

/** A photo by its name: a format core/domain/formats.ts knows (camera RAW included), but not GIF, not hidden. */
export function isPhotoName(name: string): boolean {
  const format = formatOfExtension(extname(name));
  return !name.startsWith(".") && format !== null && format !== "gif";
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
