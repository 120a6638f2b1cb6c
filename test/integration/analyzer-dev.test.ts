/**
 * Evaluation of the pipeline on the race photos of ../shared/data/dev (read in place, never copied; skipped when
 * absent): a person is found on >= 95 % of the running photos, the prominent runner agrees with the photographer's
 * main runner at least as often as the largest box does, and a full-body runner seen from the side or front has
 * hips above knees above ankles.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AnalysisRecord, Box, type Runner } from "../../core/domain/analysis.ts";
import { iou } from "../../core/domain/persons.ts";
import { largestRunner } from "../../core/domain/prominent.ts";
import { Analyzer } from "../../core/pipeline/index.ts";

const DEV = resolve(import.meta.dirname, "../../../shared/data/dev");
const present = existsSync(join(DEV, "manifest.json")) && existsSync(join(DEV, "labels.json"));

const Manifest = z.array(
  z.object({ file: z.string(), kind: z.string(), view: z.string().nullable().optional() }),
);
const Labels = z.object({
  photos: z.array(
    z
      .object({ file: z.string(), main_runner_box: Box.nullable(), full_body: z.boolean().nullable() })
      .partial(),
  ),
});

const matches = (runners: Runner[], index: number | null, truth: Box) =>
  index !== null && iou(runners[index]!.box, truth) >= 0.5;

describe.skipIf(!present)(`the pipeline on the evaluation photos in ${DEV}`, () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    // What this test judges (persons, the main runner, the legs) does not read bibs: they are the slowest stage.
    analyzer = await Analyzer.open({ bibs: false });
  });
  afterAll(async () => {
    await analyzer.close();
  });

  // 131 photos one after another: minutes on a loaded 2-core machine. The time is the bench's business (npm run bench).
  it("finds persons, the photographer's runner and sane legs", { timeout: 900_000 }, async () => {
    const manifest = Manifest.parse(JSON.parse(readFileSync(join(DEV, "manifest.json"), "utf8")));
    const labels = new Map(
      Labels.parse(JSON.parse(readFileSync(join(DEV, "labels.json"), "utf8"))).photos.map((l) => [l.file, l]),
    );
    const running = manifest.filter((m) => m.kind === "running");
    let found = 0;
    let ours = 0;
    let naive = 0;
    let labelled = 0;
    let legsOk = 0;
    let legsSeen = 0;
    for (const photo of running) {
      const record = AnalysisRecord.parse(await analyzer.analyze(join(DEV, photo.file)));
      if (record.runners.length > 0) found++;
      const label = labels.get(photo.file);
      const truth = label?.main_runner_box;
      if (!truth) continue;
      labelled++;
      if (matches(record.runners, record.prominent, truth)) ours++;
      if (matches(record.runners, largestRunner(record.runners), truth)) naive++;
      const k = record.prominent === null ? null : record.runners[record.prominent]!.keypoints;
      if (k && label.full_body && (photo.view === "side" || photo.view === "front")) {
        legsSeen++;
        const y = (p: "hip" | "knee" | "ankle") => (k[`left_${p}`][1] + k[`right_${p}`][1]) / 2;
        if (y("hip") < y("knee") && y("knee") < y("ankle")) legsOk++;
      }
    }
    console.log(
      `dev: person found ${found}/${running.length}; prominent = labelled runner ${ours}/${labelled} ` +
        `(largest box ${naive}); hips>knees>ankles ${legsOk}/${legsSeen}`,
    );
    expect(found / running.length).toBeGreaterThanOrEqual(0.95);
    expect(ours).toBeGreaterThanOrEqual(naive);
    expect(ours / labelled).toBeGreaterThanOrEqual(0.85);
    expect(legsOk / legsSeen).toBeGreaterThanOrEqual(0.9);
  });
});
