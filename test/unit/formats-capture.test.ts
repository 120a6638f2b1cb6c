import { describe, expect, it } from "vitest";
import { Capture } from "../../core/domain/analysis.ts";
import {
  cameraName,
  captureFromTags,
  captureTime,
  embeddedPreviews,
  lensName,
  photoTagsFromExiftool,
} from "../../core/domain/capture.ts";

describe("captureTime", () => {
  it("keeps sub-seconds as a decimal fraction of a second", () => {
    expect(captureTime("2023:12:31 09:50:54", "05", null)).toEqual({
      iso: "2023-12-31T09:50:54.050",
      epochMs: Date.UTC(2023, 11, 31, 9, 50, 54, 50),
    });
    expect(captureTime("2023:12:31 09:50:54", "5", null)?.iso).toBe("2023-12-31T09:50:54.500");
    expect(captureTime("2023:12:31 09:50:54", "1234", null)?.iso).toBe("2023-12-31T09:50:54.123");
    expect(captureTime("2023:12:31 09:50:54", "92 ", null)?.iso).toBe("2023-12-31T09:50:54.920");
  });

  it("uses the offset when the camera recorded one", () => {
    const t = captureTime("2021:05:12 12:21:21", "92", "+02:00");
    expect(t?.iso).toBe("2021-05-12T12:21:21.920+02:00");
    expect(t?.epochMs).toBe(Date.UTC(2021, 4, 12, 10, 21, 21, 920));
    expect(new Date(t!.iso).getTime()).toBe(t!.epochMs);
  });

  it("orders a burst by its sub-seconds", () => {
    const frames = ["02", "35", "68"].map((s) => captureTime("2011:04:08 08:52:50", s, null)!.epochMs);
    expect(frames[1]! - frames[0]!).toBe(330);
    expect(frames[2]! - frames[1]!).toBe(330);
  });

  it("refuses blank or impossible dates", () => {
    expect(captureTime("0000:00:00 00:00:00", null, null)).toBeNull();
    expect(captureTime("2023:02:30 10:00:00", null, null)).toBeNull();
    expect(captureTime("    :  :     :  :  ", null, null)).toBeNull();
    expect(captureTime(null, "50", null)).toBeNull();
  });
});

describe("cameraName and lensName", () => {
  it("says the camera the way photographers do", () => {
    expect(cameraName("NIKON CORPORATION", "NIKON Z 9")).toBe("Nikon Z 9");
    expect(cameraName("Canon", "Canon EOS R3")).toBe("Canon EOS R3");
    expect(cameraName("SONY", "ILCE-9M3")).toBe("Sony ILCE-9M3");
    expect(cameraName("OLYMPUS IMAGING CORP.  ", "E-M1MarkII")).toBe("Olympus E-M1MarkII");
    expect(cameraName("FUJIFILM", "X-H2S")).toBe("Fujifilm X-H2S");
    expect(cameraName("Sony Ericsson", "C905c")).toBe("Sony Ericsson C905c");
    expect(cameraName(null, "DSC-W215")).toBe("DSC-W215");
    expect(cameraName("Canon", null)).toBe("Canon");
    expect(cameraName(" ", "")).toBeNull();
  });

  it("drops placeholder lens names", () => {
    expect(lensName("RF70-200mm F2.8 L IS USM")).toBe("RF70-200mm F2.8 L IS USM");
    expect(lensName("----")).toBeNull();
    expect(lensName("0.0 mm f/0.0")).toBe("0.0 mm f/0.0");
    expect(lensName("Unknown (0)")).toBeNull();
    expect(lensName("")).toBeNull();
  });
});

describe("photoTagsFromExiftool", () => {
  const json = {
    SourceFile: "a.cr3",
    "IFD0:Orientation": 6,
    "IFD1:Orientation": 1,
    "IFD0:Make": "Canon",
    "IFD0:Model": "Canon EOS R6",
    "ExifIFD:ExifImageWidth": 6000,
    "ExifIFD:ExifImageHeight": 4000,
    "ExifIFD:LensModel": "RF70-200mm F2.8 L IS USM",
    "ExifIFD:FocalLength": 200,
    "ExifIFD:ExposureTime": 0.002,
    "ExifIFD:DateTimeOriginal": "2021:05:12 12:21:21",
    "ExifIFD:SubSecTimeOriginal": "02",
    "ExifIFD:OffsetTimeOriginal": "+02:00",
    "QuickTime:PreviewImage": "(Binary data 389456 bytes, use -b option to extract)",
    "Canon:ThumbnailImage": "(Binary data 16008 bytes, use -b option to extract)",
  };

  it("maps group-qualified tags and validates the capture block", () => {
    const tags = photoTagsFromExiftool(json);
    expect(tags.orientation).toBe(6);
    expect(tags.exifWidth).toBe(6000);
    const capture = Capture.parse(captureFromTags(tags));
    expect(capture).toEqual({
      time: "2021-05-12T12:21:21.020+02:00",
      epochMs: Date.UTC(2021, 4, 12, 10, 21, 21, 20),
      camera: "Canon EOS R6",
      lens: "RF70-200mm F2.8 L IS USM",
      focalLength: 200,
      exposureTime: 0.002,
    });
  });

  it("lists embedded previews largest first", () => {
    expect(embeddedPreviews(json)).toEqual([
      { tag: "QuickTime:PreviewImage", bytes: 389456 },
      { tag: "Canon:ThumbnailImage", bytes: 16008 },
    ]);
  });

  it("turns junk into nulls instead of throwing", () => {
    const tags = photoTagsFromExiftool({
      "IFD0:Orientation": "sideways",
      "IFD0:Make": 42,
      "ExifIFD:FocalLength": "",
    });
    expect(tags.orientation).toBeNull();
    expect(tags.make).toBe("42");
    expect(tags.focalLength).toBeNull();
    expect(photoTagsFromExiftool("not json").previews).toEqual([]);
    expect(Capture.parse(captureFromTags(photoTagsFromExiftool(null))).time).toBeNull();
  });
});
