/**
 * XMP read-back through the real companion: the real worker pool and models on copies of the fixture photos, real
 * exiftool sidecars, real SQLite and queue. The photographer then does in "Lightroom" what Lightroom does to a
 * sidecar (rewrites it with another rating and without one of our keywords); the companion's xmp-readback job turns
 * both into feedback, once; a re-score that wants to write new stars everywhere leaves the photographer's rating and
 * never puts the removed keyword back.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import type { XmpSnapshot } from "../../core/domain/xmp/snapshot.ts";
import { Daemon } from "../../companion/daemon.ts";
import { photosToRescore } from "../../companion/learning/rescore.ts";
import { companionJobs } from "../../companion/queue/jobs/index.ts";
import { XMP_READBACK } from "../../companion/queue/jobs/retrain-readback.ts";
import { RESCORE_PHOTO } from "../../companion/queue/jobs/retrain-rescore.ts";
import type { Feedback } from "../../companion/store/feedback.ts";
import { dropPhotos, quietLog, SIDECARS, until, workspace, type Workspace } from "./companion-helpers.ts";

let ws: Workspace;
let daemon: Daemon;
let exiftool: ExifToolAdapter;
let photos: string[] = [];
const jobs = companionJobs();

beforeAll(async () => {
  // Read-back and retraining are triggered by the test, not by their timers.
  ws = workspace({ learning: { readBackEveryMs: 0, checkEveryMs: 600_000 } }, SIDECARS);
  daemon = await Daemon.start({ configFile: ws.configFile, logger: quietLog(), graceMs: 5000 });
  exiftool = ExifToolAdapter.start();
});

afterAll(async () => {
  await daemon?.stop();
  await exiftool?.end();
});

const sidecarOf = (photo: string) => photo.replace(/\.jpg$/, ".xmp");

/** The sidecar as our own reader sees it (the companion's folder default: basename sidecars). */
async function readXmp(photo: string): Promise<XmpSnapshot> {
  const read = await exiftool.xmp({ sidecarStyle: "basename", neverModifyOriginals: true }).readXmp(photo);
  if (!read.ok) throw read.error;
  return read.value.snapshot;
}

/** Queues jobs the way the companion's timers do and waits until the runner has finished them all. */
async function runJobs(type: string, payloads: readonly { key: string; payload: unknown }[]): Promise<void> {
  for (const { key, payload } of payloads) daemon.store.jobs.enqueue(jobs.job(type, key, payload, 5));
  await until(
    `${type} jobs to finish`,
    () => payloads.every(({ key }) => daemon.store.jobs.byKey(key)?.state === "done"),
    30_000,
    100,
  );
}

let readBacks = 0;
const readBack = () => runJobs(XMP_READBACK, [{ key: `xmp-readback:test-${++readBacks}`, payload: {} }]);

/** What Lightroom does on "Save Metadata to File": it rewrites the sidecar whole, our namespace included. */
function lightroomEdits(sidecar: string, stars: number, dropKeyword: string): void {
  const before = readFileSync(sidecar, "utf8");
  const after = before
    .replace(/<xmp:Rating>-?\d<\/xmp:Rating>/, `<xmp:Rating>${stars}</xmp:Rating>`)
    .replace(/xmp:Rating='-?\d'/, `xmp:Rating='${stars}'`)
    .replace(new RegExp(`\\s*<rdf:li>${dropKeyword.replaceAll("|", "\\|")}</rdf:li>`), "");
  expect(after).not.toBe(before);
  writeFileSync(`${sidecar}.lr-tmp`, after);
  renameSync(`${sidecar}.lr-tmp`, sidecar);
}

const fromXmp = (id: number): Feedback[] =>
  daemon.store.feedback.forPhoto(id).filter((f) => f.source === "xmp");

