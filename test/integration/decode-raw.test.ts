/**
 * Camera RAW through its embedded previews (the smallest that fills the working size), read with the real exiftool. The DNGs are built by the test:
 * IFD0 holds a small JPEG preview, SubIFD the sensor data, SubIFD1 a larger JPEG preview. exiftool calls both
 * JPEGs "PreviewImage" (IFD0:PreviewImage, SubIFD1:PreviewImage); in a SubIFD2 it would say JpgFromRaw.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { decodePhoto } from "../../core/adapters/image-decoder.ts";
import {
  QUADRANTS,
  colourAt,
  dngWithoutPreview,
  makeDng,
  makeTempDir,
  near,
  put,
  quadrantPattern,
  removeTempDir,
  storedForOrientation,
  type ExifFields,
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

const camera: ExifFields = {
  make: "Canon",
  model: "Canon EOS R6",
  orientation: 6,
  exifWidth: 6000,
  exifHeight: 4000,
  dateTimeOriginal: "2024:04:21 09:12:33",
  subSecTimeOriginal: "45",
  exposureTime: [1, 2000],
  focalLength: [135, 1],
};

/** The runner as framed: a portrait shot, camera turned, so the previews are stored landscape. */
const framed = quadrantPattern(480, 640);

async function portraitDng(name: string, fields: ExifFields = camera): Promise<string> {
  const dng = await makeDng({
    smallPreview: storedForOrientation(quadrantPattern(48, 64), 6),
    largePreview: storedForOrientation(framed, 6),
    fields,
  });
  return put(dir, name, dng);
}

describe("DNG through its embedded previews", () => {
  it("exiftool names both JPEGs PreviewImage and lists the larger first", async () => {
    const listed = await exiftool.listPreviews(await portraitDng("list.dng"));
    if (!listed.ok) throw listed.error;
    expect(listed.value.map((p) => p.tag)).toEqual(["SubIFD1:PreviewImage", "IFD0:PreviewImage"]);
    expect(listed.value[0]!.bytes).toBeGreaterThan(listed.value[1]!.bytes);
  });

  it("extractLargestPreview returns the large JPEG's bytes", async () => {
    const preview = await exiftool.extractLargestPreview(await portraitDng("extract.dng"));
    if (!preview.ok) throw preview.error;
    expect(preview.value.tag).toBe("SubIFD1:PreviewImage");
    const meta = await sharp(preview.value.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 640, 480]);
  });

  it("decodes the largest preview with the RAW's own orientation applied", async () => {
    const file = await portraitDng("portrait.dng");
    const result = await decodePhoto(file, { maxSide: 320, exiftool });
    if (!result.ok) throw result.error;
    const photo = result.value;
    expect(photo.source).toMatchObject({
      format: "dng",
      raw: true,
      preview: "SubIFD1:PreviewImage",
      orientation: 6,
    });
    expect([photo.width, photo.height]).toEqual([480, 640]);
    expect([photo.image.width, photo.image.height]).toEqual([240, 320]);
    expect(near(colourAt(photo.image, 0.25, 0.25), QUADRANTS.topLeft)).toBe(true);
    expect(near(colourAt(photo.image, 0.75, 0.25), QUADRANTS.topRight)).toBe(true);
    expect(near(colourAt(photo.image, 0.25, 0.75), QUADRANTS.bottomLeft)).toBe(true);
    expect(near(colourAt(photo.image, 0.75, 0.75), QUADRANTS.bottomRight)).toBe(true);
    expect(photo.capture).toMatchObject({
      time: "2024-04-21T09:12:33.450",
      camera: "Canon EOS R6",
      focalLength: 135,
      exposureTime: 0.0005,
    });
  });

  it("takes the smallest preview that fills the working size, the larger one only when it must", async () => {
    const dng = await makeDng({
      smallPreview: storedForOrientation(quadrantPattern(360, 480), 6),
      largePreview: storedForOrientation(framed, 6),
      fields: camera,
    });
    const file = await put(dir, "two-previews.dng", dng);
    const small = await decodePhoto(file, { maxSide: 400, exiftool });
    if (!small.ok) throw small.error;
    expect(small.value.source.preview).toBe("IFD0:PreviewImage");
    expect([small.value.image.width, small.value.image.height]).toEqual([300, 400]);
    expect(small.value.warnings).toEqual([]);
    const large = await decodePhoto(file, { maxSide: 600, exiftool });
    if (!large.ok) throw large.error;
    expect(large.value.source.preview).toBe("SubIFD1:PreviewImage");
    expect([large.value.image.width, large.value.image.height]).toEqual([450, 600]);
    expect(large.value.warnings).toEqual([]);
  });

  it("decodes a DNG named .tif as DNG (the bytes decide), with a warning", async () => {
    const file = await portraitDng("exported.tif");
    const result = await decodePhoto(file, { maxSide: 320, exiftool });
    if (!result.ok) throw result.error;
    expect(result.value.source.format).toBe("dng");
    expect(result.value.warnings.join()).toMatch(/name says TIFF but the contents are DNG/);
  });

  it("no-preview: a DNG with only sensor data", async () => {
    const file = await put(dir, "bare.dng", dngWithoutPreview(camera));
    const result = await decodePhoto(file, { maxSide: 320, exiftool });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("no-preview");
    expect(result.error.message).toMatch(/bare\.dng: this RAW file has no usable embedded preview/);
  });

  it("no-preview: a RAW whose only preview is a thumbnail too small to cull from", async () => {
    const tiny = quadrantPattern(64, 48);
    const file = await put(
      dir,
      "thumb-only.dng",
      await makeDng({ smallPreview: tiny, largePreview: tiny, fields: camera }),
    );
    const result = await decodePhoto(file, { maxSide: 320, exiftool });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("no-preview");
    expect(result.error.message).toMatch(/only 64x48/);
  });
});
