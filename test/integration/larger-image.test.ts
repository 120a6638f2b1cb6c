/**
 * The larger decode of a real photo (the fixture, the real decoder and ExifTool): the same photo at the factor
 * asked, up to its full resolution, decoded once per size; a look that needs no more pixels reuses a larger decode.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { decodePhoto } from "../../core/adapters/image-decoder.ts";
import type { DecodedPhoto } from "../../core/domain/ports.ts";
import { largerImageOf } from "../../core/pipeline/larger-image.ts";

const FILE = join(import.meta.dirname, "../fixtures/photos/side-runner-street-kurrasch-unsplash.jpg");

describe("the larger decode of a real photo", () => {
  let exiftool: ExifToolAdapter;
  let photo: DecodedPhoto;
  beforeAll(async () => {
    exiftool = ExifToolAdapter.start();
    const decoded = await decodePhoto(FILE, { maxSide: 600, exiftool });
    if (!decoded.ok) throw new Error(decoded.error.message);
    photo = decoded.value;
  });
  afterAll(async () => {
    await exiftool.end();
  });

  it("is the same photo at the factor asked, up to its full resolution", async () => {
    const larger = largerImageOf(photo, exiftool);
    expect(larger.factor).toBeCloseTo(Math.max(photo.width, photo.height) / 600, 5);
    const twice = await larger.load(2);
    expect(twice && Math.max(twice.width, twice.height)).toBe(1200);
    expect(twice!.width / twice!.height).toBeCloseTo(photo.image.width / photo.image.height, 2);
    const whole = await larger.load(100);
    expect(whole && Math.max(whole.width, whole.height)).toBe(Math.max(photo.width, photo.height));
  });

  it("decodes once per size, and a look that needs fewer pixels reads the smallest decode that has them", async () => {
    const larger = largerImageOf(photo, exiftool);
    const three = await larger.load(3);
    expect(await larger.load(3)).toBe(three);
    expect(await larger.load(1.5)).toBe(three);
    const five = await larger.load(5);
    expect(five && Math.max(five.width, five.height)).toBe(3000);
    expect(await larger.load(2)).toBe(three);
    expect(await larger.load(4)).toBe(five);
  });
});
