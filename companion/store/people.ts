/**
 * One runner across the shoot, as the companion keeps it: the person of each posed runner of a photo and the bib
 * carried onto it, written by the re-link (queue/people/relink.ts). A photo's rows are its latest re-link; new
 * content for the photo (renewContent) drops them with the analysis they were made from.
 */
import type { Db } from "./database.ts";

export interface RunnerLink {
  readonly runner: number;
  readonly person: string;
  readonly carriedBib: string | null;
  readonly carriedConfidence: number | null;
}

type Row = {
  photo_id: number;
  runner: number;
  person: string;
  carried_bib: string | null;
  carried_confidence: number | null;
};

const toLink = (r: Row): RunnerLink => ({
  runner: r.runner,
  person: r.person,
  carriedBib: r.carried_bib,
  carriedConfidence: r.carried_confidence,
});

export class PeopleRepository {
  constructor(private readonly db: Db) {}

  /** The runners' links of a photo, by runner; empty when it was never re-linked (or has no posed runner). */
  of(photoId: number): RunnerLink[] {
    const rows = this.db
      .prepare(`SELECT * FROM people WHERE photo_id = ? ORDER BY runner`)
      .all(photoId) as Row[];
    return rows.map(toLink);
  }

  /** The photo's links, replacing what its last re-link said. */
  save(photoId: number, links: readonly RunnerLink[]): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM people WHERE photo_id = ?`).run(photoId);
      const insert = this.db.prepare(
        `INSERT INTO people (photo_id, runner, person, carried_bib, carried_confidence) VALUES (?, ?, ?, ?, ?)`,
      );
      for (const l of links) insert.run(photoId, l.runner, l.person, l.carriedBib, l.carriedConfidence);
    })();
  }

  /** Ids of the photos where this person was seen. */
  photosOf(person: string): number[] {
    const rows = this.db
      .prepare(`SELECT DISTINCT photo_id AS id FROM people WHERE person = ? ORDER BY photo_id`)
      .all(person) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /** Whether any runner outside `except` (photo ids) is this person. */
  inUseOutside(person: string, except: ReadonlySet<number>): boolean {
    return this.photosOf(person).some((id) => !except.has(id));
  }

  /** Two persons found to be one: every sighting of `from` becomes `to`. */
  rename(from: string, to: string): void {
    this.db.prepare(`UPDATE people SET person = ? WHERE person = ?`).run(to, from);
  }

  /** The photo was scored: the folder's next re-link takes it in (asked again: the latest time counts). */
  ask(photoId: number, folder: string): void {
    this.db
      .prepare(`INSERT OR REPLACE INTO relink_asked (photo_id, folder, asked_at) VALUES (?, ?, ?)`)
      .run(photoId, folder, Date.now());
  }

  /** The photos of a folder waiting for a re-link, and when each asked. */
  asked(folder: string): { photoId: number; askedAt: number }[] {
    const rows = this.db
      .prepare(`SELECT photo_id, asked_at FROM relink_asked WHERE folder = ? ORDER BY photo_id`)
      .all(folder) as { photo_id: number; asked_at: number }[];
    return rows.map((r) => ({ photoId: r.photo_id, askedAt: r.asked_at }));
  }

  /** These were re-linked; one that asked again meanwhile stays for the next re-link. */
  answered(asks: readonly { photoId: number; askedAt: number }[]): void {
    const drop = this.db.prepare(`DELETE FROM relink_asked WHERE photo_id = ? AND asked_at = ?`);
    this.db.transaction(() => {
      for (const a of asks) drop.run(a.photoId, a.askedAt);
    })();
  }

  /** Drop a photo's links (its analysis is gone). */
  forget(photoId: number): void {
    this.db.prepare(`DELETE FROM people WHERE photo_id = ?`).run(photoId);
  }
}
