import { describe, expect, it } from "vitest";
import {
  decideOrientation,
  displayedSize,
  formatOfExtension,
  looksTruncated,
  orientationTransform,
  sniffFormat,
} from "../../core/domain/formats.ts";
import { heicHeader, tiffFile, type TiffEntry } from "../helpers/make-photos.ts";

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function tiffWith(entries: TiffEntry[]): Uint8Array {
  return tiffFile({ entries: [{ tag: 0x100, type: "long", value: [16] }, ...entries] });
}

describe("sniffFormat", () => {
  it("knows the raster formats from their magic bytes, whatever the name", () => {
    expect(sniffFormat(bytes(0xff, 0xd8, 0xff, 0xe0), ".nef")).toEqual({ kind: "raster", format: "jpeg" });
    expect(sniffFormat(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), ".jpg")).toEqual({
      kind: "raster",
      format: "png",
    });
    expect(sniffFormat(text("RIFF\0\0\0\0WEBPVP8 "), "")).toEqual({ kind: "raster", format: "webp" });
    expect(sniffFormat(text("GIF89a"), "")).toEqual({ kind: "raster", format: "gif" });
  });

  it("reads ISO media brands: CR3, AVIF, HEIC", () => {
    const ftyp = (major: string, ...compatible: string[]): Uint8Array => {
      const size = 16 + compatible.length * 4;
      const head = new Uint8Array(size + 8);
      new DataView(head.buffer).setUint32(0, size);
      head.set(text(`ftyp${major}\0\0\0\0${compatible.join("")}`), 4);
      return head;
    };
    expect(sniffFormat(ftyp("crx ", "crx ", "isom"), ".cr3")).toEqual({ kind: "raw", format: "cr3" });
    expect(sniffFormat(ftyp("avif", "mif1", "miaf"), ".avif")).toEqual({ kind: "raster", format: "avif" });
    expect(sniffFormat(ftyp("mif1", "mif1", "avif"), ".heic")).toEqual({ kind: "raster", format: "avif" });
    expect(sniffFormat(heicHeader(), ".jpg")).toEqual({ kind: "raster", format: "heic" });
  });

  it("tells RAW from plain TIFF by IFD0, not by the name", () => {
    const plain = tiffWith([{ tag: 0x106, type: "short", value: [2] }]);
    expect(sniffFormat(plain, ".tif")).toEqual({ kind: "raster", format: "tiff" });
    expect(sniffFormat(plain, ".nef")).toEqual({ kind: "raster", format: "tiff" });
    const dng = tiffWith([{ tag: 0xc612, type: "byte", value: [1, 4, 0, 0] }]);
    expect(sniffFormat(dng, ".tif")).toEqual({ kind: "raw", format: "dng" });
    const nef = tiffWith([{ tag: 0x14a, type: "long", value: [1234] }]);
    expect(sniffFormat(nef, ".NEF")).toEqual({ kind: "raw", format: "nef" });
    expect(sniffFormat(nef, ".tif")).toEqual({ kind: "foreign", format: "raw-unknown" });
    const pef = tiffWith([{ tag: 0x103, type: "short", value: [65535] }]);
    expect(sniffFormat(pef, ".pef")).toEqual({ kind: "raw", format: "pef" });
  });

  it("recognises vendor RAW headers: CR2, RAF, ORF, RW2", () => {
    expect(sniffFormat(bytes(0x49, 0x49, 0x2a, 0, 16, 0, 0, 0, 0x43, 0x52, 2, 0), ".jpg").kind).toBe("raw");
    expect(sniffFormat(text("FUJIFILMCCD-RAW 0201"), "")).toEqual({ kind: "raw", format: "raf" });
    expect(sniffFormat(text("IIRO\x08\0\0\0"), "")).toEqual({ kind: "raw", format: "orf" });
    expect(sniffFormat(bytes(0x49, 0x49, 0x55, 0, 0x18, 0, 0, 0), "")).toEqual({
      kind: "raw",
      format: "rw2",
    });
  });

  it("names images we do not decode, and calls anything else unknown", () => {
    const bmp = new Uint8Array(64);
    bmp.set(text("BM"));
    new DataView(bmp.buffer).setUint32(2, 64, true);
    expect(sniffFormat(bmp, ".bmp")).toEqual({ kind: "foreign", format: "bmp" });
    expect(sniffFormat(text("8BPS\0\x01"), ".psd")).toEqual({ kind: "foreign", format: "psd" });
    expect(sniffFormat(text("Bib 1234, lap 3\n"), ".jpg")).toEqual({ kind: "unknown" });
    expect(sniffFormat(new Uint8Array(0), ".jpg")).toEqual({ kind: "unknown" });
    expect(sniffFormat(bytes(0xff, 0xd8), ".jpg")).toEqual({ kind: "unknown" });
  });
});

