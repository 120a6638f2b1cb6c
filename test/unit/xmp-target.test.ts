import { describe, expect, it } from "vitest";
import { XmpPolicy } from "../../core/domain/xmp/policy.ts";
import { xmpTarget } from "../../core/domain/xmp/target.ts";

const policy = (p: Partial<XmpPolicy> = {}) => XmpPolicy.parse(p);
const target = (file: string, siblings: string[], p: Partial<XmpPolicy> = {}) =>
  xmpTarget(`/card/${file}`, siblings, policy(p));

describe("xmpTarget", () => {
  it("embeds into JPEG, TIFF, DNG, HEIC and PSD; Lightroom ignores their sidecars", () => {
    for (const f of ["a.jpg", "a.JPEG", "a.tif", "a.dng", "a.heic", "a.psd"]) {
      expect(target(f, [f])).toEqual({
        ok: true,
        value: { kind: "embedded", path: `/card/${f}`, lightroomReads: true },
      });
    }
  });

  it("gives proprietary RAW a basename sidecar, or name.ext for darktable/digiKam", () => {
    expect(target("IMG_1.CR2", ["IMG_1.CR2"])).toEqual({
      ok: true,
      value: { kind: "sidecar", path: "/card/IMG_1.xmp", lightroomReads: true },
    });
    expect(target("IMG_1.CR2", ["IMG_1.CR2"], { sidecarStyle: "name.ext" })).toEqual({
      ok: true,
      value: { kind: "sidecar", path: "/card/IMG_1.CR2.xmp", lightroomReads: false },
    });
  });

  it("keeps the spelling of an existing sidecar", () => {
    const r = target("IMG_1.NEF", ["IMG_1.NEF", "IMG_1.XMP"]);
    expect(r.ok && r.value.path).toBe("/card/IMG_1.XMP");
  });

  it("writes only sidecars when originals must never be modified", () => {
    expect(target("a.jpg", ["a.jpg"], { neverModifyOriginals: true })).toEqual({
      ok: true,
      value: { kind: "sidecar", path: "/card/a.xmp", lightroomReads: false },
    });
  });

  it("reports a sidecar collision: IMG_1.CR2 beside IMG_1.DNG", () => {
    const r = target("IMG_1.CR2", ["IMG_1.CR2", "IMG_1.DNG", "IMG_1.xmp"]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("sidecar-collision");
      expect(r.error.message).toContain("IMG_1.DNG");
    }
    expect(target("IMG_1.CR2", ["IMG_1.CR2", "IMG_1.DNG"], { sidecarStyle: "name.ext" }).ok).toBe(true);
  });

  it("lets RAW+JPEG pairs be: the JPEG keeps its XMP inside (unless originals are never modified)", () => {
    expect(target("IMG_1.CR2", ["IMG_1.CR2", "IMG_1.JPG"]).ok).toBe(true);
    expect(target("IMG_1.CR2", ["IMG_1.CR2", "IMG_1.JPG"], { neverModifyOriginals: true }).ok).toBe(false);
  });

  it("refuses formats it does not know", () => {
    const r = target("clip.mp4", ["clip.mp4"]);
    expect(!r.ok && r.error.code).toBe("unsupported-format");
  });

  it("has frozen safe defaults", () => {
    expect(policy()).toEqual({
      sidecarStyle: "basename",
      neverModifyOriginals: false,
      writeRating: true,
      writeLabel: false,
      writeCrop: false,
    });
    expect(XmpPolicy.safeParse({ sidecarStyle: "both" }).success).toBe(false);
  });
});
