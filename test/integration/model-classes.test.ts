/**
 * The model classes on their own, with the real models: each owns its input layout, pre- and post-processing and
 * thresholds (frozen defaults), so each can be run and checked without the analyzer around it.
 */
import { resolve } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelRunner, RgbImage } from "../../core/domain/ports.ts";
import { headRegion } from "../../core/domain/faces.ts";
import { DEFAULT_PERSON_OPTIONS } from "../../core/domain/persons.ts";
import { parseDictionary } from "../../core/domain/bib/index.ts";
import { listModels, openModel } from "../../core/models/registry.ts";
import { OCR_DICTIONARY } from "../../core/pipeline/bib-reader.ts";
import {
  DEFAULT_FACE_DETECTOR,
  DEFAULT_FACE_MESH,
  DEFAULT_PERSON_DETECTOR,
  DEFAULT_POSE_ESTIMATOR,
  DEFAULT_TEXT_DETECTOR,
  DEFAULT_TEXT_RECOGNIZER,
  ExpressionModel,
  FaceDetector,
  FaceMesh,
  IrisModel,
  PersonDetector,
  PoseEstimator,
  TextDetector,
  TextRecognizer,
} from "../../core/pipeline/models/index.ts";
import { readFile } from "node:fs/promises";

const RUNNER = resolve(import.meta.dirname, "../fixtures/photos/side-runner-street-kurrasch-unsplash.jpg");
const WOMAN = resolve(import.meta.dirname, "../fixtures/photos/side-jogger-woman-tanglao-unsplash.jpg");

async function raster(input: string | Buffer, maxSide = 1536): Promise<RgbImage> {
  const { data, info } = await sharp(input)
    .rotate()
    .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe("model classes", () => {
  const runners: ModelRunner[] = [];
  const open = async (id: string) => {
    const runner = await openModel(id, { executionProvider: "cpu", intraOpThreads: 1 });
    runners.push(runner);
    return runner;
  };
  let photo: RgbImage;
  beforeAll(async () => {
    photo = await raster(RUNNER);
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.close()));
  });

  it("name registry models and keep their thresholds in frozen defaults", async () => {
    const ids = new Set((await listModels()).map((c) => c.id));
    for (const model of [PersonDetector, PoseEstimator, FaceDetector, FaceMesh, IrisModel, ExpressionModel]) {
      expect(ids.has(model.id)).toBe(true);
    }
    expect(ids.has(TextDetector.id) && ids.has(TextRecognizer.id)).toBe(true);
    const defaults = [
      DEFAULT_PERSON_DETECTOR,
      DEFAULT_POSE_ESTIMATOR,
      DEFAULT_FACE_DETECTOR,
      DEFAULT_FACE_MESH,
      DEFAULT_TEXT_DETECTOR,
      DEFAULT_TEXT_RECOGNIZER,
    ];
    for (const d of defaults) expect(Object.isFrozen(d)).toBe(true);
  });

  it("detect the runner, pose it upright, and apply their own thresholds", async () => {
    const detector = new PersonDetector(await open(PersonDetector.id));
    const persons = await detector.detect(photo);
    expect(persons.length).toBeGreaterThanOrEqual(1);
    const best = persons.reduce((a, b) => (b.score > a.score ? b : a));
    expect(best.score).toBeGreaterThan(0.4);
    const strict = new PersonDetector(detector.runner, {
      ...DEFAULT_PERSON_DETECTOR,
      persons: { ...DEFAULT_PERSON_OPTIONS, minScore: 0.999, loneMinScore: 0.999 },
    });
    expect(await strict.detect(photo)).toEqual([]);

    const pose = await new PoseEstimator(await open(PoseEstimator.id)).estimate(photo, best.box);
    const k = pose.keypoints;
    expect(pose.poseScore).toBeGreaterThan(0.35);
    expect(k.left_shoulder[1]).toBeLessThan(k.left_hip[1]);
    expect(k.left_hip[1]).toBeLessThan(k.left_ankle[1]);
  });

  it("find the runner's face with the detector's eye points on it, in working pixels", async () => {
    const image = await raster(WOMAN);
    const [person] = await new PersonDetector(await open(PersonDetector.id)).detect(image);
    const pose = await new PoseEstimator(await open(PoseEstimator.id)).estimate(image, person!.box);
    const head = headRegion(person!.box, pose.keypoints, image);
    const face = await new FaceDetector(await open(FaceDetector.id)).find(image, head!);
    expect(face).not.toBeNull();
    const { x, y, width, height } = face!.region;
    // FaceMesh's eyes are checked against these (eyes.ts MAX_EYE_OFFSET): they must lie on the face's upper half.
    for (const eye of face!.eyes) {
      expect(eye.x).toBeGreaterThan(x);
      expect(eye.x).toBeLessThan(x + width);
      expect(eye.y).toBeGreaterThan(y);
      expect(eye.y).toBeLessThan(y + height / 2);
    }
  });

  it("find and read a printed number", async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200">
      <rect width="320" height="200" fill="#f4f4f4"/>
      <text x="160" y="125" font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold" font-size="64"
        text-anchor="middle" fill="#000">4721</text></svg>`;
    const image = await raster(Buffer.from(svg));
    const detector = new TextDetector(await open(TextDetector.id));
    const whole = { x: 0, y: 0, w: image.width, h: image.height };
    const found = await detector.detect(image, whole);
    expect(found.boxes.length).toBe(1);
    const box = found.boxes[0]!;
    const k = image.width / found.size.width;
    const line = { x: box.x0 * k, y: box.y0 * k, w: (box.x1 - box.x0) * k, h: (box.y1 - box.y0) * k };
    const dictionary = parseDictionary(await readFile(OCR_DICTIONARY, "utf8"));
    const recognizer = new TextRecognizer(await open(TextRecognizer.id), dictionary);
    expect((await recognizer.read(image, line)).text).toBe("4721");
  });
});
