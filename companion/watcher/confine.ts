/**
 * Confinement: the companion reads, serves and writes beside photos only inside the watched folders (and its own
 * uploads folder). A path is judged by where it really is (realpath: symlinks and `..` resolved), so a link inside a
 * folder cannot lead out of it. The API checks every path it is given; the XMP step checks every target right
 * before writing; the ingest step checks what the watcher reports.
 */
import { lstat, realpath, stat } from "node:fs/promises";
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";

export type Confined =
  | { readonly ok: true; readonly path: string; readonly real: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly message: string };

const refuse = (status: 400 | 403 | 404, message: string): Confined => ({ ok: false, status, message });

/** `inner` lies strictly inside `root` (both real paths). */
export function isInside(root: string, inner: string): boolean {
  const rel = relative(root, inner);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}

/** The real paths of the roots that exist (a watched folder not made yet confines nothing). */
export async function realRoots(roots: readonly string[]): Promise<string[]> {
  const real = await Promise.all(roots.map((r) => realpath(r).catch(() => null)));
  return real.filter((r): r is string => r !== null);
}

/** A photo file the companion may read and write beside: 400 bad path, 404 no such file, 403 outside. */
export async function confineFile(path: string, roots: readonly string[]): Promise<Confined> {
  if (path.includes("\0")) return refuse(400, "the path contains a NUL byte");
  if (!isAbsolute(path)) return refuse(400, `${path}: not an absolute path`);
  const outside = refuse(403, `${path}: outside the watched folders (and the uploads folder)`);
  const rootsReal = await realRoots(roots);
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    // Outside is outside whether or not the file exists: no 404-vs-403 oracle for the rest of the disk.
    const lexical = resolve(path);
    if (![...roots.map((r) => resolve(r)), ...rootsReal].some((root) => isInside(root, lexical)))
      return outside;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return refuse(404, `${path}: no such file`);
    if (code === "EACCES") return refuse(403, `${path}: the companion may not read it`);
    return refuse(400, `${path}: ${(error as Error).message}`);
  }
  if (rootsReal.includes(real)) return refuse(400, `${path}: a directory, not a photo file`);
  if (!rootsReal.some((root) => isInside(root, real))) return outside;
  const kind = await stat(real).catch(() => null);
  if (!kind) return refuse(404, `${path}: no such file`);
  if (kind.isDirectory()) return refuse(400, `${path}: a directory, not a photo file`);
  if (!kind.isFile()) return refuse(400, `${path}: not a regular file`);
  return { ok: true, path: resolve(path), real };
}

/** The sidecars an XMP write may create or replace beside `target` (IMG_1.xmp and IMG_1.CR2.xmp). */
export function sidecarsOf(target: string): string[] {
  const dir = dirname(target);
  const name = basename(target);
  return [join(dir, `${basename(name, extname(name))}.xmp`), join(dir, `${name}.xmp`)];
}

/**
 * Right before an XMP write: the target inside the folders, and no existing sidecar that is a link (or leads)
 * out of them. Returns a problem in words, or null when the write may go ahead.
 */
export async function xmpTargetProblem(target: string, roots: readonly string[]): Promise<string | null> {
  const confined = await confineFile(target, roots);
  if (!confined.ok) return confined.message;
  const real = await realRoots(roots);
  for (const sidecar of sidecarsOf(target)) {
    const link = await lstat(sidecar).catch(() => null);
    if (!link) continue;
    const where = await realpath(sidecar).catch(() => null);
    if (link.isSymbolicLink() || !where || !real.some((root) => isInside(root, where)))
      return `${sidecar}: the sidecar is a link or lies outside the watched folders`;
  }
  return null;
}
