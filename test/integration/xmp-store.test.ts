/**
 * The XMP writer with real exiftool on real files: a JPEG (embedded), a DNG (embedded, built by make-photos),
 * a proprietary-RAW sidecar (the RAW's content does not matter to a sidecar write: a JPEG's bytes under a .CR2
 * name; the real CR3 is exercised in xmp-dev-photos.test.ts) and a Lightroom-style sidecar merged field for field.
 */
import { copyFile, mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ExifTool } from "exiftool-vendored";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { XmpStore, sweepStaleTemps } from "../../core/adapters/xmp-store.ts";
import { makeDng, makeTempDir, quadrantPattern, removeTempDir } from "../helpers/make-photos.ts";
import {
  allXmp,
  fileHash,
  imageDataHash,
  intentFor,
  mtime,
  otherMetadata,
  pixelHash,
  photographerWrites,
  setImmutable,
  startExifTool,
} from "./xmp-helpers.ts";

const PHOTOS = new URL("../fixtures/photos/", import.meta.url).pathname;
const JPEG = join(PHOTOS, "runner-on-rock-small-lapak-unsplash.jpg");
const CROP_ON = { writeLabel: true, writeCrop: true } as const;

let et: ExifTool;
let dir: string;

beforeAll(() => {
  et = startExifTool();
});
afterAll(async () => {
  await et.end();
});
beforeEach(async () => {
  dir = await makeTempDir();
  return () => removeTempDir(dir);
});

async function copyJpeg(name = "IMG_1.jpg"): Promise<string> {
  const path = join(dir, name);
  await copyFile(JPEG, path);
  return path;
}

