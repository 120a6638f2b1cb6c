/**
 * The analysis pipeline with the real models on the licensed fixture photos: persons, pose order, the prominent
 * runner, faces, failed records for bad files, and records that pass the zod contract.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisRecord, AnyRecord, FailedRecord, type Keypoints } from "../../core/domain/analysis.ts";
import { Analyzer } from "../../core/pipeline/index.ts";

const PHOTOS = resolve(import.meta.dirname, "../fixtures/photos");
const SIDE_VIEWS = [
  "side-jogger-waterfront-chander-unsplash.jpg",
  "side-jogger-woman-tanglao-unsplash.jpg",
  "side-runner-street-kurrasch-unsplash.jpg",
];

const meanY = (k: Keypoints, part: "hip" | "knee" | "ankle" | "shoulder") =>
  (k[`left_${part}`][1] + k[`right_${part}`][1]) / 2;

describe("Analyzer on the fixture photos", () => {
  let analyzer: Analyzer;
  const records = new Map<string, AnalysisRecord>();
  const analyzed = async (name: string): Promise<AnalysisRecord> => {
    const cached = records.get(name);
    if (cached) return cached;
    const record = AnalysisRecord.parse(await analyzer.analyze(join(PHOTOS, name)));
    records.set(name, record);
    return record;
  };

  beforeAll(async () => {
    analyzer = await Analyzer.open({});
  });
  afterAll(async () => {
    await analyzer.close();
  });

  it.each(SIDE_VIEWS)("finds one clear runner in %s, hips above knees above ankles", async (name) => {
    const record = await analyzed(name);
    expect(record.runners.length).toBeGreaterThanOrEqual(1);
    expect(record.prominent).not.toBeNull();
    const runner = record.runners[record.prominent!]!;
    expect(runner.score).toBeGreaterThan(0.4);
    expect(runner.poseScore).toBeGreaterThan(0.35);
    const k = runner.keypoints!;
    expect(k.nose[1]).toBeLessThan(meanY(k, "hip"));
    expect(meanY(k, "shoulder")).toBeLessThan(meanY(k, "hip"));
    expect(meanY(k, "hip")).toBeLessThan(meanY(k, "knee"));
    expect(meanY(k, "knee")).toBeLessThan(meanY(k, "ankle"));
    // keypoints fall on the runner: inside the box, with a little slack for limbs the box cut
    for (const [x, y] of Object.values(k)) {
      expect(x).toBeGreaterThan(runner.box[0] - 0.05);
      expect(x).toBeLessThan(runner.box[2] + 0.05);
      expect(y).toBeGreaterThan(runner.box[1] - 0.05);
      expect(y).toBeLessThan(runner.box[3] + 0.05);
    }
  });

  it("finds the runner's face on a close side view and links it to the runner", async () => {
    const record = await analyzed("side-jogger-waterfront-chander-unsplash.jpg");
    const face = record.faces.find((f) => f.runner === record.prominent);
    expect(face).toBeDefined();
    const box = record.runners[record.prominent!]!.box;
    const [cx, cy] = [(face!.box[0] + face!.box[2]) / 2, (face!.box[1] + face!.box[3]) / 2];
    expect(cx).toBeGreaterThan(box[0]);
    expect(cx).toBeLessThan(box[2]);
    expect(cy).toBeLessThan(box[1] + 0.25 * (box[3] - box[1]));
    expect(face!.expression).not.toBeNull();
  });

  it("finds many persons in a marathon crowd and poses only a bounded number", async () => {
    const record = await analyzed("marathon-crowd-rear-zemlickis-unsplash.jpg");
    expect(record.runners.length).toBeGreaterThanOrEqual(5);
    const posed = record.runners.filter((r) => r.keypoints !== null).length;
    expect(posed).toBeGreaterThan(0);
    expect(posed).toBeLessThanOrEqual(6);
    // no face of a distant runner is reported without enough pixels to judge it
    for (const f of record.faces) if (f.eyesOpen !== null) expect(f.box[2] - f.box[0]).toBeGreaterThan(0.01);
  });

  it("fills timings, model versions and a perceptual hash", async () => {
    const record = await analyzed("side-runner-street-kurrasch-unsplash.jpg");
    expect(record.timings.total).toBeGreaterThanOrEqual(record.timings.detect + record.timings.pose);
    expect(Object.keys(record.models).sort()).toEqual(
      [
        "blazeface",
        "centernet",
        "emotion",
        "faceres",
        "facemesh",
        "iris",
        "movenet-lightning",
        "ocr-det",
        "ocr-rec",
      ].sort(),
    );
    expect(record.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(record.height).toBeGreaterThan(record.width); // a portrait frame, as displayed
  });

  describe("bad photos", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "stridelight-analyzer-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("returns a failed record, never throws", async () => {
      const garbage = join(dir, "not-a-photo.jpg");
      writeFileSync(garbage, "this is not a JPEG at all, just text pretending to be one");
      const missing = join(dir, "missing.jpg");
      for (const file of [garbage, missing]) {
        const record = AnyRecord.parse(await analyzer.analyze(file));
        const failed = FailedRecord.parse(record);
        expect(failed.file).toBe(file);
        expect(failed.error.message.length).toBeGreaterThan(0);
      }
      const failed = FailedRecord.parse(await analyzer.analyze(missing));
      expect(failed.error.code).toBe("not-found");
    });
  });
});
