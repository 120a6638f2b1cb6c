/**
 * The photographer edits the star policy, or the learning layer swaps in a retrained keeper head, while a job is
 * scoring or writing (a burst re-score, a re-link, a photo job): what the job saves and writes after the change
 * follows the new policy and head, so it never lands over what a job started since saved and wrote; a photo renamed
 * while a job holds it gets its XMP where it is now. The real score and write steps, the real keeper head (onnxruntime), a real SQLite store and
 * the real XMP writer (exiftool) on a real file; the edit is what a config reload does: the folder's settings change.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExifTool } from "exiftool-vendored";
import pino from "pino";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_FOLDER } from "../../companion/config/defaults.ts";
import type { FolderConfig } from "../../companion/config/schema.ts";
import type { JobContext } from "../../companion/queue/catalogue.ts";
import type { PhotoServices, ScoringService } from "../../companion/queue/services.ts";
import { scoreStep } from "../../companion/queue/steps/score-step.ts";
import type { StepContext } from "../../companion/queue/steps/step.ts";
import { writeXmpStep } from "../../companion/queue/steps/write-xmp-step.ts";
import { coreCrops } from "../../companion/services/core-crops.ts";
import { KeeperScoring } from "../../companion/services/keeper-scoring.ts";
import { PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { buildKeeperHead, KEEPER_HEAD_ID } from "../../core/models/keeper-head.ts";
import { XmpStoreService } from "../../companion/services/xmp-store-service.ts";
import { Store } from "../../companion/store/store.ts";
import { standingRunnerRecord, syntheticAnalysis } from "../helpers/standing-runner.ts";
import { startExifTool } from "./xmp-helpers.ts";

let dir: string;
let store: Store;
let scoring: KeeperScoring;
let xmp: XmpStoreService;
let et: ExifTool;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "stridelight-policy-edit-"));
  store = Store.open(join(dir, ".stridelight"));
  scoring = await KeeperScoring.open();
  xmp = new XmpStoreService();
  et = startExifTool();
});

afterAll(async () => {
  store?.close();
  await scoring?.close();
  await xmp?.close();
  await et?.end();
  rmSync(dir, { recursive: true, force: true });
});

/** A folder whose every frame gets `stars` (nothing rejected): the policy alone decides the rating. */
function folderGiving(stars: 0 | 5): FolderConfig {
  const line = stars === 5 ? 0 : 1;
  return {
    ...structuredClone(DEFAULT_FOLDER),
    path: dir,
    sidecar: { style: "basename", neverModifyOriginals: true },
    policy: {
      stars: { mode: "absolute", thresholds: [line, line, line, line, line] },
      reject: { flags: [], belowKeeper: 0 },
    },
  };
}

/** The job context the daemon gives a job, its folder's settings read from `live` as the config reload sets them. */
function stepOf(live: { folder: FolderConfig }, scoringService: ScoringService = scoring): StepContext {
  const job: JobContext = {
    store,
    services: {
      analysis: syntheticAnalysis(() => {
        throw new Error("nothing is analyzed here");
      }),
      scoring: scoringService,
      crops: coreCrops,
      xmp,
    } satisfies PhotoServices,
    events: { emit: () => undefined } as unknown as JobContext["events"],
    log: pino({ level: "silent" }),
    roots: () => [dir],
    folderConfig: () => live.folder,
    enqueue: () => undefined,
  };
  return { ...job, folder: live.folder, urgent: false };
}

let photos = 0;
async function analyzedPhoto(): Promise<number> {
  const name = `frame-${++photos}.jpg`;
  const path = join(dir, name);
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#336" } })
    .jpeg()
    .toBuffer();
  writeFileSync(path, Buffer.concat([jpeg, Buffer.from(name)]));
  const hash = `policy-edit-${photos}`;
  const id = store.photos.create({ hash, path, folder: dir, pairKey: name, role: "analyzed" });
  const record = standingRunnerRecord({ file: path, height: 0.6, epochMs: null, sha256: hash, phash: "p1" });
  store.photos.saveAnalysis(id, record, null);
  return id;
}

