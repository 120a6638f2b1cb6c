/** Photos and the files behind them. A photo is its content hash; paths are where its files are right now. */
import type { AnyRecord } from "../../core/domain/analysis.ts";
import type { CropProposal } from "../../core/domain/crop/types.ts";
import { type Db, now } from "./database.ts";
import type { FileRole, PhotoFile, PhotoScores, PhotoStatus } from "./shapes.ts";

/**
 * The store's file order (SQLite's binary collation: UTF-8 bytes), for paths compared outside a query: the order
 * of `nearInFileOrder` and `analyzedInFileOrder`.
 */
export function fileOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export interface Photo {
  readonly id: number;
  readonly hash: string;
  readonly path: string;
  readonly folder: string;
  readonly pairKey: string;
  readonly status: PhotoStatus;
  readonly revision: number;
  readonly error: string | null;
  readonly analysis: AnyRecord | null;
  readonly scores: PhotoScores | null;
  readonly crops: CropProposal[] | null;
  readonly keeper: number | null;
  readonly stars: number | null;
  readonly bibs: string[];
  readonly flags: string[];
  readonly burst: string | null;
  readonly captureMs: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewPhoto {
  readonly hash: string;
  readonly path: string;
  readonly folder: string;
  readonly pairKey: string;
  readonly role: FileRole;
}

export interface PhotoFilter {
  folder?: string;
  status?: PhotoStatus;
  minKeeper?: number;
  maxKeeper?: number;
  minStars?: number;
  flag?: string;
  bib?: string;
  burst?: string;
  limit: number;
  offset: number;
}

export interface FolderCounts {
  readonly folder: string;
  readonly total: number;
  readonly queued: number;
  readonly analyzing: number;
  readonly done: number;
  readonly failed: number;
}

type Row = Record<string, unknown>;

const json = <T>(text: unknown): T | null => (typeof text === "string" ? (JSON.parse(text) as T) : null);

function toPhoto(r: Row): Photo {
  return {
    id: r.id as number,
    hash: r.hash as string,
    path: r.path as string,
    folder: r.folder as string,
    pairKey: r.pair_key as string,
    status: r.status as PhotoStatus,
    revision: r.revision as number,
    error: (r.error as string | null) ?? null,
    analysis: json<AnyRecord>(r.analysis),
    scores: json<PhotoScores>(r.scores),
    crops: json<CropProposal[]>(r.crops),
    keeper: (r.keeper as number | null) ?? null,
    stars: (r.stars as number | null) ?? null,
    bibs: json<string[]>(r.bibs) ?? [],
    flags: json<string[]>(r.flags) ?? [],
    burst: (r.burst as string | null) ?? null,
    captureMs: (r.capture_ms as number | null) ?? null,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
}

export class PhotoRepository {
  constructor(private readonly db: Db) {}

  /** A new photo and its first file, in one transaction. */
  create(photo: NewPhoto): number {
    return this.db.transaction(() => {
      const t = now();
      const info = this.db
        .prepare(
          `INSERT INTO photos (hash, path, folder, pair_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(photo.hash, photo.path, photo.folder, photo.pairKey, t, t);
      const id = Number(info.lastInsertRowid);
      this.attachFile(id, { path: photo.path, hash: photo.hash, role: photo.role });
      return id;
    })();
  }

  attachFile(photoId: number, file: PhotoFile): void {
    this.db
      .prepare(`INSERT OR REPLACE INTO photo_files (path, hash, photo_id, role) VALUES (?, ?, ?, ?)`)
      .run(file.path, file.hash, photoId, file.role);
  }

  /** The file with this content, wherever it was seen last. */
  fileByHash(hash: string): (PhotoFile & { photoId: number }) | null {
    const r = this.db.prepare(`SELECT * FROM photo_files WHERE hash = ? LIMIT 1`).get(hash) as
      Row | undefined;
    return r
      ? { path: r.path as string, hash, role: r.role as FileRole, photoId: r.photo_id as number }
      : null;
  }

  files(photoId: number): PhotoFile[] {
    const rows = this.db
      .prepare(`SELECT * FROM photo_files WHERE photo_id = ? ORDER BY path`)
      .all(photoId) as Row[];
    return rows.map((r) => ({ path: r.path as string, hash: r.hash as string, role: r.role as FileRole }));
  }

  /** The file at `path` has new bytes but is the same photo (metadata written into it). */
  updateFileHash(path: string, hash: string): void {
    this.db.prepare(`UPDATE photo_files SET hash = ? WHERE path = ?`).run(hash, path);
  }

  /**
   * The file at `path` has new content that is not our own XMP write (a copy finished after a pause, an edit): it
   * is analyzed again from scratch under a new revision. Returns the new revision.
   */
  renewContent(id: number, path: string, hash: string): number {
    return this.db.transaction(() => {
      this.updateFileHash(path, hash);
      this.db
        .prepare(
          `UPDATE photos SET hash = ?, status = 'queued', error = NULL, analysis = NULL, scores = NULL, crops = NULL,
             keeper = NULL, stars = NULL, bibs = '[]', flags = '[]', burst = NULL, capture_ms = NULL,
             revision = revision + 1, updated_at = ? WHERE id = ? AND path = ?`,
        )
        .run(hash, now(), id, path);
      // Its runners are analyzed again: who they were (one runner across the shoot) goes with the old analysis.
      this.db.prepare(`DELETE FROM people WHERE photo_id = ?`).run(id);
      return this.get(id)?.revision ?? 0;
    })();
  }

  /** The file was renamed or moved: follow it, nothing is analyzed again. */
  moveFile(hash: string, path: string, folder: string): void {
    this.db.transaction(() => {
      const file = this.fileByHash(hash);
      if (!file || file.path === path) return;
      this.db.prepare(`DELETE FROM photo_files WHERE path = ? AND hash != ?`).run(path, hash);
      this.db.prepare(`UPDATE photo_files SET path = ? WHERE path = ?`).run(path, file.path);
      if (file.role === "analyzed") {
        this.db
          .prepare(`UPDATE photos SET path = ?, folder = ?, updated_at = ? WHERE id = ?`)
          .run(path, folder, now(), file.photoId);
      }
    })();
  }

  get(id: number): Photo | null {
    const r = this.db.prepare(`SELECT * FROM photos WHERE id = ?`).get(id) as Row | undefined;
    return r ? toPhoto(r) : null;
  }

  /** The photo one of whose files is at this path. */
  byPath(path: string): Photo | null {
    const r = this.db
      .prepare(`SELECT p.* FROM photos p JOIN photo_files f ON f.photo_id = p.id WHERE f.path = ? LIMIT 1`)
      .get(path) as Row | undefined;
    return r ? toPhoto(r) : null;
  }

  byPairKey(pairKey: string): Photo[] {
    const rows = this.db.prepare(`SELECT * FROM photos WHERE pair_key = ? ORDER BY id`).all(pairKey) as Row[];
    return rows.map(toPhoto);
  }

  setStatus(id: number, status: PhotoStatus, error: string | null = null): void {
    this.db
      .prepare(`UPDATE photos SET status = ?, error = ?, updated_at = ? WHERE id = ?`)
      .run(status, error, now(), id);
  }

  saveAnalysis(id: number, record: AnyRecord, captureMs: number | null): void {
    this.db
      .prepare(`UPDATE photos SET analysis = ?, capture_ms = ?, updated_at = ? WHERE id = ?`)
      .run(JSON.stringify(record), captureMs, now(), id);
  }

  saveScores(id: number, scores: PhotoScores): void {
    this.db
      .prepare(
        `UPDATE photos SET scores = ?, keeper = ?, stars = ?, bibs = ?, flags = ?, burst = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        JSON.stringify(scores),
        scores.keeper,
        scores.stars,
        JSON.stringify(scores.bibs),
        JSON.stringify(scores.flags),
        scores.burst?.id ?? null,
        now(),
        id,
      );
  }

  saveCrops(id: number, crops: readonly CropProposal[]): void {
    this.db
      .prepare(`UPDATE photos SET crops = ?, updated_at = ? WHERE id = ?`)
      .run(JSON.stringify(crops), now(), id);
  }

  bumpRevision(id: number): number {
    this.db.prepare(`UPDATE photos SET revision = revision + 1, updated_at = ? WHERE id = ?`).run(now(), id);
    return this.get(id)?.revision ?? 0;
  }

  /** Analyzed photos of a folder whose capture time is within `ms` of `at`: the neighbours a burst needs. */
  neighbours(folder: string, at: number, ms: number): Photo[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM photos WHERE folder = ? AND capture_ms BETWEEN ? AND ? AND analysis IS NOT NULL ORDER BY capture_ms`,
      )
      .all(folder, at - ms, at + ms) as Row[];
    return rows.map(toPhoto);
  }

  /**
   * Ids of the analyzed photos of a folder next to `path` in file order, up to `n` on each side, in file order: the
   * frames shot just before and after (cameras number their files in shooting order), timed or not. Ids only: the
   * caller reads each distinct photo once (neighbourhoods of neighbours overlap).
   */
  nearInFileOrder(folder: string, path: string, n: number): number[] {
    const side = (before: boolean) =>
      (
        this.db
          .prepare(
            `SELECT id FROM photos WHERE folder = ? AND path ${before ? "<" : ">"} ? AND analysis IS NOT NULL ` +
              `ORDER BY path ${before ? "DESC" : "ASC"} LIMIT ?`,
          )
          .all(folder, path, n) as { id: number }[]
      ).map((r) => r.id);
    return [...side(true).reverse(), ...side(false)];
  }

  /**
   * The folder's analyzed photos (analysis not failed) in file order, ids and paths only: the whole shoot's order,
   * in which the re-link places the stretch it links (a few thousand rows of two columns).
   */
  analyzedInFileOrder(folder: string): { id: number; path: string }[] {
    return this.db
      .prepare(
        `SELECT id, path FROM photos WHERE folder = ? AND analysis IS NOT NULL ` +
          `AND json_extract(analysis, '$.error') IS NULL ORDER BY path`,
      )
      .all(folder) as { id: number; path: string }[];
  }

  /** Whether a bib was read on any scored photo of the folder. */
  folderReadsBibs(folder: string): boolean {
    return (
      this.db.prepare(`SELECT 1 FROM photos WHERE folder = ? AND bibs != '[]' LIMIT 1`).get(folder) !==
      undefined
    );
  }

  /** Ids of the folder's scored photos where one of these bibs was read (a runner met again far away). */
  readingBibs(folder: string, bibs: readonly string[]): number[] {
    if (bibs.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT DISTINCT p.id AS id FROM photos p, json_each(p.bibs) b WHERE p.folder = ? ` +
          `AND upper(b.value) IN (SELECT upper(value) FROM json_each(?)) ORDER BY p.id`,
      )
      .all(folder, JSON.stringify(bibs)) as { id: number }[];
    return rows.map((r) => r.id);
  }

  list(filter: PhotoFilter): { photos: Photo[]; total: number } {
    const { where, args } = whereOf(filter);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM photos ${where}`).get(...args) as { n: number })
      .n;
    const rows = this.db
      .prepare(`SELECT * FROM photos ${where} ORDER BY COALESCE(capture_ms, created_at), id LIMIT ? OFFSET ?`)
      .all(...args, filter.limit, filter.offset) as Row[];
    return { photos: rows.map(toPhoto), total };
  }

  /** The ids of the photos done and scored, in order. */
  scoredIds(): number[] {
    const rows = this.db
      .prepare(`SELECT id FROM photos WHERE scores IS NOT NULL AND status = 'done' ORDER BY id`)
      .all() as { id: number }[];
    return rows.map((r) => r.id);
  }

  counts(): FolderCounts[] {
    const rows = this.db
      .prepare(
        `SELECT folder, COUNT(*) AS total,
           SUM(status = 'queued') AS queued, SUM(status = 'analyzing') AS analyzing,
           SUM(status = 'done') AS done, SUM(status = 'failed') AS failed
         FROM photos GROUP BY folder ORDER BY folder`,
      )
      .all() as FolderCounts[];
    return rows;
  }
}

function whereOf(f: PhotoFilter): { where: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    parts.push(sql);
    args.push(value);
  };
  if (f.folder !== undefined) add(`folder = ?`, f.folder);
  if (f.status !== undefined) add(`status = ?`, f.status);
  if (f.minKeeper !== undefined) add(`keeper >= ?`, f.minKeeper);
  if (f.maxKeeper !== undefined) add(`keeper <= ?`, f.maxKeeper);
  if (f.minStars !== undefined) add(`stars >= ?`, f.minStars);
  if (f.flag !== undefined) add(`EXISTS (SELECT 1 FROM json_each(photos.flags) WHERE value = ?)`, f.flag);
  if (f.bib !== undefined) {
    // Read bibs, and bibs carried from other photos of the same runner (kept in the scores).
    parts.push(
      `(EXISTS (SELECT 1 FROM json_each(photos.bibs) WHERE value LIKE ?) OR EXISTS (SELECT 1 FROM ` +
        `json_each(photos.scores, '$.carriedBibs') WHERE json_extract(value, '$.bib') LIKE ?))`,
    );
    args.push(`${f.bib}%`, `${f.bib}%`);
  }
  if (f.burst !== undefined) add(`burst = ?`, f.burst);
  return { where: parts.length ? `WHERE ${parts.join(" AND ")}` : "", args };
}
