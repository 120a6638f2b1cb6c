/**
 * Every way a photo file can be unfit, met with a PhotoError value that names the file and the problem:
 * never a throw. Files are made by the test (test/helpers/make-photos.ts).
 */
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../core/domain/analysis.ts";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { decodePhoto, heicSupported } from "../../core/adapters/image-decoder.ts";
import { PhotoError } from "../../core/domain/ports.ts";
import { listPhotos } from "../../companion/files/photo-files.ts";
import {
  damagedJpeg,
  heicHeader,
  jpegWithExif,
  makeTempDir,
  pngDeclaring,
  put,
  removeTempDir,
  truncated,
} from "../helpers/make-photos.ts";

let exiftool: ExifToolAdapter;
let dir: string;
let goodJpeg: Buffer;

beforeAll(async () => {
  exiftool = ExifToolAdapter.start();
  dir = await makeTempDir();
  const noise = await sharp({
    create: {
      width: 400,
      height: 300,
      channels: 3,
      background: "#000",
      noise: { type: "gaussian", mean: 128, sigma: 50 },
    },
  })
    .raw()
    .toBuffer();
  goodJpeg = await jpegWithExif({ data: noise, width: 400, height: 300 }, { orientation: 1 });
});
afterAll(async () => {
  await exiftool.end();
  await removeTempDir(dir);
});

async function expectError(
  file: string,
  code: ErrorCode,
  words: RegExp,
  options: { maxPixels?: number } = {},
): Promise<PhotoError> {
  const result = await decodePhoto(file, { maxSide: 256, exiftool, ...options });
  expect(result.ok, result.ok ? "decoded although it should not" : "").toBe(false);
  if (result.ok) throw new Error("unreachable");
  expect(result.error).toBeInstanceOf(PhotoError);
  expect(result.error.code).toBe(code);
  expect(result.error.file).toBe(file);
  expect(result.error.message.startsWith(`${file}: `)).toBe(true);
  expect(result.error.message).toMatch(words);
  return result.error;
}

function bmp(): Buffer {
  const out = Buffer.alloc(14 + 40 + 16);
  out.write("BM", 0, "latin1");
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(2, 18);
  out.writeInt32LE(2, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  return out;
}

describe("files that are not there or cannot be read", () => {
  it("not-found", async () => {
    await expectError(join(dir, "IMG_0001.JPG"), "not-found", /no such file/);
  });

  it("unreadable: a folder named like a photo", async () => {
    const folder = join(dir, "folder.jpg");
    await mkdir(folder);
    await expectError(folder, "unreadable", /folder, not a photo/);
  });

  // Linux stores a name as bytes; macOS and Windows refuse a name that is not UTF-8, so there is nothing to meet.
  it.runIf(process.platform === "linux")(
    "unreadable: a file whose name is not UTF-8 (a Latin-1 name), found by listing its folder",
    async () => {
      const folder = join(dir, "latin1");
      await mkdir(folder);
      // "née.jpg" in Latin-1: é is the single byte 0xE9, which is not UTF-8.
      await writeFile(
        Buffer.concat([Buffer.from(`${folder}/n`), Buffer.from([0xe9]), Buffer.from("e.jpg")]),
        goodJpeg,
      );
      const listed = (await listPhotos([folder])).files;
      expect(listed).toHaveLength(1);
      await expectError(listed[0]!, "unreadable", /name is not valid UTF-8.*rename the file/);
    },
  );

  it.skipIf(process.getuid?.() === 0)(
    "unreadable: no permission (skipped as root, who may read anything)",
    async () => {
      const file = await put(dir, "locked.jpg", goodJpeg);
      await chmod(file, 0o000);
      await expectError(file, "unreadable", /permission denied/);
    },
  );

  it("empty-file", async () => {
    await expectError(await put(dir, "empty.jpg", ""), "empty-file", /empty \(0 bytes\)/);
  });
});

describe("files that are not photos we can decode", () => {
  it("not-an-image: a text file named .jpg", async () => {
    await expectError(
      await put(dir, "notes.jpg", "Bib 1234 finished in 3:12:45\n"),
      "not-an-image",
      /not a photo/,
    );
  });

  it("not-an-image: an HTML page saved as .cr3", async () => {
    await expectError(
      await put(dir, "page.cr3", "<!doctype html><title>Gallery</title>"),
      "not-an-image",
      /not a photo/,
    );
  });

  it("unsupported-format: BMP", async () => {
    await expectError(
      await put(dir, "scan.bmp", bmp()),
      "unsupported-format",
      /BMP images are not supported/,
    );
  });

  it("unsupported-format: HEIC without an HEVC decoder in sharp", async () => {
    const file = await put(dir, "IMG_1234.HEIC", heicHeader());
    if (heicSupported()) {
      // With an HEVC-capable libheif the stub header is simply a broken HEIC.
      await expectError(file, "corrupt", /damaged/);
    } else {
      await expectError(file, "unsupported-format", /HEIC needs an HEVC decoder/);
    }
  });
});

describe("damaged files", () => {
  it("truncated: a JPEG cut off half-way", async () => {
    await expectError(await put(dir, "cut.jpg", truncated(goodJpeg, 0.5)), "truncated", /ends too early/);
  });

  it("truncated: a PNG cut off", async () => {
    const png = await sharp(goodJpeg).png().toBuffer();
    await expectError(await put(dir, "cut.png", truncated(png, 0.6)), "truncated", /ends too early/);
  });

  it("corrupt: a JPEG whose image data is noise", async () => {
    await expectError(await put(dir, "noise.jpg", damagedJpeg(goodJpeg)), "corrupt", /damaged/);
  });
});

describe("decompression bombs", () => {
  it("too-large: refused from the header's declared size, before decoding", async () => {
    const file = await put(dir, "bomb.png", await pngDeclaring(20_000, 20_000));
    const started = performance.now();
    const error = await expectError(file, "too-large", /20000x20000 \(400 MP\), above the 250 MP limit/);
    expect(error.message).toMatch(/refused before decoding/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("too-large: the limit is configurable", async () => {
    const file = await put(dir, "modest.jpg", goodJpeg);
    await expectError(file, "too-large", /400x300 \(0\.1 MP\), above the 0\.1 MP limit/, {
      maxPixels: 100_000,
    });
    const fine = await decodePhoto(file, { maxSide: 256, exiftool, maxPixels: 120_000 });
    expect(fine.ok).toBe(true);
  });
});