describe("formatOfExtension", () => {
  it("maps names to what they claim", () => {
    expect(formatOfExtension(".JPG")).toBe("jpeg");
    expect(formatOfExtension(".heif")).toBe("heic");
    expect(formatOfExtension(".Cr3")).toBe("cr3");
    expect(formatOfExtension(".txt")).toBeNull();
  });
});

describe("looksTruncated", () => {
  it("wants the JPEG EOI and the PNG IEND near the end", () => {
    expect(looksTruncated("jpeg", bytes(1, 2, 0xff, 0xd9))).toBe(false);
    expect(looksTruncated("jpeg", bytes(1, 2, 0xff, 0xd9, 0, 0))).toBe(false);
    expect(looksTruncated("jpeg", bytes(1, 2, 3, 4))).toBe(true);
    expect(looksTruncated("png", text("xxIEND\xaeB`\x82"))).toBe(false);
    expect(looksTruncated("png", text("xxIDAT"))).toBe(true);
    expect(looksTruncated("webp", bytes(1, 2, 3))).toBe(false);
  });
});

describe("orientation maths", () => {
  it("mirrors for 2, 4, 5, 7 and turns clockwise for 3–8", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((o) => orientationTransform(o))).toEqual([
      { flop: false, rotate: 0 },
      { flop: true, rotate: 0 },
      { flop: false, rotate: 180 },
      { flop: true, rotate: 180 },
      { flop: true, rotate: 270 },
      { flop: false, rotate: 90 },
      { flop: true, rotate: 90 },
      { flop: false, rotate: 270 },
    ]);
    expect(orientationTransform(0)).toEqual({ flop: false, rotate: 0 });
  });

  it("swaps the displayed size for 5–8 only", () => {
    expect(displayedSize(6000, 4000, 6)).toEqual({ width: 4000, height: 6000 });
    expect(displayedSize(6000, 4000, 3)).toEqual({ width: 6000, height: 4000 });
  });

  const base = { storedWidth: 6000, storedHeight: 4000, recordedWidth: 6000, recordedHeight: 4000 };

  it("applies a valid orientation and reports it", () => {
    expect(decideOrientation({ ...base, recorded: 6 })).toEqual({ apply: 6, reported: 6, warning: null });
    expect(decideOrientation({ ...base, recorded: null })).toEqual({
      apply: 1,
      reported: null,
      warning: null,
    });
  });

  it("treats 0 and out-of-range values as 1, with a warning", () => {
    for (const recorded of [0, 9, 65535]) {
      const d = decideOrientation({ ...base, recorded });
      expect(d.apply).toBe(1);
      expect(d.reported).toBeNull();
      expect(d.warning).toMatch(new RegExp(`orientation ${recorded} is not a valid`));
    }
  });

  it("does not turn pixels a tool already turned (camera size swapped against the stored size)", () => {
    const d = decideOrientation({ ...base, storedWidth: 1080, storedHeight: 1620, recorded: 6 });
    expect(d.apply).toBe(1);
    expect(d.reported).toBe(6);
    expect(d.warning).toMatch(/already turned/);
  });

  it("still turns a resized or cropped frame that keeps the camera's shape", () => {
    expect(decideOrientation({ ...base, storedWidth: 1620, storedHeight: 1080, recorded: 8 }).apply).toBe(8);
    // Near-square crops say nothing about turning.
    expect(decideOrientation({ ...base, storedWidth: 1000, storedHeight: 1050, recorded: 6 }).apply).toBe(6);
    // Without the camera's size there is nothing to compare.
    const unknown = { storedWidth: 1080, storedHeight: 1620, recordedWidth: null, recordedHeight: null };
    expect(decideOrientation({ ...unknown, recorded: 6 }).apply).toBe(6);
  });
});
