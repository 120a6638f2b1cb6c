import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEYPOINT_NAMES, type Box, type Keypoint, type Runner } from "../../core/domain/analysis.ts";
import type { RgbImage } from "../../core/domain/ports.ts";
import {
  BibReader,
  DEFAULT_LEGIBILITY,
  OCR_DICTIONARY,
  torsoSharpness,
} from "../../core/pipeline/bib-reader.ts";
import type { ModelRunner } from "../../core/domain/ports.ts";
import { openModel } from "../../core/models/registry.ts";
import { parseDictionary } from "../../core/domain/bib/index.ts";

const W = 900;
const H = 600;

/** A runner-shaped figure: head, torso in a shirt, a bib (or other print) on the chest, legs. */
function figure(cx: number, shirt: string, print: string, printFill: string): string {
  return `
    <circle cx="${cx}" cy="95" r="38" fill="#c98f6b"/>
    <rect x="${cx - 75}" y="140" width="150" height="230" rx="20" fill="${shirt}"/>
    <rect x="${cx - 60}" y="200" width="120" height="78" fill="${printFill}" stroke="#333" stroke-width="2"/>
    <text x="${cx}" y="260" font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold" font-size="50"
      text-anchor="middle" fill="#000">${print}</text>
    <rect x="${cx - 60}" y="370" width="45" height="200" fill="#222"/>
    <rect x="${cx + 15}" y="370" width="45" height="200" fill="#222"/>`;
}

/** The keypoints and box the analyzer would give the figure at cx (shoulders y=150, hips y=365). */
function runnerAt(cx: number): Runner {
  const at = (x: number, y: number): Keypoint => [x / W, y / H, 0.9];
  const placed: Partial<Record<(typeof KEYPOINT_NAMES)[number], Keypoint>> = {
    left_shoulder: at(cx + 65, 150),
    right_shoulder: at(cx - 65, 150),
    left_hip: at(cx + 45, 365),
    right_hip: at(cx - 45, 365),
  };
  const keypoints = Object.fromEntries(KEYPOINT_NAMES.map((n) => [n, placed[n] ?? at(cx, 300)]));
  const box: Box = [(cx - 80) / W, 50 / H, (cx + 80) / W, 575 / H];
  return { box, score: 0.9, keypoints: keypoints as Runner["keypoints"], poseScore: 0.8 };
}

