/**
 * The companion's re-link of one runner across a folder: a stretch of the folder links as the whole folder does
 * (photos left out still count in the window), person ids kept from one re-link to the next (merged, split, new),
 * and the debounce that makes a card's photos share one re-link.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { encodeEmbedding, unitVector } from "../../core/domain/people/face-embedding.ts";
import { linkShoot } from "../../core/domain/people/index.ts";
import { RELINK_PEOPLE } from "../../companion/queue/jobs/relink-people.ts";
import { queueRelink } from "../../companion/queue/people/queue-relink.ts";
import { stableNames, type Sighted } from "../../companion/queue/people/stable-names.ts";
import type { Photo } from "../../companion/store/photos.ts";
import { Store } from "../../companion/store/store.ts";
import { NEUTRAL_SCORES } from "../helpers/photo-scores.ts";
import { standingRunnerRecord } from "../helpers/standing-runner.ts";

/** A standing runner whose face points along `axis` (the same axis: clearly the same face). */
function photo(file: string, axis: number): AnalysisRecord {
  const v = new Float32Array(64).fill(0.05);
  v[axis] = 1;
  const r = standingRunnerRecord({
    file: `/shoot/${file}`,
    height: 0.6,
    epochMs: null,
    sha256: file,
    phash: "ab".repeat(8),
  });
  return { ...r, runners: r.runners.map((x) => ({ ...x, faceEmbedding: encodeEmbedding(unitVector(v)) })) };
}

describe("a stretch of the folder links as the whole folder", () => {
  it("counts the photos left out in the window of neighbours", () => {
    const two = [photo("a-0001.jpg", 3), photo("a-0002.jpg", 3)];
    const together = linkShoot(two).map((r) => r.runners[0]!.person);
    expect(together[0]).toBe(together[1]); // the same face, next to each other
    // The same two photos when 20 photos lie between them in the folder: past the window, only a bib links.
    const apart = linkShoot(two, undefined, [0, 21]).map((r) => r.runners[0]!.person);
    expect(apart[0]).not.toBe(apart[1]);
    expect(linkShoot(two, undefined, [4, 9]).map((r) => r.runners[0]!.person)).toEqual(together);
  });
});

describe("person ids kept from one re-link to the next", () => {
  let dir: string;
  let store: Store;
  let ids: number[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "stridelight-relink-"));
    store = Store.open(dir);
    ids = [1, 2, 3, 4, 5].map((i) =>
      store.photos.create({
        hash: `h${i}`,
        path: `/f/p${i}.jpg`,
        folder: "/f",
        pairKey: `p${i}`,
        role: "analyzed",
      }),
    );
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const link = (photo: number, person: string) =>
    store.people.save(ids[photo]!, [{ runner: 0, person, carriedBib: null, carriedConfidence: null }]);
  const seen = (photo: number, fresh: string): Sighted => ({ photoId: ids[photo]!, runner: 0, fresh });

  it("a person found again keeps the id most of its runners had", () => {
    link(0, "A");
    link(1, "A");
    const names = stableNames(store.people, [seen(0, "X"), seen(1, "X"), seen(2, "X")]);
    expect(names.get("X")).toBe("A");
  });

  it("two persons found to be one keep the larger's id, in every photo of them", () => {
    link(0, "A");
    link(1, "A");
    link(2, "B");
    link(3, "B"); // not re-linked this time
    const names = stableNames(store.people, [seen(0, "X"), seen(1, "X"), seen(2, "X")]);
    expect(names.get("X")).toBe("A");
    expect(store.people.of(ids[3]!)[0]!.person).toBe("A");
  });

  it("a runner found apart gets an id of his own; a new person is named as score names him unless taken", () => {
    link(0, "A");
    link(1, "A");
    link(2, "A");
    link(4, "Y"); // another runner already holds the name this link gives
    const names = stableNames(store.people, [seen(0, "X"), seen(1, "X"), seen(2, "Y"), seen(3, "Z")]);
    expect(names.get("X")).toBe("A");
    expect(names.get("Y")).toBe("Y~2");
    expect(names.get("Z")).toBe("Z");
  });
});

describe("queueing a re-link", () => {
  it("once a bib is read in the folder, photos scored while one is pending join it; once claimed, a new one starts; answered photos leave", () => {
    const dir = mkdtempSync(join(tmpdir(), "stridelight-relink-queue-"));
    const store = Store.open(dir);
    try {
      const scored = (i: number, folder = "/f"): Photo => {
        const id = store.photos.create({
          hash: `q${i}${folder}`,
          path: `${folder}/p${i}.jpg`,
          folder,
          pairKey: `${folder}p${i}`,
          role: "analyzed",
        });
        return {
          ...store.photos.get(id)!,
          scores: NEUTRAL_SCORES,
        };
      };
      const d = { quietMs: 3000, maxWaitMs: 30_000 };
      // No bib read in the folder yet: nothing could be carried, no re-link.
      expect(queueRelink({ store }, scored(3), d)).toBeNull();
      store.photos.saveScores(scored(4).id, { ...NEUTRAL_SCORES, bibs: ["1234"] });
      store.photos.saveScores(scored(6, "/g").id, { ...NEUTRAL_SCORES, bibs: ["77"] });
      const first = queueRelink({ store }, scored(5), d);
      expect(queueRelink({ store }, scored(9), d)).toBe(first);
      expect(queueRelink({ store }, scored(2), d)).toBe(first);
      // The pending re-link takes exactly the photos scored since, in whatever order they came.
      expect(store.people.asked("/f").map((a) => store.photos.get(a.photoId)!.path)).toEqual([
        "/f/p5.jpg",
        "/f/p9.jpg",
        "/f/p2.jpg",
      ]);
      expect(queueRelink({ store }, scored(1, "/g"), d)).not.toBe(first); // another folder
      store.db.prepare(`UPDATE jobs SET state = 'running' WHERE id = ?`).run(first);
      expect(queueRelink({ store }, scored(7), d)).not.toBe(first);
      expect(store.jobs.queuedOfType(RELINK_PEOPLE)).toHaveLength(2);
      expect(queueRelink({ store }, { ...scored(8), scores: null }, d)).toBeNull();
      // Answered, a photo leaves the set, unless it asked again after the re-link read it.
      const asks = store.people.asked("/f");
      store.people.answered(asks.map((a, i) => (i === 0 ? { ...a, askedAt: a.askedAt - 1 } : a)));
      expect(store.people.asked("/f").map((a) => a.photoId)).toEqual([asks[0]!.photoId]);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