function ok<T, E extends Error>(r: { ok: true; value: T } | { ok: false; error: E }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

describe("embedded XMP in a JPEG", () => {
  it("writes rating, label, keywords, crop and our namespace; reads them back; pixels and EXIF unchanged", async () => {
    const photo = await copyJpeg();
    const [pixels, imageHash, exif] = [
      await pixelHash(photo),
      await imageDataHash(et, photo),
      await otherMetadata(et, photo),
    ];
    const mode = (await stat(photo)).mode;
    const store = new XmpStore(et, CROP_ON);
    const { plan, outcome } = ok(await store.update(photo, intentFor("1234")));
    expect(outcome).toMatchObject({
      written: true,
      created: false,
      target: { kind: "embedded", path: photo },
    });
    expect((await stat(photo)).mode).toBe(mode);
    const back = ok(await store.readXmp(photo)).snapshot;
    expect(back).toMatchObject({ rating: 3, label: "Red", keywords: { flat: ["1234"] } });
    expect(back.keywords.hierarchical).toEqual(["Stridelight|bib|1234", "Stridelight|keeper"]);
    expect(back.crop).toEqual({
      CropLeft: 0.123457,
      CropTop: 0.05,
      CropRight: 0.876543,
      CropBottom: 0.9,
      CropAngle: 0,
    });
    expect(back.ours).toEqual(plan.record);
    expect(back.ours?.scores).toEqual({ keeper: 0.8123, style: 0.4 });
    expect(await pixelHash(photo)).toBe(pixels);
    expect(await imageDataHash(et, photo)).toBe(imageHash);
    expect(await otherMetadata(et, photo)).toEqual(exif);
    expect((await readdir(dir)).sort()).toEqual(["IMG_1.jpg"]);
  });

  it("is idempotent: a second run with the same analysis leaves the file byte for byte as it was", async () => {
    const photo = await copyJpeg();
    const store = new XmpStore(et, CROP_ON);
    ok(await store.update(photo, intentFor("1234")));
    const [bytes, time] = [await fileHash(photo), await mtime(photo)];
    const again = ok(await store.update(photo, intentFor("1234")));
    expect(again.plan.changed).toBe(false);
    expect(again.outcome.written).toBe(false);
    expect(await fileHash(photo)).toBe(bytes);
    expect(await mtime(photo)).toBe(time);
  });

  it("leaves a rating the photographer changed alone and reports it as feedback", async () => {
    const photo = await copyJpeg();
    const store = new XmpStore(et, CROP_ON);
    ok(await store.update(photo, intentFor("1234")));
    // The photographer gives 5 stars in Lightroom and removes one of our keywords.
    await photographerWrites(et, photo, {
      "XMP-xmp:Rating": 5,
      "XMP-lr:HierarchicalSubject": ["Stridelight|bib|1234"],
    });
    const second = ok(await store.update(photo, intentFor("1234", { rating: 4 })));
    expect(second.plan.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: "rating",
          code: "changed-by-photographer",
          reason: "photographer changed rating",
        }),
        expect.objectContaining({
          field: "keyword",
          code: "removed-by-photographer",
          detail: "Stridelight|keeper",
        }),
      ]),
    );
    expect(second.plan.feedback).toEqual([
      { type: "rating-changed", ours: 3, now: 5 },
      { type: "keyword-removed", keyword: "Stridelight|keeper", kind: "hierarchical" },
    ]);
    const back = ok(await store.readXmp(photo)).snapshot;
    expect(back.rating).toBe(5);
    expect(back.keywords.hierarchical).toEqual(["Stridelight|bib|1234"]);
    expect(back.ours?.written.rating).toBe(3);
  });

  it("replaces our stale bib keywords and keeps the photographer's", async () => {
    const photo = await copyJpeg();
    await photographerWrites(et, photo, {
      "XMP-dc:Subject": ["finish", "1234"],
      "XMP-lr:HierarchicalSubject": ["Events|Paris"],
    });
    const store = new XmpStore(et);
    ok(await store.update(photo, intentFor("1234")));
    ok(await store.update(photo, intentFor("5678")));
    const back = ok(await store.readXmp(photo)).snapshot;
    // "1234" was the photographer's before we came: it stays although our bib changed.
    expect(back.keywords.flat).toEqual(["finish", "1234", "5678"]);
    expect(back.keywords.hierarchical).toEqual([
      "Events|Paris",
      "Stridelight|keeper",
      "Stridelight|bib|5678",
    ]);
  });

  it("serialises concurrent writes to one file: the last analysis wins, nothing half-written, no temp file", async () => {
    const photo = await copyJpeg();
    const store = new XmpStore(et);
    const bibs = ["11", "22", "33", "44", "55"];
    const results = await Promise.all(bibs.map((b) => store.update(photo, intentFor(b))));
    expect(results.every((r) => r.ok)).toBe(true);
    const back = ok(await store.readXmp(photo)).snapshot;
    expect(back.ours?.analysisHash).toBe("sha256:55");
    expect(back.keywords.hierarchical.filter((k) => k.includes("|bib|"))).toEqual(["Stridelight|bib|55"]);
    expect(await readdir(dir)).toEqual(["IMG_1.jpg"]);
  });

  it("recovers from a crash that left exiftool's temp file behind", async () => {
    const photo = await copyJpeg();
    await writeFile(`${photo}_exiftool_tmp`, "half a file from a killed write");
    ok(await new XmpStore(et).update(photo, intentFor("1234")));
    expect(await readdir(dir)).toEqual(["IMG_1.jpg"]);
    await writeFile(join(dir, ".IMG_9.xmp.stridelight-tmp.xmp"), "<x:xmpmeta");
    await writeFile(join(dir, "IMG_9.CR2_exiftool_tmp"), "");
    expect((await sweepStaleTemps(dir)).length).toBe(2);
    expect(await readdir(dir)).toEqual(["IMG_1.jpg"]);
  });
});