describe("a star policy edited while a job runs", () => {
  it("a score begun under the old policy saves the stars of the edited one", async () => {
    const id = await analyzedPhoto();
    const live = { folder: folderGiving(5) };
    const step = stepOf(live);
    const scoring = scoreStep.run(store.photos.get(id)!, step);
    // The reload lands while the keeper head runs.
    live.folder = folderGiving(0);
    await scoring;
    expect(store.photos.get(id)!.scores!.stars).toBe(0);

    // Unedited, the same step gives the policy's stars (the policy does decide the rating here).
    const again = await analyzedPhoto();
    await scoreStep.run(store.photos.get(again)!, stepOf({ folder: folderGiving(5) }));
    expect(store.photos.get(again)!.scores!.stars).toBe(5);
  });

  it("a score begun under the old keeper head saves the retrained head's keeper", async () => {
    // The learning layer swaps in a retrained head while a burst re-score runs: here one that doubles the prior's
    // logit, swapped in (awaited) while the first scoring of the shoot is under way.
    const doubled = {
      ...PRIOR_KEEPER_WEIGHTS,
      weights: PRIOR_KEEPER_WEIGHTS.weights.map((w) => 2 * w),
      bias: 2 * PRIOR_KEEPER_WEIGHTS.bias,
    };
    const own = await KeeperScoring.open();
    let swapped = false;
    const swapping: ScoringService = {
      get models() {
        return own.models;
      },
      async scoreShoot(records, policy, around) {
        const scores = await own.scoreShoot(records, policy, around);
        if (!swapped) await own.useKeeperHead(buildKeeperHead(doubled), "retrained");
        swapped = true;
        return scores;
      },
      close: () => Promise.resolve(),
    };
    try {
      const id = await analyzedPhoto();
      const live = { folder: folderGiving(5) };
      await scoreStep.run(store.photos.get(id)!, stepOf(live, swapping));
      const saved = store.photos.get(id)!.scores!.keeper;
      // What the retrained head says of the photo, scored now with nothing swapping.
      const again = await analyzedPhoto();
      await scoreStep.run(store.photos.get(again)!, stepOf(live, own));
      expect(saved).toBeCloseTo(store.photos.get(again)!.scores!.keeper, 6);
      expect(own.models[KEEPER_HEAD_ID]).toBe("retrained");
    } finally {
      await own.close();
    }
  });

  it("a write planned from scores a newer job has replaced writes the newer ones", async () => {
    const id = await analyzedPhoto();
    const live = { folder: folderGiving(0) };
    const step = stepOf(live);
    await scoreStep.run(store.photos.get(id)!, step);
    const stale = store.photos.get(id)!;
    expect(stale.scores!.stars).toBe(0);
    // A job started since the edit saved five stars; this job still holds the photo as it read it.
    live.folder = folderGiving(5);
    await scoreStep.run({ ...stale, scores: null }, step);
    expect(store.photos.get(id)!.scores!.stars).toBe(5);

    await writeXmpStep.run(stale, step);
    const tags: Record<string, unknown> = await et.read(stale.path.replace(/\.jpg$/, ".xmp"));
    expect(tags.Rating).toBe(5);
  });
});

describe("a photo renamed while a job holds it", () => {
  it("the write goes to where the photo is now, checked there, not to its old name", async () => {
    const id = await analyzedPhoto();
    const step = stepOf({ folder: folderGiving(5) });
    await scoreStep.run(store.photos.get(id)!, step);
    const held = store.photos.get(id)!;
    // Renamed in the folder since the job read the photo; the watcher's ingest moved it in the store.
    const renamed = held.path.replace(/\.jpg$/, "-renamed.jpg");
    renameSync(held.path, renamed);
    store.photos.moveFile(held.hash, renamed, dir);

    await writeXmpStep.run(held, step);
    const tags: Record<string, unknown> = await et.read(renamed.replace(/\.jpg$/, ".xmp"));
    expect(tags.Rating).toBe(5);
    expect(store.writes.latest(id, renamed)?.state).toBe("done");
  });
});
