/**
 * Race photos are rarely clean: agencies stamp watermarks across them and evening finishes are shot with flash
 * against a black background. The same licensed runner, watermarked and made into a night-flash frame by the test
 * itself, must still be found, posed and chosen, and the watermark must never be read as a bib.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisRecord, type Box } from "../../core/domain/analysis.ts";
import { iou } from "../../core/domain/persons.ts";
import { Analyzer } from "../../core/pipeline/index.ts";

const SOURCE = resolve(import.meta.dirname, "../fixtures/photos/side-runner-street-kurrasch-unsplash.jpg");

function watermarkSvg(width: number, height: number): Buffer {
  const rows = Array.from({ length: 6 }, (_, i) => {
    const y = Math.round(((i + 0.7) * height) / 6);
    return `<text x="${width / 2}" y="${y}" text-anchor="middle" font-size="${Math.round(width / 11)}" font-family="sans-serif" font-weight="bold" fill="white" fill-opacity="0.45" transform="rotate(-20 ${width / 2} ${y})">RACEPIX 2026 · 8848</text>`;
  });
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rows.join("")}</svg>`,
  );
}

async function makeVariants(dir: string): Promise<Record<string, string>> {
  const base = sharp(SOURCE).rotate().resize({ width: 1600 });
  const { width, height } = await base
    .clone()
    .toBuffer({ resolveWithObject: true })
    .then((r) => r.info);
  const files = {
    original: join(dir, "original.jpg"),
    watermark: join(dir, "watermark.jpg"),
    night: join(dir, "night.jpg"),
  };
  await base.clone().jpeg({ quality: 90 }).toFile(files.original);
  await base
    .clone()
    .composite([{ input: watermarkSvg(width, height) }])
    .jpeg({ quality: 90 })
    .toFile(files.watermark);
  // Flash at night: the subject lit, everything falls to near black with a hard vignette, and sensor noise.
  const vignette = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><radialGradient id="g" cx="50%" cy="50%" r="60%"><stop offset="35%" stop-color="black" stop-opacity="0"/><stop offset="100%" stop-color="black" stop-opacity="0.92"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`,
  );
  await base
    .clone()
    .linear(0.4, -18)
    .gamma(2.2, 2.2)
    .composite([{ input: vignette }])
    .jpeg({ quality: 85 })
    .toFile(files.night);
  return files;
}

describe("hard race photos: watermark and night flash", () => {
  let analyzer: Analyzer;
  let dir: string;
  const records: Record<string, AnalysisRecord> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "stridelight-hard-"));
    const files = await makeVariants(dir);
    analyzer = await Analyzer.open({});
    for (const [name, file] of Object.entries(files))
      records[name] = AnalysisRecord.parse(await analyzer.analyze(file));
  });
  afterAll(async () => {
    await analyzer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const prominentBox = (r: AnalysisRecord): Box => r.runners[r.prominent!]!.box;

  it.each(["watermark", "night"])("finds and poses the same runner on the %s frame", (name) => {
    const record = records[name]!;
    expect(record.prominent).not.toBeNull();
    expect(iou(prominentBox(record), prominentBox(records.original!))).toBeGreaterThan(0.7);
    const k = record.runners[record.prominent!]!.keypoints!;
    expect((k.left_hip[1] + k.right_hip[1]) / 2).toBeLessThan((k.left_knee[1] + k.right_knee[1]) / 2);
    expect((k.left_knee[1] + k.right_knee[1]) / 2).toBeLessThan((k.left_ankle[1] + k.right_ankle[1]) / 2);
  });

  it("never reads the watermark's text or year as a bib", () => {
    const bibs = records.watermark!.runners.map((r) => r.bib).filter(Boolean);
    expect(bibs).not.toContain("2026");
    expect(bibs).not.toContain("8848");
  });
});
