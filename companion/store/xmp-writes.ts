/**
 * The write-ahead record of XMP writes. An intent is committed before the file is touched and marked done after,
 * so after a kill -9 the daemon knows which writes may be half-way and checks them instead of writing twice.
 */
import { type Db, now } from "./database.ts";

export type WriteState = "intent" | "done" | "skipped" | "failed";

export interface XmpWrite {
  readonly id: number;
  readonly photoId: number;
  readonly target: string;
  readonly planHash: string;
  readonly plan: unknown;
  readonly state: WriteState;
  readonly outcome: unknown;
}

type Row = Record<string, unknown>;

function toWrite(r: Row): XmpWrite {
  return {
    id: r.id as number,
    photoId: r.photo_id as number,
    target: r.target as string,
    planHash: r.plan_hash as string,
    plan: JSON.parse(r.plan as string) as unknown,
    state: r.state as WriteState,
    outcome: r.outcome ? (JSON.parse(r.outcome as string) as unknown) : null,
  };
}

export class XmpWriteRepository {
  constructor(private readonly db: Db) {}

  find(photoId: number, target: string, planHash: string): XmpWrite | null {
    const r = this.db
      .prepare(`SELECT * FROM xmp_writes WHERE photo_id = ? AND target = ? AND plan_hash = ?`)
      .get(photoId, target, planHash) as Row | undefined;
    return r ? toWrite(r) : null;
  }

  /**
   * Record the intent; `created` false = this very plan is already the file's latest write (or its open intent).
   * A plan written before and then replaced by another (A -> B -> A) is a new intent again: its row is reopened.
   */
  intend(
    photoId: number,
    target: string,
    planHash: string,
    plan: unknown,
  ): { record: XmpWrite; created: boolean } {
    return this.db.transaction(() => {
      const existing = this.find(photoId, target, planHash);
      if (!existing) {
        this.db
          .prepare(
            `INSERT INTO xmp_writes (photo_id, target, plan_hash, plan, state, created_at, seq)
             VALUES (?, ?, ?, ?, 'intent', ?, ?)`,
          )
          .run(photoId, target, planHash, JSON.stringify(plan), now(), this.nextSeq(photoId, target));
        return { record: this.find(photoId, target, planHash)!, created: true };
      }
      if (existing.state === "intent" || this.latest(photoId, target)?.id === existing.id)
        return { record: existing, created: false };
      this.db
        .prepare(
          `UPDATE xmp_writes SET state = 'intent', outcome = NULL, done_at = NULL, created_at = ?, seq = ? WHERE id = ?`,
        )
        .run(now(), this.nextSeq(photoId, target), existing.id);
      return { record: this.find(photoId, target, planHash)!, created: true };
    })();
  }

  finish(id: number, state: Exclude<WriteState, "intent">, outcome: unknown): void {
    this.db
      .prepare(`UPDATE xmp_writes SET state = ?, outcome = ?, done_at = ? WHERE id = ?`)
      .run(state, JSON.stringify(outcome ?? null), now(), id);
  }

  /** Writes that finished (done or nothing to change), all photos: what the tests count. */
  countFinished(): number {
    return (
      this.db.prepare(`SELECT COUNT(*) AS n FROM xmp_writes WHERE state IN ('done','skipped')`).get() as {
        n: number;
      }
    ).n;
  }

  /** The plan last meant for this target (a plan wanted again after another, A -> B -> A, reuses its row). */
  latest(photoId: number, target: string): XmpWrite | null {
    const r = this.db
      .prepare(
        `SELECT * FROM xmp_writes WHERE photo_id = ? AND target = ? ORDER BY seq DESC, id DESC LIMIT 1`,
      )
      .get(photoId, target) as Row | undefined;
    return r ? toWrite(r) : null;
  }

  private nextSeq(photoId: number, target: string): number {
    const row = this.db
      .prepare(`SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM xmp_writes WHERE photo_id = ? AND target = ?`)
      .get(photoId, target) as { seq: number };
    return row.seq;
  }

  /** The latest finished (done or skipped) write of each photo: its target and the plan as stored (JSON). */
  latestFinished(): { photo_id: number; target: string; plan: string }[] {
    return this.db
      .prepare(
        `SELECT photo_id, target, plan FROM xmp_writes w WHERE state IN ('done','skipped')
         AND id = (SELECT MAX(id) FROM xmp_writes v WHERE v.photo_id = w.photo_id AND v.state IN ('done','skipped'))`,
      )
      .all() as { photo_id: number; target: string; plan: string }[];
  }

  forPhoto(photoId: number): XmpWrite[] {
    return (
      this.db.prepare(`SELECT * FROM xmp_writes WHERE photo_id = ? ORDER BY id`).all(photoId) as Row[]
    ).map(toWrite);
  }
}
