/**
 * decodePhoto on real sharp and real exiftool: orientations, formats, capture time, working size, alpha.
 * Every file is built by the test (test/helpers/make-photos.ts) or is a licensed fixture.
 */
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import sharp, { type Sharp } from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisRecord, Capture, Source } from "../../core/domain/analysis.ts";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { decodePhoto } from "../../core/adapters/image-decoder.ts";
import type { DecodedPhoto } from "../../core/domain/ports.ts";
import {
  QUADRANTS,
  colourAt,
  exifSegment,
  jpegWithExif,
  makeTempDir,
  near,
  put,
  quadrantPattern,
  removeTempDir,
  storedForOrientation,
  type Rgb,
} from "../helpers/make-photos.ts";

let exiftool: ExifToolAdapter;
let dir: string;

beforeAll(async () => {
  exiftool = ExifToolAdapter.start();
  dir = await makeTempDir();
});
afterAll(async () => {
  await exiftool.end();
  await removeTempDir(dir);
});

async function decoded(file: string, maxSide = 512): Promise<DecodedPhoto> {
  const result = await decodePhoto(file, { maxSide, exiftool });
  if (!result.ok) throw result.error;
  return result.value;
}

function expectQuadrants(image: DecodedPhoto["image"]): void {
  const seen: Record<string, Rgb> = {
    topLeft: colourAt(image, 0.25, 0.25),
    topRight: colourAt(image, 0.75, 0.25),
    bottomLeft: colourAt(image, 0.25, 0.75),
    bottomRight: colourAt(image, 0.75, 0.75),
  };
  for (const [corner, colour] of Object.entries(QUADRANTS)) {
    expect(
      near(seen[corner]!, colour),
      `${corner}: saw ${seen[corner]!.join(",")}, wanted ${colour.join(",")}`,
    ).toBe(true);
  }
}

/** The displayed frame: landscape 120x80, so a wrong turn also shows in the size. */
const displayed = quadrantPattern(120, 80);

describe("EXIF orientation", () => {
  for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`shows orientation ${orientation} the way the photographer framed it`, async () => {
      const stored = storedForOrientation(displayed, orientation);
      const jpeg = await jpegWithExif(stored, {
        orientation,
        exifWidth: stored.width,
        exifHeight: stored.height,
      });
      const photo = await decoded(await put(dir, `orientation-${orientation}.jpg`, jpeg));
      expect([photo.width, photo.height]).toEqual([120, 80]);
      expect([photo.image.width, photo.image.height]).toEqual([120, 80]);
      expect(photo.image.data.length).toBe(120 * 80 * 3);
      expect(photo.source.orientation).toBe(orientation);
      expect(photo.warnings).toEqual([]);
      expectQuadrants(photo.image);
    });
  }

  it("treats orientation 0 as 1 and says so", async () => {
    const jpeg = await jpegWithExif(displayed, { orientation: 0 });
    const photo = await decoded(await put(dir, "orientation-0.jpg", jpeg));
    expect(photo.source.orientation).toBeNull();
    expect(photo.warnings.join()).toMatch(/orientation 0 is not a valid value/);
    expectQuadrants(photo.image);
  });

  it("treats an out-of-range orientation (9) as 1", async () => {
    const photo = await decoded(
      await put(dir, "orientation-9.jpg", await jpegWithExif(displayed, { orientation: 9 })),
    );
    expect(photo.warnings.join()).toMatch(/orientation 9/);
    expectQuadrants(photo.image);
  });

  it("does not turn again pixels that a tool already turned but left tagged 6", async () => {
    // A portrait frame stored upright, still tagged 6, camera size recorded as the landscape sensor.
    const upright = quadrantPattern(80, 120);
    const jpeg = await jpegWithExif(upright, { orientation: 6, exifWidth: 6000, exifHeight: 4000 });
    const photo = await decoded(await put(dir, "already-rotated-6.jpg", jpeg));
    expect([photo.width, photo.height]).toEqual([80, 120]);
    expect(photo.source.orientation).toBe(6);
    expect(photo.warnings.join()).toMatch(/already turned/);
    expectQuadrants(photo.image);
  });

  it("turns a resized camera frame tagged 6 whose shape still matches the sensor", async () => {
    const stored = storedForOrientation(displayed, 6);
    const jpeg = await jpegWithExif(stored, { orientation: 6, exifWidth: 4000, exifHeight: 6000 });
    const photo = await decoded(await put(dir, "resized-6.jpg", jpeg));
    expect([photo.width, photo.height]).toEqual([120, 80]);
    expect(photo.warnings).toEqual([]);
    expectQuadrants(photo.image);
  });
});

