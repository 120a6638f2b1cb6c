/**
 * The reader's second looks on rendered scenes with the real OCR models: a tilted torso is levelled from its
 * shoulder and hip lines, and a bib too small for the working raster is read in a larger decode of the photo.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEYPOINT_NAMES, type Keypoint, type Runner } from "../../core/domain/analysis.ts";
import type { RgbImage } from "../../core/domain/ports.ts";
import { DEFAULT_TILT } from "../../core/domain/bib/index.ts";
import { BibReader } from "../../core/pipeline/bib-reader.ts";
import type { LargerImage } from "../../core/pipeline/larger-image.ts";

/** A runner-shaped figure centred on x = 0: head, shirt with a bib, legs (shoulders y = 150, hips y = 365). */
function figure(print: string): string {
  return `
    <circle cx="0" cy="95" r="38" fill="#c98f6b"/>
    <rect x="-75" y="140" width="150" height="230" rx="20" fill="#1f5fbf"/>
    <rect x="-60" y="200" width="120" height="78" fill="#fff" stroke="#333" stroke-width="2"/>
    <text x="0" y="260" font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold" font-size="50"
      text-anchor="middle" fill="#000">${print}</text>
    <rect x="-60" y="370" width="45" height="200" fill="#222"/>
    <rect x="15" y="370" width="45" height="200" fill="#222"/>`;
}

/** The runner the analyzer would report for the figure drawn at (tx, ty), scaled by s and turned by deg. */
function placed(tx: number, ty: number, s: number, deg: number, size: { w: number; h: number }): Runner {
  const a = (deg * Math.PI) / 180;
  const at = (x: number, y: number): Keypoint => [
    (tx + s * (x * Math.cos(a) - y * Math.sin(a))) / size.w,
    (ty + s * (x * Math.sin(a) + y * Math.cos(a))) / size.h,
    0.9,
  ];
  const points: Partial<Record<(typeof KEYPOINT_NAMES)[number], Keypoint>> = {
    left_shoulder: at(65, 150),
    right_shoulder: at(-65, 150),
    left_hip: at(45, 365),
    right_hip: at(-45, 365),
  };
  const keypoints = Object.fromEntries(KEYPOINT_NAMES.map((n) => [n, points[n] ?? at(0, 300)]));
  const corners = [at(-80, 50), at(80, 50), at(-80, 575), at(80, 575)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return {
    box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    score: 0.9,
    keypoints: keypoints as Runner["keypoints"],
    poseScore: 0.8,
  };
}

async function render(svg: string, resize?: number): Promise<RgbImage> {
  let pipeline = sharp(Buffer.from(svg)).removeAlpha();
  if (resize) pipeline = pipeline.resize({ width: resize });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

let reader: BibReader;
let level: BibReader;
beforeAll(async () => {
  reader = await BibReader.openDefault();
  // The same reader that never turns a torso: what the tilt correction is measured against.
  level = await BibReader.openDefault({ tilt: { ...DEFAULT_TILT, minAngle: 10 } });
});
afterAll(async () => {
  await Promise.all([reader?.close(), level?.close()]);
});

/**
 * Bib 5816 on a runner at `scale` in the middle of a 3600 x 2400 scene: the 900 px working raster, the runner on
 * it, and the full decode as a larger image that counts how often it is loaded.
 */
async function smallPrint(scale: number) {
  const size = { w: 3600, h: 2400 };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size.w}" height="${size.h}">
      <rect width="100%" height="100%" fill="#7a9a6a"/>
      <g transform="translate(1800 900) scale(${scale})">${figure("5816")}</g></svg>`;
  const full = await render(svg);
  let loads = 0;
  const larger: LargerImage = {
    factor: 4,
    load: () => {
      loads += 1;
      return Promise.resolve(full);
    },
  };
  return {
    working: await render(svg, 900),
    runner: placed(1800, 900, scale, 0, size),
    larger,
    loads: () => loads,
  };
}

describe("second looks", () => {
  it("levels a tilted torso from its shoulder and hip lines before reading", async () => {
    const size = { w: 900, h: 700 };
    const image = await render(`<svg xmlns="http://www.w3.org/2000/svg" width="${size.w}" height="${size.h}">
      <rect width="100%" height="100%" fill="#7a9a6a"/>
      <g transform="translate(450 60) rotate(28)">${figure("4725")}</g></svg>`);
    const runner = placed(450, 60, 1, 28, size);
    expect((await reader.readBibs(image, [runner]))[0]?.bib).toBe("4725");
    expect((await level.readBibs(image, [runner]))[0]?.bib ?? null).not.toBe("4725");
  });

  it("reads a bib too small for the working raster in the larger decode, loaded once", async () => {
    const { working, runner, larger, loads } = await smallPrint(0.4);
    expect((await reader.readBibs(working, [runner]))[0]?.bib ?? null).toBeNull();
    expect((await reader.readBibs(working, [runner], larger))[0]?.bib).toBe("5816");
    expect(loads()).toBe(1);
  });
});

describe("confirming a sure read of small print", () => {
  it("reads it again in the larger decode and keeps it when that agrees", async () => {
    const { working, runner, larger, loads } = await smallPrint(0.55);
    const texts = await reader.readTexts(working, [runner]);
    const line = texts[0]!.lines.find((l) => l.passes[0]!.text === "5816");
    // Sure at working size, on print under DEFAULT_REREAD.confirmPrintPx: a candidate for confirmation.
    expect(line && line.box.h).toBeLessThan(16);
    const confirmed = await reader.readTexts(working, [runner], larger);
    expect(loads()).toBe(1);
    expect(confirmed[0]!.lines.some((l) => (l.rereads ?? []).some((r) => r.text === "5816"))).toBe(true);
    expect((await reader.readBibs(working, [runner], larger))[0]?.bib).toBe("5816");
  });
});
