/**
 * The iris model through our eye crop on eyes the test draws (open and shut, level and tilted, as a left and as a
 * mirrored right eye; small on the working raster, read from a larger decode), and the analyzer keeping quiet about
 * the eyes of a small face in profile.
 */
import { join, resolve } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisRecord } from "../../core/domain/analysis.ts";
import {
  eyeShape,
  eyesVerdict,
  judgeable,
  openProbability,
  sampleEye,
  type EyeCrop,
} from "../../core/domain/eyes.ts";
import type { ModelRunner, RgbImage } from "../../core/domain/ports.ts";
import { openModel } from "../../core/models/registry.ts";
import { Analyzer } from "../../core/pipeline/index.ts";
import type { LargerImage } from "../../core/pipeline/larger-image.ts";
import { IrisModel, type FaceLandmarks } from "../../core/pipeline/models/index.ts";

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

/**
 * A face's two eyes drawn `width` px wide at (cx ± width * 2.5, cy) on skin, open or shut, each with a brow; the
 * whole scene scaled by `scale` when rendered.
 */
function drawnPair(open: boolean, width: number, scale: number): string {
  const [cx, cy, w] = [800, 500, width];
  const eye = (x: number) => {
    const almond = `M${x - w / 2} ${cy} Q${x} ${cy - 0.35 * w} ${x + w / 2} ${cy} Q${x} ${cy + 0.25 * w} ${x - w / 2} ${cy} Z`;
    const brow = `<path d="M${x - 0.75 * w} ${cy - 0.35 * w} Q${x} ${cy - 0.7 * w} ${x + 0.75 * w} ${cy - 0.35 * w}" stroke="#5a3a2a" stroke-width="${w / 10}" fill="none"/>`;
    const inside = open
      ? `<path d="${almond}" fill="#f4f1ee" stroke="#6b4a3a"/>` +
        `<circle cx="${x}" cy="${cy - 0.03 * w}" r="${0.18 * w}" fill="#4a6a8a"/><circle cx="${x}" cy="${cy - 0.03 * w}" r="${0.08 * w}"/>`
      : `<path d="M${x - w / 2} ${cy} Q${x} ${cy + 0.15 * w} ${x + w / 2} ${cy}" stroke="#4b2e22" stroke-width="${w / 25}" fill="none"/>`;
    return brow + inside;
  };
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${1600 * scale}" height="${1000 * scale}">` +
    `<g transform="scale(${scale})"><rect width="1600" height="1000" fill="#d9a88a"/>` +
    `${eye(cx - 1.25 * w)}${eye(cx + 1.25 * w)}</g></svg>`
  );
}

/** FaceMesh's output for drawnPair at working scale `s`, in working pixels: only the four eye corners the crop uses. */
function pairLandmarks(width: number, s: number): FaceLandmarks {
  const mesh = new Float32Array(468 * 3);
  const [cx, cy, w] = [800 * s, 500 * s, width * s];
  const put = (i: number, x: number) => mesh.set([x, cy, 0], i * 3);
  // The subject's right eye is on the image's left: outer corner 33 at its left end, inner 133 at its right.
  put(33, cx - 1.25 * w - w / 2);
  put(133, cx - 1.25 * w + w / 2);
  put(362, cx + 1.25 * w - w / 2);
  put(263, cx + 1.25 * w + w / 2);
  return { mesh, region: { x: 0, y: 0, width: 1600 * s, height: 1000 * s }, inputSide: 1600 * s };
}

describe("eyes the working raster shows small, read from a larger decode", () => {
  let iris: IrisModel;
  beforeAll(async () => {
    iris = new IrisModel(await openModel("iris", { intraOpThreads: 1 }));
  });
  afterAll(async () => {
    await iris.runner.close();
  });

  it.each([true, false])(
    "open=%s: cut from the decode four times larger, loaded once for both eyes",
    async (open) => {
      // Eyes 40 px wide in the photo, 10 px on a working raster a quarter of its size.
      const working = await render(drawnPair(open, 40, 0.25));
      let loads = 0;
      const larger: LargerImage = {
        factor: 4,
        load: async () => {
          loads += 1;
          return render(drawnPair(open, 40, 1));
        },
      };
      const [eyes] = await iris.eyes(working, [pairLandmarks(40, 0.25)], larger);
      expect(loads).toBe(1);
      for (const eye of eyes!) {
        expect(eye.widthPx).toBeCloseTo(40, 5);
        expect(judgeable(eye)).toBe(true);
      }
      const verdict = eyesVerdict(...eyes!);
      if (open) expect(verdict.eyesOpen).toBeGreaterThan(0.9);
      else expect(verdict.eyesOpen).toBeLessThan(0.1);
    },
  );

  it("reads eyes the working raster already shows large enough where they are, without decoding", async () => {
    const working = await render(drawnPair(true, 40, 1));
    const larger: LargerImage = {
      factor: 4,
      load: () => Promise.reject(new Error("not needed")),
    };
    const [eyes] = await iris.eyes(working, [pairLandmarks(40, 1)], larger);
    expect(eyes!.map((e) => e.widthPx)).toEqual([40, 40]);
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
