/**
 * Thumbnails on disk in the data folder, named by the photo's content hash and long side: a renamed or moved photo
 * finds its thumbnail again, and the cache outlives restarts. Writes go to a temp file renamed into place, so a
 * reader (or a crash) never sees half a JPEG.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import type { ThumbnailSide } from "../../core/adapters/thumbnail.ts";

/** The store's hashes are sha256 hex; anything else must never become part of a path. */
const ContentHash = z.string().regex(/^[0-9a-f]{64}$/, "a content hash is 64 hex digits");

export const THUMBNAILS_FOLDER = "thumbnails";

export class ThumbnailCache {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, THUMBNAILS_FOLDER);
  }

  /** Two-letter shards keep a 100,000-photo cache browsable (no folder of 200,000 files). */
  pathOf(hash: string, side: ThumbnailSide): string {
    const safe = ContentHash.parse(hash);
    return join(this.dir, safe.slice(0, 2), `${safe}-${side}.jpg`);
  }

  async read(hash: string, side: ThumbnailSide): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(hash, side));
    } catch (caught) {
      if ((caught as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw caught;
    }
  }

  async write(hash: string, side: ThumbnailSide, jpeg: Buffer): Promise<void> {
    const target = this.pathOf(hash, side);
    const shard = dirname(target);
    await mkdir(shard, { recursive: true });
    const temp = join(shard, `.${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
    try {
      await writeFile(temp, jpeg);
      await rename(temp, target);
    } catch (caught) {
      await rm(temp, { force: true });
      throw caught;
    }
  }
}
