/**
 * The iris model through our eye crop on eyes the test draws (open and shut, level and tilted, as a left and as a
 * mirrored right eye), and the analyzer keeping quiet about the eyes of a small face in profile.
 */
import { join, resolve } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisRecord } from "../../core/domain/analysis.ts";
import { eyeShape, judgeable, openProbability, sampleEye, type EyeCrop } from "../../core/domain/eyes.ts";
import type { ModelRunner, RgbImage } from "../../core/domain/ports.ts";
import { openModel } from "../../core/models/registry.ts";
import { Analyzer } from "../../core/pipeline/index.ts";

const PHOTOS = resolve(import.meta.dirname, "../fixtures/photos");

/** A drawn eye 80 px wide centred at (120, 120): almond with iris and pupil, or a shut lid line; with a brow. */
function drawnEye(open: boolean, tiltDegrees: number): string {
  const almond = "M80 120 Q120 92 160 120 Q120 140 80 120 Z";
  const eye = open
    ? `<clipPath id="c"><path d="${almond}"/></clipPath><path d="${almond}" fill="#f4f1ee" stroke="#6b4a3a"/>` +
      `<g clip-path="url(#c)"><circle cx="120" cy="118" r="14" fill="#4a6a8a"/><circle cx="120" cy="118" r="6"/></g>`
    : `<path d="M80 120 Q120 132 160 120" stroke="#4b2e22" stroke-width="3" fill="none"/>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240"><rect width="240" height="240" fill="#d9a88a"/>` +
    `<g transform="rotate(${tiltDegrees} 120 120)"><path d="M60 92 Q120 62 180 92" stroke="#5a3a2a" ` +
    `stroke-width="8" fill="none"/>${eye}</g></svg>`
  );
}

async function render(svg: string): Promise<RgbImage> {
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

describe("the iris model on drawn eyes", () => {
  let iris: ModelRunner;
  beforeAll(async () => {
    iris = await openModel("iris", { intraOpThreads: 1 });
  });
  afterAll(async () => {
    await iris.close();
  });

  const cases = [true, false].flatMap((open) =>
    [0, 20].flatMap((tilt) => [false, true].map((mirrored) => ({ open, tilt, mirrored }))),
  );
  it.each(cases)("open=$open tilt=$tilt mirrored=$mirrored", async ({ open, tilt, mirrored }) => {
    const image = await render(drawnEye(open, tilt));
    const crop: EyeCrop = {
      cx: 120,
      cy: 120,
      side: 80 * 2.3,
      angle: (tilt * Math.PI) / 180,
      mirrored,
      widthPx: 80,
    };
    const input = sampleEye(image, crop, new Float32Array(64 * 64 * 3));
    const out = await iris.run({
      [iris.inputNames[0]!]: { type: "float32", data: input, dims: [1, 64, 64, 3] },
    });
    const shape = eyeShape(out[iris.outputNames[0]!]!.data as Float32Array);
    expect(judgeable({ shape, widthPx: crop.widthPx })).toBe(true);
    // the drawn almond is 80 wide and ~35 tall: the contour should find the eye where it was drawn, level
    expect(shape.widthPx).toBeGreaterThan(15);
    if (open) expect(openProbability(shape.opening)).toBeGreaterThan(0.9);
    else expect(openProbability(shape.opening)).toBeLessThan(0.1);
  });
});

describe("the analyzer's eyes on a fixture photo", () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await Analyzer.open({});
  });
  afterAll(async () => {
    await analyzer.close();
  });

  it("finds the jogger's face but does not judge eyes seen in profile at a few pixels", async () => {
    const file = join(PHOTOS, "side-jogger-waterfront-chander-unsplash.jpg");
    const record = AnalysisRecord.parse(await analyzer.analyze(file));
    expect(record.models.iris).toBeDefined();
    const face = record.faces.find((f) => f.runner === record.prominent);
    expect(face).toBeDefined();
    expect(face!.eyesOpen).toBeNull();
    expect(face!.eyes).toBeNull();
  });
});
