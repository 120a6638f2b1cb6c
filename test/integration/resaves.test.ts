/**
 * Re-saved copies (core/adapters/image-resaves.ts): a photo saved again as photos travel — upright pixels, the
 * capture time kept, a tenth smaller for resize-90 — and, on licensed runners (test/fixtures/photos, Unsplash
 * Licence) analyzed by the real models, the same judgement as the original's: a photographer sees no difference, so
 * the main runner, the flags and the running style must not move. The same comparison over the dev set, with every
 * figure, is `npm run eval:resaves`.
 */
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { AnalysisRecord } from "../../core/domain/analysis.ts";
import { iou } from "../../core/domain/persons.ts";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { decodePhoto } from "../../core/adapters/image-decoder.ts";
import { makeResave, RESAVE_SETTINGS, RESAVES } from "../../core/adapters/image-resaves.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { DEFAULT_SCORING_OPTIONS, scoreShoot } from "../../core/domain/scoring.ts";
import { Analyzer } from "../../core/pipeline/index.ts";
import {
  colourAt,
  jpegWithExif,
  makeTempDir,
  near,
  put,
  QUADRANTS,
  quadrantPattern,
  removeTempDir,
  storedForOrientation,
} from "../helpers/make-photos.ts";

const PHOTOS = resolve(import.meta.dirname, "../fixtures/photos");
const RUNNERS = [
  "side-jogger-waterfront-chander-unsplash.jpg",
  "side-jogger-woman-tanglao-unsplash.jpg",
  "side-runner-street-kurrasch-unsplash.jpg",
];

/** The prior keeper head, as the ONNX head computes it. */
const head = (rows: readonly (readonly number[])[]) =>
  rows.map((r) => keeperReference(PRIOR_KEEPER_WEIGHTS, r));

/** One scratch folder for the copies, gone after the file's tests. */
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

describe("a re-saved copy", () => {
  it("is upright, keeps the capture time and, resized, is a tenth smaller", async () => {
    // A portrait camera frame: stored sideways, tagged 6, with its capture time.
    const displayed = quadrantPattern(80, 120);
    const stored = storedForOrientation(displayed, 6);
    const original = await put(
      dir,
      "tagged-6.jpg",
      await jpegWithExif(stored, {
        orientation: 6,
        exifWidth: stored.width,
        exifHeight: stored.height,
        dateTimeOriginal: "2026:05:01 10:00:00",
      }),
    );
    const exiftool = ExifToolAdapter.start();
    onTestFinished(() => exiftool.end());
    for (const resave of RESAVES) {
      const copy = join(dir, `${resave}.jpg`);
      await makeResave(original, copy, resave);
      const result = await decodePhoto(copy, { maxSide: 512, exiftool });
      if (!result.ok) throw result.error;
      const photo = result.value;
      const scale = RESAVE_SETTINGS[resave].scale;
      expect([photo.width, photo.height]).toEqual([Math.round(80 * scale), Math.round(120 * scale)]);
      expect(photo.capture.time).toMatch(/^2026-05-01T10:00:00/);
      expect(near(colourAt(photo.image, 0.25, 0.25), QUADRANTS.topLeft)).toBe(true);
      expect(near(colourAt(photo.image, 0.75, 0.75), QUADRANTS.bottomRight)).toBe(true);
    }
  });
});

describe("the judgement of a re-saved runner", () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await Analyzer.open({ bibs: false });
  });
  afterAll(async () => {
    await analyzer.close();
  });

  it("keeps the main runner, the flags and the running style of the original", async () => {
    for (const photo of RUNNERS) {
      const source = join(PHOTOS, photo);
      const records = [AnalysisRecord.parse(await analyzer.analyze(source))];
      for (const resave of RESAVES) {
        const copy = join(dir, `${resave}-${photo}`);
        await makeResave(source, copy, resave);
        records.push(AnalysisRecord.parse(await analyzer.analyze(copy)));
      }
      // Each scored alone, as a photo that has no shoot: the copies must not lean on each other.
      const scored = [];
      for (const r of records) scored.push((await scoreShoot([r], DEFAULT_SCORING_OPTIONS, head))[0]!);
      const [original, ...copies] = scored;
      for (const [i, copy] of copies.entries()) {
        const what = `${RESAVES[i]} of ${photo}`;
        const [a, b] = [original!.runners[original!.prominent!]!, copy.runners[copy.prominent!]!];
        expect(iou(a.box, b.box), what).toBeGreaterThanOrEqual(0.8);
        expect(copy.flags, what).toEqual(original!.flags);
        expect(Math.abs(copy.runningStyle! - original!.runningStyle!), what).toBeLessThan(0.1);
        expect(Math.abs(copy.keeper - original!.keeper), what).toBeLessThan(0.15);
      }
    }
  });
});
