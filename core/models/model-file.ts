/** Locating and verifying the ONNX file a card describes. */
import { randomUUID } from "node:crypto";
import { readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
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

/**
 * The file's identity as the file system sees it: any write, copy over or replacement changes one of these
 * (nanosecond mtime and ctime, inode, size), so an unchanged fingerprint means unchanged bytes since it was hashed.
 */
export async function fingerprint(file: string): Promise<string> {
  const s = await stat(file, { bigint: true });
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** Where the fingerprints of files already hashed are kept (one small JSON file per models folder). */
export const VERIFIED_CACHE_FILE = ".verified.json";

const VerifiedCache = z.record(z.string(), z.object({ fingerprint: z.string(), sha256: z.string() }));
type VerifiedCache = z.infer<typeof VerifiedCache>;

async function readCache(modelsDir: string): Promise<VerifiedCache> {
  try {
    const parsed = VerifiedCache.safeParse(
      JSON.parse(await readFile(join(modelsDir, VERIFIED_CACHE_FILE), "utf8")),
    );
    return parsed.success ? parsed.data : {};
  } catch {
    return {}; // no cache yet, or unreadable: hash again
  }
}

/** A whole file at once (temp file + rename): workers writing side by side never leave a torn one; the last wins. */
export async function writeWhole(target: string, text: string): Promise<void> {
  const temp = `${target}.${randomUUID()}.tmp`;
  await writeFile(temp, text);
  await rename(temp, target);
}

async function writeCache(modelsDir: string, cache: VerifiedCache): Promise<void> {
  try {
    await writeWhole(join(modelsDir, VERIFIED_CACHE_FILE), JSON.stringify(cache));
  } catch {
    // a read-only models folder only means hashing again next start
  }
}

/**
 * The cache's read-modify-write, one at a time in this thread: a worker opens its models side by side, and each
 * open used to read the cache, add its file and write it back, so all but the last file's entry were lost and
 * hashed again at the next start. (Workers in other threads or processes can still overwrite each other's entries;
 * that costs a hash at a later start, never a wrong answer.)
 */
let cacheWrites: Promise<void> = Promise.resolve();

function addToCache(modelsDir: string, file: string, entry: VerifiedCache[string]): Promise<void> {
  const write = cacheWrites.then(async () => {
    const fresh = await readCache(modelsDir); // another worker may have added its models meanwhile
    await writeCache(modelsDir, { ...fresh, [file]: entry });
  });
  cacheWrites = write.catch(() => undefined);
  return write;
}

/** A model file whose bytes the card vouches for: a path when its fingerprint was verified before, else the bytes. */
export type VerifiedModel = { readonly path: string } | { readonly bytes: Uint8Array };

/**
 * Like readVerifiedModel, but a file whose fingerprint is unchanged since it last matched its card is not read
 * and hashed again: start-up then costs a stat per model instead of hashing ~60 MB in every worker. The cache
 * records the hash a fingerprint had, so a card that changed its hash is still checked against the file. Accepted
 * gap: a file replaced between this stat and onnxruntime's read is loaded unhashed (a local attacker who can write
 * models/ can also edit the cards).
 */
export async function verifiedModel(card: ModelCard, modelsDir: string): Promise<VerifiedModel> {
  const file = modelFilePath(card, modelsDir);
  const [cache, print] = await Promise.all([readCache(modelsDir), fingerprint(file)]);
  const known = cache[file];
  if (known && known.fingerprint === print) {
    if (known.sha256 !== card.sha256) throw new ModelHashMismatchError(file, card.sha256, known.sha256);
    return { path: file };
  }
  const bytes = await readVerifiedModel(card, modelsDir);
  await addToCache(modelsDir, file, { fingerprint: print, sha256: card.sha256 });
  return { bytes };
}