describe("formats sharp decodes", () => {
  const encoders: Record<string, (s: Sharp) => Sharp> = {
    png: (s) => s.png(),
    tiff: (s) => s.tiff(),
    webp: (s) => s.webp({ lossless: true }),
    avif: (s) => s.avif({ lossless: true }),
  };
  for (const [format, encode] of Object.entries(encoders)) {
    it(`decodes ${format.toUpperCase()}`, async () => {
      const raw = sharp(displayed.data, { raw: { width: 120, height: 80, channels: 3 } });
      const file = await put(dir, `pattern.${format}`, await encode(raw).toBuffer());
      const photo = await decoded(file);
      expect(photo.source.format).toBe(format);
      expect(photo.source.raw).toBe(false);
      expect([photo.width, photo.height]).toEqual([120, 80]);
      expectQuadrants(photo.image);
    });
  }

  it("decodes a .nef that is really a JPEG as JPEG, with a warning", async () => {
    const file = await put(dir, "renamed.nef", await jpegWithExif(displayed, { orientation: 1 }));
    const photo = await decoded(file);
    expect(photo.source.format).toBe("jpeg");
    expect(photo.source.raw).toBe(false);
    expect(photo.warnings.join()).toMatch(/name says NEF but the contents are JPEG/);
    expectQuadrants(photo.image);
  });

  it("flattens transparency onto white and hands over exactly 3 channels", async () => {
    const rgba = Buffer.alloc(40 * 40 * 4);
    for (let i = 0; i < 40 * 40; i++) rgba.set(i < 800 ? [0, 0, 255, 0] : [200, 0, 0, 255], i * 4);
    const file = await put(
      dir,
      "alpha.png",
      await sharp(rgba, { raw: { width: 40, height: 40, channels: 4 } })
        .png()
        .toBuffer(),
    );
    const photo = await decoded(file);
    expect(photo.image.data.length).toBe(40 * 40 * 3);
    expect(colourAt(photo.image, 0.5, 0.2)).toEqual([255, 255, 255]);
    expect(near(colourAt(photo.image, 0.5, 0.8), [200, 0, 0], 2)).toBe(true);
  });

  it("turns a greyscale JPEG into RGB", async () => {
    const grey = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#777777" } })
      .greyscale()
      .jpeg()
      .toBuffer();
    const photo = await decoded(await put(dir, "grey.jpg", grey));
    expect(photo.image.data.length).toBe(64 * 48 * 3);
  });

  it("turns a CMYK JPEG and a 16-bit PNG into 8-bit RGB of the same colours", async () => {
    // A print shop's CMYK export and a 16-bit PNG from a raw converter: both met when scoring odd files.
    const orange = sharp({ create: { width: 64, height: 48, channels: 3, background: "#d06020" } });
    const cmyk = await orange.clone().toColourspace("cmyk").jpeg({ quality: 95 }).toBuffer();
    const sixteen = await orange.clone().toColourspace("rgb16").png().toBuffer();
    // The CMYK round trip is not exact (black generation, the generic profile): the colour to expect is what the
    // file holds, read back to sRGB.
    const centre = async (bytes: Buffer): Promise<Rgb> => {
      const { data, info } = await sharp(bytes)
        .toColourspace("srgb")
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const i = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
      return [data[i]!, data[i + 1]!, data[i + 2]!];
    };
    for (const [name, bytes, colour] of [
      ["cmyk.jpg", cmyk, await centre(cmyk)],
      ["sixteen.png", sixteen, [0xd0, 0x60, 0x20] as Rgb],
    ] as const) {
      const photo = await decoded(await put(dir, name, bytes));
      expect(photo.image.data.length).toBe(64 * 48 * 3);
      expect(colourAt(photo.image, 0.5, 0.5)).toSatisfy((c: Rgb) => near(c, colour, 3));
    }
  });
});