describe("embedded XMP in a DNG", () => {
  it("writes into the DNG; image data, previews and DNG tags unchanged", async () => {
    const dng = join(dir, "IMG_3.dng");
    const pattern = quadrantPattern(64, 48);
    await writeFile(
      dng,
      await makeDng({
        smallPreview: quadrantPattern(32, 24),
        largePreview: pattern,
        fields: { make: "Canon", model: "EOS R6", orientation: 1 },
      }),
    );
    // A TIFF rewrite moves the blocks: their offsets change, their contents must not.
    const placeless = async () =>
      Object.entries(await otherMetadata(et, dng)).filter(([k]) => !/(Start|Offsets)$/.test(k));
    const [imageHash, other] = [await imageDataHash(et, dng), await placeless()];
    const preview = await et.extractBinaryTagToBuffer("PreviewImage", dng);
    const store = new XmpStore(et, CROP_ON);
    const { outcome } = ok(await store.update(dng, intentFor("77")));
    expect(outcome.target).toMatchObject({ kind: "embedded", lightroomReads: true });
    expect(ok(await store.readXmp(dng)).snapshot).toMatchObject({
      rating: 3,
      label: "Red",
      keywords: { flat: ["77"] },
    });
    expect(await imageDataHash(et, dng)).toBe(imageHash);
    expect(await placeless()).toEqual(other);
    expect(await et.extractBinaryTagToBuffer("PreviewImage", dng)).toEqual(preview);
    expect((await readdir(dir)).sort()).toEqual(["IMG_3.dng"]);
  });
});

const LIGHTROOM_SIDECAR = `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000 1.000000, 0000/00/00-00:00:00        ">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
    xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"
   xmp:ModifyDate="2024-05-12T10:31:07+02:00"
   xmp:CreateDate="2024-05-12T09:14:22.31"
   xmp:CreatorTool="Adobe Photoshop Lightroom Classic 13.3 (Macintosh)"
   xmp:MetadataDate="2024-05-12T10:31:07+02:00"
   xmp:Rating="2"
   xmp:Label="Green"
   tiff:Make="Canon"
   tiff:Model="Canon EOS R6"
   exif:ExposureTime="1/1000"
   exif:FNumber="28/10"
   exif:ISOSpeedRatings="400"
   aux:SerialNumber="012345678901"
   aux:LensInfo="700/10 2000/10 28/10 28/10"
   photoshop:DateCreated="2024-05-12T09:14:22.31"
   xmpMM:DocumentID="xmp.did:7f0e5a33-8a3c-4b0e-9a8a-6b1d2f6c2e11"
   xmpMM:OriginalDocumentID="6D1B2C7A3F1E4A5B8C9D0E1F2A3B4C5D"
   xmpMM:InstanceID="xmp.iid:7f0e5a33-8a3c-4b0e-9a8a-6b1d2f6c2e11"
   crs:Version="16.3"
   crs:ProcessVersion="15.4"
   crs:WhiteBalance="As Shot"
   crs:Exposure2012="+0.35"
   crs:Contrast2012="+12"
   crs:Highlights2012="-45"
   crs:Shadows2012="+30"
   crs:Texture="+8"
   crs:Clarity2012="+10"
   crs:Vibrance="+15"
   crs:Sharpness="40"
   crs:LensProfileEnable="1"
   crs:HasSettings="True"
   crs:CropTop="0.05"
   crs:CropLeft="0.1"
   crs:CropBottom="0.95"
   crs:CropRight="0.9"
   crs:CropAngle="1.5"
   crs:CropConstrainToWarp="0"
   crs:HasCrop="True"
   crs:AlreadyApplied="False">
   <dc:creator>
    <rdf:Seq>
     <rdf:li>Anna Photographer</rdf:li>
    </rdf:Seq>
   </dc:creator>
   <dc:rights>
    <rdf:Alt>
     <rdf:li xml:lang="x-default">© 2024 Anna Photographer</rdf:li>
    </rdf:Alt>
   </dc:rights>
   <dc:subject>
    <rdf:Bag>
     <rdf:li>marathon</rdf:li>
     <rdf:li>Berlin Marathon</rdf:li>
     <rdf:li>finish</rdf:li>
    </rdf:Bag>
   </dc:subject>
   <lr:hierarchicalSubject>
    <rdf:Bag>
     <rdf:li>Events|Berlin Marathon</rdf:li>
     <rdf:li>Moments|finish</rdf:li>
    </rdf:Bag>
   </lr:hierarchicalSubject>
   <crs:ToneCurvePV2012>
    <rdf:Seq>
     <rdf:li>0, 0</rdf:li>
     <rdf:li>64, 58</rdf:li>
     <rdf:li>192, 200</rdf:li>
     <rdf:li>255, 255</rdf:li>
    </rdf:Seq>
   </crs:ToneCurvePV2012>
   <crs:Look>
    <rdf:Description
     crs:Name="Adobe Color"
     crs:Amount="1"
     crs:UUID="B952C231111CD8E0ECCF14B86BAA7077"
     crs:SupportsAmount="false"
     crs:SupportsMonochrome="false"
     crs:SupportsOutputReferred="false">
    <crs:Group>
     <rdf:Alt>
      <rdf:li xml:lang="x-default">Profiles</rdf:li>
     </rdf:Alt>
    </crs:Group>
    </rdf:Description>
   </crs:Look>
   <xmpMM:History>
    <rdf:Seq>
     <rdf:li
      stEvt:action="saved"
      stEvt:instanceID="xmp.iid:7f0e5a33-8a3c-4b0e-9a8a-6b1d2f6c2e11"
      stEvt:when="2024-05-12T10:31:07+02:00"
      stEvt:softwareAgent="Adobe Photoshop Lightroom Classic 13.3 (Macintosh)"
      stEvt:changed="/metadata"/>
    </rdf:Seq>
   </xmpMM:History>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
`;

