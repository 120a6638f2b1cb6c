/**
 * A file landed (watcher, API, start-up scan): find out which photo it is. Known content = a rename or a move, so
 * only the path is updated; the other half of a RAW+JPEG pair joins its photo; new content at a known path (a copy
 * that paused, an edit) is analyzed again; anything else is a new photo, queued for processing. Our own XMP write
 * into a file is recorded with the file's new hash (write-xmp-step), so it is recognised as "metadata only".
 */
import { statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { z } from "zod";
import type { Photo } from "../../store/photos.ts";
import { confineFile } from "../../watcher/confine.ts";
import { nameMayBeUndecodable, UNDECODABLE_NAME } from "../../../core/domain/file-name.ts";
import { defineJob, type JobContext } from "../catalogue.ts";
import { hashFile } from "../hash-file.ts";
import { isRawFile, pairKeyOf } from "../../files/photo-files.ts";
import { TASKS } from "../steps/step.ts";
import { processKey } from "./process-photo.ts";

export const INGEST_PHOTO = "ingest-photo";

export const IngestPayload = z.object({
  path: z.string().min(1),
  folder: z.string(),
  priority: z.number().int().default(0),
  /** Only these steps (analyze now); every step when absent. */
  tasks: z.array(z.enum(TASKS)).optional(),
  /** A delayed second look at a photo that failed as unreadable: analyzed once more even if unchanged. */
  retry: z.boolean().optional(),
});
export type IngestPayload = z.infer<typeof IngestPayload>;

export function ingestKey(path: string, size: number, mtimeMs: number): string {
  return `ingest:${path}:${size}:${Math.round(mtimeMs)}`;
}

export const ingestPhoto = defineJob({
  type: INGEST_PHOTO,
  payload: IngestPayload,
  maxAttempts: 5,
  async handle(payload, _job, ctx) {
    // The watcher does not follow links, but a file may be one: only what really lies inside a folder is taken.
    const confined = await confineFile(payload.path, ctx.roots());
    if (!confined.ok && nameMayBeUndecodable(payload.path))
      return ctx.log.warn({ path: payload.path, why: UNDECODABLE_NAME }, "file not taken");
    if (!confined.ok) return ctx.log.info({ path: payload.path, why: confined.message }, "file not taken");
    const before = await stat(payload.path).catch(() => null);
    if (!before?.isFile()) return ctx.log.info({ path: payload.path }, "file gone before it could be read");
    const hash = await hashFile(payload.path);
    const after = await stat(payload.path).catch(() => null);
    if (!after || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw new Error(`${payload.path} changed while it was read (still being copied?)`);
    }
    if (payload.retry) return retryFailed(ctx, payload, hash);
    adopt(ctx, payload, hash, true);
  },
});

/**
 * The same, inline (the API's "analyze now"): returns the photo's id. With `move` false (the API) a known photo is
 * never re-pointed to this path while its own file still exists: the answer is that photo, where it is.
 */
export async function ingestNow(
  ctx: JobContext,
  payload: z.input<typeof IngestPayload>,
  move = true,
): Promise<number> {
  const hash = await hashFile(payload.path);
  adopt(ctx, IngestPayload.parse(payload), hash, move);
  const file = ctx.store.photos.fileByHash(hash);
  if (!file) throw new Error(`${payload.path} could not be taken in`);
  return file.photoId;
}

/** Synchronous on purpose: lookup and insert happen in one turn, so two halves of a pair cannot both create a photo. */
function adopt(ctx: JobContext, p: IngestPayload, hash: string, move: boolean): void {
  const photos = ctx.store.photos;
  const known = photos.fileByHash(hash);
  if (known) {
    if (move || known.path === p.path || !stillThere(known.path)) photos.moveFile(hash, p.path, p.folder);
    return requeueIfUnfinished(ctx, known.photoId, p.priority);
  }
  const here = photos.byPath(p.path);
  if (here) return renew(ctx, here, p, hash);
  const raw = isRawFile(p.path);
  const partner = photos.byPairKey(pairKeyOf(p.path)).find((photo) => hasOtherKind(ctx, photo, raw));
  if (partner) return joinPair(ctx, partner, p.path, hash, raw, p.priority);
  const id = photos.create({
    hash,
    path: p.path,
    folder: p.folder,
    pairKey: pairKeyOf(p.path),
    role: "analyzed",
  });
  ctx.enqueue(
    "process-photo",
    processKey(id, 0, p.tasks),
    { photoId: id, revision: 0, tasks: p.tasks },
    p.priority,
  );
  ctx.events.emit({ type: "photo", id, status: "queued", folder: p.folder, path: p.path });
}

function stillThere(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * New bytes at a known path that are not our own write: the analyzed file is analyzed again (a RAW or JPEG partner
 * that changed only has its hash updated: the photo's analysis came from the other file).
 */
function renew(ctx: JobContext, photo: Photo, p: IngestPayload, hash: string): void {
  if (photo.path !== p.path) return ctx.store.photos.updateFileHash(p.path, hash);
  const revision = ctx.store.photos.renewContent(photo.id, p.path, hash);
  ctx.log.info({ path: p.path, revision }, "file changed: analyzed again");
  ctx.enqueue("process-photo", processKey(photo.id, revision), { photoId: photo.id, revision }, p.priority);
  ctx.events.emit({ type: "photo", id: photo.id, status: "queued", folder: photo.folder, path: photo.path });
}

/** The delayed second look: still failed with the same content, so analyzed once more from scratch. */
function retryFailed(ctx: JobContext, p: IngestPayload, hash: string): void {
  const photo = ctx.store.photos.byPath(p.path);
  if (!photo || photo.status !== "failed" || photo.path !== p.path) return adopt(ctx, p, hash, true);
  const revision = ctx.store.photos.renewContent(photo.id, p.path, hash);
  ctx.log.info({ path: p.path, revision }, "analyzing a photo that could not be read once more");
  ctx.enqueue("process-photo", processKey(photo.id, revision), { photoId: photo.id, revision }, p.priority);
}

function hasOtherKind(ctx: JobContext, photo: Photo, raw: boolean): boolean {
  const files = ctx.store.photos.files(photo.id);
  return files.length > 0 && files.every((f) => isRawFile(f.path) !== raw);
}

/** A RAW joining its JPEG becomes where the XMP goes: the photo is processed again (only the write is new). */
function joinPair(
  ctx: JobContext,
  photo: Photo,
  path: string,
  hash: string,
  raw: boolean,
  priority: number,
): void {
  ctx.store.photos.attachFile(photo.id, { path, hash, role: raw ? "raw" : "companion" });
  if (!raw) return;
  const revision = ctx.store.photos.bumpRevision(photo.id);
  ctx.enqueue("process-photo", processKey(photo.id, revision), { photoId: photo.id, revision }, priority);
}

function requeueIfUnfinished(ctx: JobContext, photoId: number, priority: number): void {
  const photo = ctx.store.photos.get(photoId);
  if (!photo || photo.status === "done" || photo.status === "failed") return;
  ctx.enqueue(
    "process-photo",
    processKey(photo.id, photo.revision),
    { photoId, revision: photo.revision },
    priority,
  );
}