describe("working size", () => {
  it("shrinks a 24 MP frame tagged 6 on load to the long side asked for, keeping the full size in width/height", async () => {
    const plain = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: "#336699" } })
      .jpeg()
      .toBuffer();
    // Tagged 6, so the turn must come after the shrink for shrink-on-load to stay on.
    const big = Buffer.concat([
      plain.subarray(0, 2),
      exifSegment({ orientation: 6, exifWidth: 6000, exifHeight: 4000 }),
      plain.subarray(2),
    ]);
    const file = await put(dir, "big.jpg", big);
    const photo = await decoded(file, 512);
    expect([photo.width, photo.height]).toEqual([4000, 6000]);
    expect([photo.image.width, photo.image.height]).toEqual([341, 512]);
    expect(photo.image.data.length).toBe(512 * 341 * 3);
    // Without shrink-on-load our call (full decode + resize + exiftool + hash) could not beat a bare full decode.
    const fastest = async (run: () => Promise<unknown>): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await run();
        times.push(performance.now() - t0);
      }
      return Math.min(...times);
    };
    const fullDecode = await fastest(() => sharp(big).raw().toBuffer());
    const ours = await fastest(() => decoded(file, 512));
    expect(ours).toBeLessThan(fullDecode);
  });

  it("never enlarges a small photo", async () => {
    const photo = await decoded(await put(dir, "small.jpg", await jpegWithExif(displayed, {})), 1536);
    expect([photo.image.width, photo.image.height]).toEqual([120, 80]);
  });
});

describe("identity and capture", () => {
  it("hashes the file bytes and reads sub-second capture time, camera, lens and exposure", async () => {
    const jpeg = await jpegWithExif(displayed, {
      orientation: 1,
      make: "NIKON CORPORATION",
      model: "NIKON Z 9",
      dateTimeOriginal: "2023:12:31 09:53:54",
      subSecTimeOriginal: "07",
      offsetTimeOriginal: "+08:00",
      exposureTime: [1, 1600],
      focalLength: [400, 1],
      lensModel: "NIKKOR Z 400mm f/2.8 TC VR S",
    });
    const file = await put(dir, "capture.jpg", jpeg);
    const photo = await decoded(file);
    expect(photo.source.sha256).toBe(createHash("sha256").update(jpeg).digest("hex"));
    expect(photo.source.bytes).toBe(jpeg.length);
    expect(Source.parse(photo.source)).toEqual(photo.source);
    expect(Capture.parse(photo.capture)).toEqual({
      time: "2023-12-31T09:53:54.070+08:00",
      epochMs: Date.UTC(2023, 11, 31, 1, 53, 54, 70),
      camera: "Nikon Z 9",
      lens: "NIKKOR Z 400mm f/2.8 TC VR S",
      focalLength: 400,
      exposureTime: 1 / 1600,
    });
  });

  it("decodes every licensed fixture photo into a record-ready shape", async () => {
    const folder = join(import.meta.dirname, "../fixtures/photos");
    const names = (await readdir(folder)).filter((f) => f.endsWith(".jpg"));
    const manifest = JSON.parse(await readFile(join(folder, "manifest.json"), "utf8")) as {
      file: string;
      width: number;
      height: number;
      sha256: string;
    }[];
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const photo = await decoded(join(folder, name), 640);
      const entry = manifest.find((m) => m.file === name);
      expect(photo.source.sha256).toBe(entry?.sha256);
      expect([photo.width, photo.height]).toEqual([entry?.width, entry?.height]);
      expect(Math.max(photo.image.width, photo.image.height)).toBeLessThanOrEqual(640);
      const record = {
        schema: "stridelight.analysis/1",
        file: name,
        width: photo.width,
        height: photo.height,
        source: photo.source,
        capture: photo.capture,
        runners: [],
        prominent: null,
        faces: [],
        models: {},
        timings: { decode: 0, detect: 0, pose: 0, face: 0, total: 0 },
        warnings: [...photo.warnings],
      };
      expect(AnalysisRecord.safeParse(record).success).toBe(true);
    }
  });
});
