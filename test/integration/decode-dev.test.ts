/**
 * Every file of the evaluation set decodes (the CR3 through its embedded preview), and the rest (notes, labels)
 * are refused as not-an-image. Reads ../shared/data/dev in place, never copies it; skips without it.
 */
import { existsSync, readdirSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Capture, Source } from "../../core/domain/analysis.ts";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { decodePhoto } from "../../core/adapters/image-decoder.ts";

const DEV = resolve(import.meta.dirname, "../../../shared/data/dev");
const present = existsSync(DEV);
const NOT_PHOTOS = new Set([".json", ".md"]);

describe.skipIf(!present)(`decoding the evaluation photos in ${DEV}`, () => {
  let exiftool: ExifToolAdapter;
  beforeAll(() => {
    exiftool = ExifToolAdapter.start();
  });
  afterAll(async () => {
    await exiftool.end();
  });

  it("decodes every photo and refuses every non-photo", async () => {
    const files = readdirSync(DEV).sort();
    const times: number[] = [];
    const failures: string[] = [];
    for (const name of files) {
      const started = performance.now();
      const result = await decodePhoto(join(DEV, name), { maxSide: 1024, exiftool });
      times.push(performance.now() - started);
      if (NOT_PHOTOS.has(extname(name))) {
        if (result.ok || result.error.code !== "not-an-image")
          failures.push(`${name}: should be not-an-image`);
        continue;
      }
      if (!result.ok) {
        failures.push(result.error.message);
        continue;
      }
      const photo = result.value;
      Source.parse(photo.source);
      Capture.parse(photo.capture);
      expect(Math.max(photo.image.width, photo.image.height)).toBeLessThanOrEqual(1024);
      expect(photo.image.data.length).toBe(photo.image.width * photo.image.height * 3);
      if (name.endsWith(".cr3"))
        expect(photo.source).toMatchObject({ raw: true, preview: "QuickTime:PreviewImage" });
    }
    expect(failures).toEqual([]);
    times.sort((a, b) => a - b);
    console.log(
      `${files.length} files, median decode at 1024 px: ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms`,
    );
  });
});

describe.skipIf(present)("evaluation photos", () => {
  it.skip(`skipped: ${DEV} is absent (evaluation data is not part of the repository)`, () => {});
});