async function render(svg: string): Promise<RgbImage> {
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

let reader: BibReader;
beforeAll(async () => {
  reader = await BibReader.openDefault();
});
afterAll(async () => {
  await reader?.close();
});

describe("BibReader on a rendered race scene", () => {
  it("reads each runner's own bib and ignores a time printed on a shirt", async () => {
    const image = await render(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <rect width="${W}" height="${H}" fill="#7a9a6a"/>
      ${figure(150, "#1f5fbf", "1234", "#fff")}
      ${figure(450, "#c0392b", "5678", "#fff")}
      ${figure(750, "#f1c40f", "1:23:45", "#f1c40f")}
    </svg>`);
    const bibs = await reader.readBibs(image, [runnerAt(150), runnerAt(450), runnerAt(750)]);
    expect(bibs.map((b) => b?.bib ?? null)).toEqual(["1234", "5678", null]);
    expect(bibs[0]!.confidence).toBeGreaterThan(0.95);
  });

  it("reads a small bib through the box fallback when the pose is missing", async () => {
    const image = await render(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <rect width="${W}" height="${H}" fill="#7a9a6a"/>
      <g transform="translate(300 300) scale(0.4)">${figure(0, "#1f5fbf", "C816", "#fff")}</g>
    </svg>`);
    const runner: Runner = {
      box: [268 / W, 320 / H, 332 / W, 530 / H],
      score: 0.8,
      keypoints: null,
      poseScore: 0,
    };
    expect((await reader.readBibs(image, [runner]))[0]?.bib).toBe("C816");
  });
});

describe("BibReader on two-digit bibs", () => {
  /** A runner whose plate shows `print`, and a hand (skin) over the plate's right part when `hand` is set. */
  const scene = (print: string, hand: boolean): string => `
    <svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <rect width="${W}" height="${H}" fill="#7a9a6a"/>
      ${figure(450, "#1f5fbf", print, "#fff")}
      ${hand ? `<rect x="464" y="196" width="90" height="86" rx="14" fill="#d9a07c"/>` : ""}
    </svg>`;

  it("reads a two-digit number printed whole on its plate", async () => {
    const bibs = await reader.readBibs(await render(scene("58", false)), [runnerAt(450)]);
    expect(bibs[0]?.bib).toBe("58");
  });

  it("reads nothing where a hand over the plate leaves two digits of a longer number", async () => {
    const texts = await reader.readTexts(await render(scene("583", true)), [runnerAt(450)]);
    // The recogniser sees the two digits the hand leaves; the plate beside them is skin on one side.
    expect(texts[0]!.lines.some((l) => l.passes.some((p) => p.text.replace(/\s/g, "") === "58"))).toBe(true);
    const bibs = await reader.readBibs(await render(scene("583", true)), [runnerAt(450)]);
    expect(bibs[0]).toBeNull();
  });
});

describe("BibReader under the race format the photo's other bibs show", () => {
  /** A runner-shaped figure with a wide bib (a letter and five digits). */
  const wide = (cx: number, shirt: string, print: string): string =>
    figure(cx, shirt, "", "#fff") +
    `<rect x="${cx - 72}" y="205" width="144" height="66" fill="#fff"/>
    <text x="${cx}" y="256" font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold" font-size="38"
      text-anchor="middle" fill="#000">${print}</text>`;
  const scene = (
    third: string,
  ): string => `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <rect width="${W}" height="${H}" fill="#7a9a6a"/>
      ${wide(150, "#1f5fbf", "B10437")}${wide(450, "#c0392b", "B10606")}${wide(750, "#f1c40f", third)}</svg>`;
  const runners = [runnerAt(150), runnerAt(450), runnerAt(750)];

  it("reads the letter-and-digits bibs, and no bib from a six-digit number among them", async () => {
    const lettered = await reader.readBibs(await render(scene("A00662")), runners);
    expect(lettered.map((b) => b?.bib ?? null)).toEqual(["B10437", "B10606", "A00662"]);
    // A plainly printed 4 is no letter (the recogniser sees no letter's shape in it), and six digits are not
    // this race's bib; a reader without the format reads it.
    const image = await render(scene("400662"));
    expect((await reader.readBibs(image, runners)).map((b) => b?.bib ?? null)).toEqual([
      "B10437",
      "B10606",
      null,
    ]);
    const plain = await BibReader.openDefault({ rules: { formatMinBibs: 0 } });
    try {
      expect((await plain.readBibs(image, runners))[2]?.bib).toBe("400662");
    } finally {
      await plain.close();
    }
  });
});

/** The real model, with a count of its runs: the gates are judged by the OCR they spare. */
function counted(model: ModelRunner): ModelRunner & { runs: number } {
  const wrapper = {
    ...model,
    runs: 0,
    run: (feeds: Parameters<ModelRunner["run"]>[0]) => {
      wrapper.runs += 1;
      return model.run(feeds);
    },
  };
  return wrapper;
}

describe("BibReader spends OCR only where print can be legible", () => {
  let detector: ModelRunner & { runs: number };
  let recognizer: ModelRunner & { runs: number };
  let gated: BibReader;
  beforeAll(async () => {
    detector = counted(await openModel("ocr-det"));
    recognizer = counted(await openModel("ocr-rec"));
    const dictionary = parseDictionary(readFileSync(OCR_DICTIONARY, "utf8"));
    gated = await BibReader.open({ detector, recognizer, dictionary });
  });
  afterAll(async () => {
    await gated?.close();
  });

  it("runs no text detector on a torso too short to hold legible print", async () => {
    const scale = 0.12; // the figure's torso (shoulders to hips, 215 px) becomes 26 px: print under 8 px
    const image = await render(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <rect width="${W}" height="${H}" fill="#7a9a6a"/>
      <g transform="translate(450 300) scale(${scale})">${figure(0, "#1f5fbf", "1234", "#fff")}</g>
    </svg>`);
    const at = (x: number, y: number): Keypoint => [(450 + x * scale) / W, (300 + y * scale) / H, 0.9];
    const small = runnerAt(0);
    const keypoints = {
      ...small.keypoints!,
      left_shoulder: at(65, 150),
      right_shoulder: at(-65, 150),
      left_hip: at(45, 365),
      right_hip: at(-45, 365),
    };
    const runner: Runner = {
      ...small,
      keypoints,
      box: [at(-80, 50)[0], at(0, 50)[1], at(80, 0)[0], at(0, 575)[1]],
    };
    const before = detector.runs;
    const texts = await gated.readTexts(image, [runner]);
    expect(texts[0]!.torso!.h * DEFAULT_LEGIBILITY.maxPrintShare).toBeLessThan(DEFAULT_LEGIBILITY.minPrintPx);
    expect(detector.runs - before).toBe(0);
    expect(texts[0]!.lines).toEqual([]);
  });

  it("runs no text detector on a torso blurred beyond reading, and does on the same torso sharp", async () => {
    const scene = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <rect width="${W}" height="${H}" fill="#7a9a6a"/>${figure(450, "#1f5fbf", "2718", "#fff")}</svg>`;
    const sharpImage = await render(scene);
    const { data, info } = await sharp(Buffer.from(scene))
      .blur(6)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const blurred: RgbImage = { data: new Uint8Array(data), width: info.width, height: info.height };
    const runner = runnerAt(450);
    const torso = (await gated.readTexts(sharpImage, [runner]))[0]!.torso!;
    expect(torsoSharpness(sharpImage, torso)).toBeGreaterThan(DEFAULT_LEGIBILITY.minSharpness);
    expect(torsoSharpness(blurred, torso)).toBeLessThan(DEFAULT_LEGIBILITY.minSharpness);
    const before = detector.runs;
    expect((await gated.readTexts(blurred, [runner]))[0]!.lines).toEqual([]);
    expect(detector.runs - before).toBe(0);
    expect((await gated.readBibs(sharpImage, [runner]))[0]?.bib).toBe("2718");
    expect(detector.runs - before).toBe(1);
  });

  it("reads a word once and a number with every pass", async () => {
    const image = await render(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <rect width="${W}" height="${H}" fill="#7a9a6a"/>
      ${figure(150, "#1f5fbf", "4321", "#fff")}
      ${figure(450, "#c0392b", "NIKE", "#fff")}
    </svg>`);
    const texts = await gated.readTexts(image, [runnerAt(150), runnerAt(450)]);
    const number = texts[0]!.lines.find((l) => l.passes[0]!.text.includes("4321"));
    const word = texts[1]!.lines.find((l) => /NIKE/i.test(l.passes[0]!.text));
    expect(number?.passes).toHaveLength(2);
    expect(word?.passes).toHaveLength(1);
    expect(word?.extended).toBeNull();
    expect((await gated.readBibs(image, [runnerAt(150), runnerAt(450)])).map((b) => b?.bib ?? null)).toEqual([
      "4321",
      null,
    ]);
  });
});

const DEV = join(import.meta.dirname, "../../../shared/data/dev");
const devBibPhotos = ["rbnr-set1-13.jpg", "rbnr-set2-41.jpg", "rbnr-set3-09.jpg"];
const ManifestEntry = (f: string) =>
  (
    JSON.parse(readFileSync(join(DEV, "manifest.json"), "utf8")) as Array<{
      file: string;
      width: number;
      height: number;
      bib_boxes: Array<{ x: number; y: number; w: number; h: number; number: string }>;
    }>
  ).find((e) => e.file === f)!;

describe.skipIf(!existsSync(DEV))(
  "BibReader on real race photos (skipped: ../shared/data/dev is absent)",
  () => {
    it.each(devBibPhotos)("reads the annotated bib of %s from a person box around it", async (file) => {
      const entry = ManifestEntry(file);
      const bib = entry.bib_boxes[0]!;
      const { data, info } = await sharp(join(DEV, file))
        .rotate()
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      // A person box as a detector would give it: the bib sits at about 40 % of the body's height.
      const cx = (bib.x + bib.w / 2) / entry.width;
      const cy = (bib.y + bib.h / 2) / entry.height;
      const bodyH = (bib.h * 9) / entry.height;
      const halfW = (bib.w * 1.8) / entry.width;
      const clamp = (v: number): number => Math.min(1, Math.max(0, v));
      const box: Box = [
        clamp(cx - halfW),
        clamp(cy - 0.4 * bodyH),
        clamp(cx + halfW),
        clamp(cy + 0.6 * bodyH),
      ];
      const runner: Runner = { box, score: 0.9, keypoints: null, poseScore: 0 };
      const image = { data: new Uint8Array(data), width: info.width, height: info.height };
      expect((await reader.readBibs(image, [runner]))[0]?.bib).toBe(bib.number);
    });
  },
);
