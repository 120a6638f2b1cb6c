/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- the API's JSON answers are read untyped on purpose */
/**
 * Learning through the real companion: real config, watcher, SQLite, queue, HTTP and the real keeper head in
 * onnxruntime. Analysis is replaced by synthetic records (the runner's size varies by photo) and XMP writing by a
 * no-op: neither is under test here. A photographer who prefers small runners in the frame (the prior prefers big
 * ones) rates photos over HTTP; the companion retrains in the background, promotes, re-scores the photos it still
 * owns with the new head, and rolls back on request.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { SHARP_RUNNER_PIXELS, standingRunnerRecord, syntheticAnalysis } from "../helpers/standing-runner.ts";
import { Daemon } from "../../companion/daemon.ts";
import { KeeperScoring } from "../../companion/services/keeper-scoring.ts";
import { coreCrops } from "../../companion/services/core-crops.ts";
import type { PhotoServices } from "../../companion/queue/services.ts";
import { HeadFiles } from "../../companion/learning/head-files.ts";
import { reproduce } from "../../companion/learning/reproduce.ts";
import { client, quietLog, until, workspace, type Workspace } from "./companion-helpers.ts";

const RATED = 80;
const UNRATED = 6;
const T0 = Date.UTC(2024, 5, 1, 9, 0, 0);

/** Rated photos span every size; the unrated ones every 15th size step. */
const sizeStep = (i: number) => (i < RATED ? i : ((i - RATED) * 15) % RATED);

/** Photo i: a runner standing mid-frame, from 20 % to 90 % of the frame's height; one per minute (no bursts). */
function recordFor(file: string): AnalysisRecord {
  const i = Number(/photo-(\d+)/.exec(file)?.[1] ?? 0);
  return standingRunnerRecord({
    file,
    height: 0.2 + (0.7 * sizeStep(i)) / (RATED - 1),
    halfWidth: 0.05,
    epochMs: T0 + i * 60_000,
    sha256: `sha-${i}`,
    phash: (i * 2654435761).toString(16).padStart(16, "0").slice(-16),
    pixels: SHARP_RUNNER_PIXELS,
  });
}

let ws: Workspace;
let daemon: Daemon;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  // Retraining starts once every rating is in: a retrain after the first 40 would rightly re-score photos the
  // photographer had not rated yet, and this test's "rated photos keep their scores" would race with its own posts.
  ws = workspace({ learning: { retrainAfter: RATED, minLabels: 10, checkEveryMs: 200, readBackEveryMs: 0 } });
  const services: PhotoServices = {
    analysis: syntheticAnalysis(recordFor),
    scoring: await KeeperScoring.open(),
    crops: coreCrops,
    xmp: {
      write: () => Promise.resolve({ written: false, skipped: [] }),
      holds: () => Promise.resolve(true),
      close: () => Promise.resolve(),
    },
  };
  daemon = await Daemon.start({ configFile: ws.configFile, services, logger: quietLog(), graceMs: 2000 });
  api = client(daemon.port(), readFileSync(join(ws.dataDir, "token"), "utf8").trim());
});

afterAll(async () => {
  await daemon?.stop();
});

async function photos(): Promise<{ id: number; path: string; keeper: number; status: string }[]> {
  const { json } = await api("/api/photos?limit=200");
  return json.photos;
}

describe("learning from the photographer's ratings", () => {
  it("retrains in the background, promotes a better keeper head, re-scores what it owns, and rolls back", async () => {
    for (let i = 0; i < RATED + UNRATED; i++) {
      const jpeg = await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: i, g: 255 - i, b: 7 } },
      })
        .jpeg()
        .toBuffer();
      // Bytes after the JPEG's end make every file distinct (8x8 blocks of near colours encode alike).
      writeFileSync(
        join(ws.importDir, `photo-${String(i).padStart(3, "0")}.jpg`),
        Buffer.concat([jpeg, Buffer.from([i])]),
      );
    }
    await until(
      "every photo scored",
      async () => {
        const all = await photos();
        return all.filter((p) => p.status === "done").length === RATED + UNRATED;
      },
      90_000,
      2000,
    );
    const before = await photos();
    const size = (p: { path: string }) => sizeStep(Number(/photo-(\d+)/.exec(p.path)![1]));
    const unrated = before.filter((p) => Number(/photo-(\d+)/.exec(p.path)![1]) >= RATED);
    // The prior likes big runners: the biggest unrated runner scores above the smallest.
    const big = unrated.reduce((a, b) => (size(a) > size(b) ? a : b));
    const small = unrated.reduce((a, b) => (size(a) < size(b) ? a : b));
    expect(big.keeper).toBeGreaterThan(small.keeper);

    for (const p of before.filter((q) => !unrated.includes(q))) {
      const stars = 5 - Math.floor((size(p) * 5) / RATED); // small runner = 5 stars, big = 1
      const r = await api("/api/feedback", {
        method: "POST",
        body: JSON.stringify({
          photoId: p.id,
          kind: "rating",
          value: stars,
          proposal: 3,
          source: "lightroom",
        }),
      });
      expect(r.status).toBe(201);
    }
    const active = await until(
      "a promoted keeper head",
      async () => {
        const { json } = await api("/api/models/active");
        return json.active["keeper-head"] !== "1" ? (json.active["keeper-head"] as string) : null;
      },
      60_000,
    );
    const files = new HeadFiles(ws.dataDir);
    const card = files.readCard("keeper-head", active)!;
    expect(card.verdict.promote).toBe(true);
    expect(card.metrics.heldOut).toBeGreaterThan(card.metrics.activeHeldOut + 0.2);
    // The training labels' own cross-validation chose how far to move from the prior (null would be the prior).
    expect(card.metrics.pull).toBeGreaterThan(0);
    expect(existsSync(files.onnxPath("keeper-head", active))).toBe(true);
    expect(reproduce(files, "keeper-head", active).identical).toBe(true);

    // The unrated photos are ours: re-scored with the new head, which now prefers the small runner.
    await until(
      "the unrated photos re-scored",
      async () => {
        const now = await photos();
        const s = now.find((p) => p.id === small.id)!;
        const b = now.find((p) => p.id === big.id)!;
        return s.keeper > b.keeper;
      },
      30_000,
    );
    const rated = (await photos()).filter((p) => !unrated.some((u) => u.id === p.id));
    // Photos the photographer rated keep their scores (no re-score of what they own).
    expect(rated.every((p) => p.keeper === before.find((q) => q.id === p.id)!.keeper)).toBe(true);

    const back = await api("/api/models/rollback", {
      method: "POST",
      body: JSON.stringify({ model: "keeper-head" }),
    });
    expect(back.status).toBe(200);
    expect(back.json.version).toBe("1");
    expect((await api("/api/models/active")).json.active["keeper-head"]).toBe("1");
  });
});