describe("sidecars of proprietary RAW", () => {
  it("merges into a Lightroom sidecar: every field it held survives, ours are added beside them", async () => {
    const raw = await copyJpeg("IMG_2.CR2");
    const sidecar = join(dir, "IMG_2.xmp");
    await writeFile(sidecar, LIGHTROOM_SIDECAR);
    const before = await allXmp(et, sidecar);
    const structured = await allXmp(et, sidecar, "XMP-crs:Look");
    const rawBytes = await fileHash(raw);
    const store = new XmpStore(et, CROP_ON);
    const { plan, outcome } = ok(await store.update(raw, intentFor("1234")));
    expect(outcome).toMatchObject({
      written: true,
      created: false,
      target: { kind: "sidecar", path: sidecar, lightroomReads: true },
    });
    expect(plan.skipped.map((s) => s.reason).sort()).toEqual([
      "crop was set by the photographer or another tool",
      "label was set by the photographer or another tool",
      "rating was set by the photographer or another tool",
    ]);
    const after = await allXmp(et, sidecar);
    const keywordTags = ["XMP-dc:Subject", "XMP-lr:HierarchicalSubject"];
    for (const [tag, value] of Object.entries(before)) {
      if (tag === "XMP-x:XMPToolkit" || keywordTags.includes(tag)) continue;
      expect({ tag, value: after[tag] }).toEqual({ tag, value });
    }
    expect(await allXmp(et, sidecar, "XMP-crs:Look")).toEqual(structured);
    expect(after["XMP-dc:Subject"]).toEqual(["marathon", "Berlin Marathon", "finish", "1234"]);
    expect(after["XMP-lr:HierarchicalSubject"]).toEqual([
      "Events|Berlin Marathon",
      "Moments|finish",
      "Stridelight|bib|1234",
      "Stridelight|keeper",
    ]);
    expect(after["XMP-stridelight:AnalysisHash"]).toBe("sha256:1234");
    expect(await fileHash(raw)).toBe(rawBytes);
    expect((await readdir(dir)).sort()).toEqual(["IMG_2.CR2", "IMG_2.xmp"]);
  });

  it("creates a missing sidecar (basename and name.ext styles) and never touches the RAW", async () => {
    const raw = await copyJpeg("IMG_4.NEF");
    const rawBytes = await fileHash(raw);
    const basenameStore = new XmpStore(et);
    expect(ok(await basenameStore.update(raw, intentFor("9"))).outcome).toMatchObject({
      created: true,
      target: { path: join(dir, "IMG_4.xmp") },
    });
    const darktable = new XmpStore(et, { sidecarStyle: "name.ext" });
    const second = ok(await darktable.update(raw, intentFor("9")));
    expect(second.outcome).toMatchObject({
      created: true,
      target: { path: join(dir, "IMG_4.NEF.xmp"), lightroomReads: false },
    });
    expect(ok(await darktable.readXmp(raw)).snapshot).toMatchObject({ rating: 3, keywords: { flat: ["9"] } });
    expect(await fileHash(raw)).toBe(rawBytes);
    expect((await readdir(dir)).sort()).toEqual(["IMG_4.NEF", "IMG_4.NEF.xmp", "IMG_4.xmp"]);
  });

  it("reports a sidecar collision (IMG_1.CR2 beside IMG_1.DNG) and writes nothing", async () => {
    const raw = await copyJpeg("IMG_1.CR2");
    await copyJpeg("IMG_1.DNG");
    const result = await new XmpStore(et).update(raw, intentFor("1"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("sidecar-collision");
    expect((await readdir(dir)).sort()).toEqual(["IMG_1.CR2", "IMG_1.DNG"]);
  });

  it("with neverModifyOriginals a JPEG gets a sidecar and its bytes stay as they were", async () => {
    const photo = await copyJpeg();
    const bytes = await fileHash(photo);
    const { outcome } = ok(
      await new XmpStore(et, { neverModifyOriginals: true }).update(photo, intentFor("5")),
    );
    expect(outcome.target).toMatchObject({
      kind: "sidecar",
      path: join(dir, "IMG_1.xmp"),
      lightroomReads: false,
    });
    expect(await fileHash(photo)).toBe(bytes);
  });
});

describe("read-only files and folders", () => {
  it("gives a clear read-only error for an immutable file and folder; the other photos are written", async (ctx) => {
    const locked = await copyJpeg("locked.jpg");
    const fine = await copyJpeg("fine.jpg");
    const lockedDir = join(dir, "card");
    await mkdir(lockedDir);
    const inLockedDir = join(lockedDir, "IMG_7.CR2");
    await copyFile(JPEG, inLockedDir);
    if (!setImmutable(locked, true)) return ctx.skip("chattr +i is not available here");
    setImmutable(lockedDir, true);
    try {
      const store = new XmpStore(et);
      const results = await Promise.all(
        [locked, fine, inLockedDir].map((f) => store.update(f, intentFor("8"))),
      );
      expect(results.map((r) => (r.ok ? "ok" : r.error.code))).toEqual(["read-only", "ok", "read-only"]);
      if (!results[0]!.ok) expect(results[0]!.error.message).toMatch(/locked\.jpg.*read-only/);
      expect(ok(await store.readXmp(fine)).snapshot.rating).toBe(3);
      expect(await readFile(locked)).toEqual(await readFile(JPEG));
    } finally {
      setImmutable(locked, false);
      setImmutable(lockedDir, false);
    }
    expect((await readdir(lockedDir)).sort()).toEqual(["IMG_7.CR2"]);
  });
});

it("says so when the exiftool process was started without our namespace config", async () => {
  const plain = new ExifTool({ maxProcs: 1 });
  try {
    const photo = await copyJpeg();
    const bytes = await fileHash(photo);
    const result = await new XmpStore(plain).update(photo, intentFor("1"));
    expect(!result.ok && result.error.code).toBe("namespace-not-configured");
    expect(await fileHash(photo)).toBe(bytes);
  } finally {
    await plain.end();
  }
});
