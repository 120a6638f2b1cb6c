/** What the photographer told us about a photo: the events the scoring and crop heads learn from. */
import { type Db, now } from "./database.ts";

export const FEEDBACK_KINDS = [
  "rating",
  "pick",
  "reject",
  // The photographer turned a crop suggestion down (not the photo: that is "reject").
  "crop-rejected",
  "crop-accepted",
  "crop-adjusted",
  "label",
  // The photographer took one of our keywords away (read back from XMP).
  "keyword-removed",
] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export interface NewFeedback {
  readonly photoId: number;
  readonly kind: FeedbackKind;
  /** The photographer's answer: stars, the adjusted crop … */
  readonly value: unknown;
  /** The proposal it answers (the crop or rating we suggested), so learning sees both. */
  readonly proposal: unknown;
  /** Who sent it: "web", "lightroom", "photoshop", "xmp". */
  readonly source: string;
}

export interface Feedback extends NewFeedback {
  readonly id: number;
  readonly createdAt: number;
}

export class FeedbackRepository {
  constructor(private readonly db: Db) {}

  add(event: NewFeedback): number {
    const info = this.db
      .prepare(
        `INSERT INTO feedback (photo_id, kind, value, proposal, source, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        event.photoId,
        event.kind,
        JSON.stringify(event.value ?? null),
        JSON.stringify(event.proposal ?? null),
        event.source,
        now(),
      );
    return Number(info.lastInsertRowid);
  }

  forPhoto(photoId: number): Feedback[] {
    const rows = this.db
      .prepare(`SELECT * FROM feedback WHERE photo_id = ? ORDER BY id`)
      .all(photoId) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: r.id as number,
      photoId: r.photo_id as number,
      kind: r.kind as FeedbackKind,
      value: JSON.parse(r.value as string) as unknown,
      proposal: JSON.parse(r.proposal as string) as unknown,
      source: r.source as string,
      createdAt: r.created_at as number,
    }));
  }

  /** Every event as stored, oldest first (the learning layer parses value and proposal itself). */
  rows(): { photo_id: number; kind: string; value: string | null; proposal: string | null }[] {
    return this.db.prepare(`SELECT photo_id, kind, value, proposal FROM feedback ORDER BY id`).all() as {
      photo_id: number;
      kind: string;
      value: string | null;
      proposal: string | null;
    }[];
  }

  /** The photos the photographer rated, picked or rejected. */
  ratedByHand(): Set<number> {
    const rows = this.db
      .prepare(`SELECT DISTINCT photo_id FROM feedback WHERE kind IN ('rating','pick','reject')`)
      .all() as { photo_id: number }[];
    return new Set(rows.map((r) => r.photo_id));
  }

  /** Did the photographer rate, pick or reject this photo? */
  isRatedByHand(photoId: number): boolean {
    return (
      this.db
        .prepare(`SELECT 1 FROM feedback WHERE photo_id = ? AND kind IN ('rating','pick','reject') LIMIT 1`)
        .get(photoId) !== undefined
    );
  }

  count(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM feedback`).get() as { n: number }).n;
  }
}