describe("the photographer's edits in Lightroom, read back from XMP", () => {
  it("become rating and keyword feedback once, and a re-score keeps the photographer's rating", async () => {
    photos = dropPhotos(ws.importDir);
    const ids = await until(
      "every fixture photo processed with its XMP written",
      () => {
        const found = photos.map((p) => daemon.store.photos.byPath(p));
        const done = found.every((p) => p && (p.status === "done" || p.status === "failed"));
        return done && daemon.store.writes.countFinished() >= photos.length ? found.map((p) => p!.id) : null;
      },
      120_000,
      500,
    );

    // A photo we rated and tagged (stars 1–4, so a change of policy to "five stars for all" moves its stars).
    const written = await Promise.all(photos.map(readXmp));
    const pick = written.findIndex(
      (s) =>
        s.ours?.written.rating !== null &&
        (s.ours?.written.rating ?? 5) < 5 &&
        (s.ours?.written.rating ?? 0) > 0 &&
        s.ours!.written.keywords.hierarchical.length > 0,
    );
    expect(pick, "a photo with 1–4 stars and our keywords").toBeGreaterThanOrEqual(0);
    const photo = photos[pick]!;
    const id = ids[pick]!;
    const ours = written[pick]!.ours!.written;
    const stars = ours.rating === 1 ? 2 : 1;
    const dropped = ours.keywords.hierarchical[0]!;

    await readBack();
    expect(fromXmp(id), "nothing changed yet: no feedback").toEqual([]);

    lightroomEdits(sidecarOf(photo), stars, dropped);
    const edited = await readXmp(photo);
    expect(edited.rating).toBe(stars);
    expect(edited.keywords.hierarchical).not.toContain(dropped);
    expect(edited.ours?.written.rating).toBe(ours.rating);

    await readBack();
    const events = fromXmp(id);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "rating", value: stars, proposal: ours.rating }),
        expect.objectContaining({
          kind: "keyword-removed",
          value: { keywordRemoved: dropped, field: "hierarchical" },
        }),
      ]),
    );
    expect(events).toHaveLength(2);
    // No other photo was touched, so no other photo has feedback.
    for (const other of ids.filter((x) => x !== id)) expect(fromXmp(other)).toEqual([]);

    // Read back again: the photographer's edit is still there, but it is recorded only once.
    await readBack();
    expect(fromXmp(id)).toHaveLength(2);

    // The photographer's rating makes the photo theirs: the learning layer would not re-score it …
    expect(photosToRescore(daemon.store)).not.toContain(id);
    // … and even when a re-score job reaches it under a policy that wants five stars everywhere (queued before the
    // photographer's edit was read back), the job leaves the photo alone and the file keeps their rating.
    // Counted before the policy changes: the reload restarts the watcher, and its rescan of the folder may write the
    // new stars before the jobs below run (they then find nothing left to write).
    const writesBefore = daemon.store.writes.countFinished();
    const config = JSON.parse(readFileSync(ws.configFile, "utf8")) as Record<string, unknown>;
    const allFive = { stars: { mode: "absolute", thresholds: [0, 0, 0, 0, 0] } };
    writeFileSync(
      ws.configFile,
      JSON.stringify({ ...config, folders: [{ path: "import", policy: allFive, ...SIDECARS }] }),
    );
    await until("the new policy", () => daemon.config().folders[0]?.policy.stars?.mode === "absolute");
    await runJobs(
      RESCORE_PHOTO,
      ids.map((photoId) => ({ key: `rescore:${photoId}:test`, payload: { photoId, generation: "test" } })),
    );
    expect(daemon.store.writes.countFinished(), "XMP re-written under the new policy").toBeGreaterThan(
      writesBefore,
    );

    const after = await readXmp(photo);
    expect(after.rating, "the photographer's rating").toBe(stars);
    expect(after.keywords.hierarchical, "a keyword the photographer removed").not.toContain(dropped);
    expect(daemon.store.photos.get(id)!.scores!.stars, "the photographer's photo is not re-scored").not.toBe(
      5,
    );
    // Photos the photographer left alone take the new stars (rejects stay rejects). Waited for, not read once: under
    // load (the whole suite on 2 cores) one photo was once read at its old stars just after the re-score jobs had
    // finished, while the jobs the reload's rescan queued were still running; a photo that never takes them fails.
    const others = await until(
      "the other photos' XMP under the new policy",
      async () => {
        const read = await Promise.all(photos.filter((p) => p !== photo).map(readXmp));
        return read.every((s) => s.rating === 5 || s.rating === -1) ? read : null;
      },
      30_000,
      250,
    );
    expect(others.filter((s) => s.rating === 5).length).toBeGreaterThan(0);
    expect(others.every((s) => s.rating === 5 || s.rating === -1)).toBe(true);

    // The write skipped the rating as the photographer's; the read-back records nothing new.
    await readBack();
    expect(fromXmp(id)).toHaveLength(2);
  });
});
