/**
 * A photo's thumbnail, made once: from the disk cache when it is there, else decoded (one decode per photo and
 * size even when the grid asks twice at once), cached, and served. A photo that cannot be decoded is remembered
 * by its file's size and date, so a broken file is not decoded again on every scroll of the grid.
 */
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { cutRegions, type CutRegion } from "../../core/adapters/regions.ts";
import { makeThumbnail, type ThumbnailSide } from "../../core/adapters/thumbnail.ts";
import type { Box } from "../../core/domain/analysis.ts";
import type { ErrorCode } from "../../core/domain/analysis.ts";
import type { Result } from "../../core/domain/ports.ts";
import type { PhotoFile } from "../store/shapes.ts";
import { Slots } from "./slots.ts";
import type { ThumbnailCache } from "./thumbnail-cache.ts";
import { thumbnailSource, type SourceFile } from "./thumbnail-source.ts";

export type ThumbnailProblem =
  | { readonly kind: "file-gone"; readonly message: string }
  | { readonly kind: "undecodable"; readonly code: ErrorCode; readonly message: string };

export interface ServedThumbnail {
  readonly jpeg: Buffer;
  /** Strong validator: the content hash and size say everything about the bytes. */
  readonly etag: string;
  readonly fromCache: boolean;
}

/** Bump when the way thumbnails are made changes (quality, colour handling): browsers then fetch again. */
const RECIPE = "v1";
const MAX_REMEMBERED_FAILURES = 10_000;

export const thumbnailEtag = (hash: string, side: ThumbnailSide): string => `"${hash}-${side}-${RECIPE}"`;

export class ThumbnailService {
  /** What happened so far; tests and the status page read it. */
  readonly counts = { made: 0, fromCache: 0, failed: 0, unsaved: 0 };
  private readonly inFlight = new Map<string, Promise<Result<Buffer, ThumbnailProblem>>>();
  private readonly failures = new Map<string, ThumbnailProblem>();
  private readonly slots: Slots;
  /** Started on the first thumbnail asked for: a companion only driven by the Lightroom plugin never starts it. */
  private started: ExifToolAdapter | null = null;

  constructor(
    private readonly cache: ThumbnailCache,
    concurrency = 2,
  ) {
    this.slots = new Slots(concurrency);
  }

  async thumbnail(
    photo: { readonly hash: string },
    files: readonly PhotoFile[],
    side: ThumbnailSide,
  ): Promise<Result<ServedThumbnail, ThumbnailProblem>> {
    const source = await thumbnailSource(files);
    if (!source) return { ok: false, error: gone(files) };
    const etag = thumbnailEtag(photo.hash, side);
    const cached = await this.cache.read(photo.hash, side);
    if (cached) {
      this.counts.fromCache++;
      return { ok: true, value: { jpeg: cached, etag, fromCache: true } };
    }
    const made = await this.once(photo.hash, side, source);
    return made.ok ? { ok: true, value: { jpeg: made.value, etag, fromCache: false } } : made;
  }

  /** Regions cut from the full-resolution picture (not cached: asked for rarely, and at any size). */
  async regions(
    file: string,
    boxes: readonly Box[],
    size: number,
  ): Promise<Result<CutRegion[], ThumbnailProblem>> {
    const exiftool = this.exiftool;
    const cut = await this.slots.run(() => cutRegions(file, boxes, { size, exiftool }));
    if (cut.ok) return cut;
    const { code, message } = cut.error;
    return {
      ok: false,
      error: code === "not-found" ? { kind: "file-gone", message } : { kind: "undecodable", code, message },
    };
  }

  async close(): Promise<void> {
    const started = this.started;
    this.started = null;
    await started?.end();
  }

  private get exiftool(): ExifToolAdapter {
    return (this.started ??= ExifToolAdapter.start({ maxProcs: 1 }));
  }

  private once(hash: string, side: ThumbnailSide, source: SourceFile) {
    const key = `${hash}-${side}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.make(hash, side, source).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async make(
    hash: string,
    side: ThumbnailSide,
    source: SourceFile,
  ): Promise<Result<Buffer, ThumbnailProblem>> {
    const known = this.failures.get(failureKey(source));
    if (known) return { ok: false, error: known };
    const exiftool = this.exiftool;
    const made = await this.slots.run(() => makeThumbnail(source.path, { longSide: side, exiftool }));
    if (!made.ok) return { ok: false, error: this.failed(source, made.error.code, made.error.message) };
    // A cache that cannot be written (disk full) still lets the photo be seen.
    await this.cache.write(hash, side, made.value.jpeg).catch(() => this.counts.unsaved++);
    this.counts.made++;
    return { ok: true, value: made.value.jpeg };
  }

  private failed(source: SourceFile, code: ErrorCode, message: string): ThumbnailProblem {
    if (code === "not-found") return { kind: "file-gone", message };
    this.counts.failed++;
    const problem: ThumbnailProblem = { kind: "undecodable", code, message };
    if (this.failures.size >= MAX_REMEMBERED_FAILURES) this.failures.clear();
    this.failures.set(failureKey(source), problem);
    return problem;
  }
}

/** A file replaced in place (same name, new bytes) gets another chance. */
const failureKey = (source: SourceFile): string => `${source.path}\0${source.size}\0${source.mtimeMs}`;

function gone(files: readonly PhotoFile[]): ThumbnailProblem {
  const where = files.map((f) => f.path).join(", ") || "no file recorded";
  return { kind: "file-gone", message: `the photo's file is no longer on disk (${where})` };
}
