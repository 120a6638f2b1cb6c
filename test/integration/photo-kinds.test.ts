/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- the API's JSON answers are read untyped on purpose: the test checks their shape */
/**
 * Every extension the photo-kinds table knows, walked through ingest -> analyze -> XMP target on the real companion
 * (real watcher, store, models, exiftool). The table is the only list: the watcher takes what it marks taken, RAW
 * pairing calls RAW what it marks RAW, and each taken kind ends with its XMP where the table says. The .jfif, .hif,
 * .webp and .avif photos used to be analyzed and then refused by the XMP step as unsupported-format.
 *
 * What the bytes are: JPEG-family names carry a fixture JPEG; PNG, TIFF, WebP and AVIF are that JPEG re-encoded by
 * sharp; .heic/.heif/.hif carry an AV1-coded HEIF (this sharp has no HEVC decoder, so a camera's HEVC .hif cannot be
 * analyzed here; the container and the XMP write are the same); camera RAW names carry a DNG built by the test
 * helpers (no licensed camera files of those makes exist here; the name decides the XMP target, the bytes the
 * decoding). exiftool reads a file by its name, so under some makers' names (CR3: ISO media) it finds no preview in
 * DNG bytes: such a stand-in must fail for exactly that reason (ingested, its bytes not what the name says), every
 * other one must end with its XMP. Real CR3s go the whole way in xmp-dev-photos.test.ts.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Daemon } from "../../companion/daemon.ts";
import { isPhotoName, isRawFile } from "../../companion/files/photo-files.ts";
import { FileFilter } from "../../companion/watcher/file-filter.ts";
import { DEFAULT_FOLDER } from "../../companion/config/defaults.ts";
import { formatOfExtension, RASTER_FORMATS, RAW_FORMATS } from "../../core/domain/formats.ts";
import { PHOTO_KINDS, TAKEN_EXTENSIONS } from "../../core/domain/photo-kinds.ts";
import { XmpPolicy } from "../../core/domain/xmp/policy.ts";
import { xmpTarget } from "../../core/domain/xmp/target.ts";
import { makeDng, quadrantPattern } from "../helpers/make-photos.ts";
import { allXmp, startExifTool } from "./xmp-helpers.ts";
import { client, fixturePhotos, quietLog, until, workspace, type Workspace } from "./companion-helpers.ts";

const EXTENSIONS = Object.keys(PHOTO_KINDS);
const stem = (ext: string) => `kind-${ext.slice(1)}`;

describe("the photo-kinds table", () => {
  it("is what ingestion, RAW pairing, format claims and the XMP target all answer from", () => {
    const filter = new FileFilter({ path: "/card", ...DEFAULT_FOLDER });
    for (const ext of EXTENSIONS) {
      const kind = PHOTO_KINDS[ext]!;
      for (const name of [`${stem(ext)}${ext}`, `${stem(ext)}${ext.toUpperCase()}`]) {
        expect(isPhotoName(name), name).toBe(kind.taken);
        expect(filter.accepts(`/card/${name}`), name).toBe(kind.taken);
        expect(isRawFile(`/card/${name}`), name).toBe(kind.raw);
        expect(formatOfExtension(ext.toUpperCase()), name).toBe(kind.format);
        const target = xmpTarget(`/card/${name}`, [name], XmpPolicy.parse({}));
        if (kind.xmp === null) expect(target.ok, name).toBe(false);
        else expect(target.ok && target.value.kind, name).toBe(kind.xmp);
      }
    }
  });

  it("takes only formats sniffing can name, RAW only as a RAW format", () => {
    for (const ext of TAKEN_EXTENSIONS) {
      const kind = PHOTO_KINDS[ext]!;
      const known: readonly string[] = kind.raw ? RAW_FORMATS : RASTER_FORMATS;
      expect(known, ext).toContain(kind.format);
      expect(kind.xmp, ext).not.toBeNull();
    }
  });
});

describe("every taken kind through the companion", () => {
  let ws: Workspace;
  let daemon: Daemon;

  beforeAll(async () => {
    ws = workspace();
    daemon = await Daemon.start({ configFile: ws.configFile, logger: quietLog(), graceMs: 5000 });
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it("analyzes each one and writes its XMP where the table says", { timeout: 300_000 }, async () => {
    const jpeg = fixturePhotos()[0]!;
    const dng = await makeDng({
      // exiftool reads a file by its name: under a Canon or Nikon name it finds only IFD0's preview, so that one is
      // large enough to analyze.
      smallPreview: quadrantPattern(480, 640),
      largePreview: quadrantPattern(480, 640),
      fields: { make: "Canon", model: "Canon EOS R6", dateTimeOriginal: "2024:04:21 09:12:33" },
    });
    // Each file different (a photo is its content hash): a trailing byte after a JPEG's or a TIFF's end, a width
    // of its own for the rasters sharp encodes.
    const salted = (data: Buffer, i: number) => Buffer.concat([data, Buffer.from([i])]);
    const encoded: Record<string, (i: number) => Promise<Buffer>> = {
      jpeg: (i) => Promise.resolve(salted(readFileSync(jpeg), i)),
      png: (i) => sized(i).png().toBuffer(),
      tiff: (i) => sized(i).tiff().toBuffer(),
      webp: (i) => sized(i).webp().toBuffer(),
      avif: (i) => sized(i).avif().toBuffer(),
      heic: (i) => sized(i).heif({ compression: "av1" }).toBuffer(),
    };
    const sized = (i: number) => sharp(jpeg).resize({ width: 600 + 8 * i });
    const dropped: string[] = [];
    for (const [i, ext] of TAKEN_EXTENSIONS.entries()) {
      const kind = PHOTO_KINDS[ext]!;
      const path = join(ws.root, `${stem(ext)}${ext}`);
      writeFileSync(path, kind.raw ? salted(dng, i) : await encoded[kind.format!]!(i));
      dropped.push(path);
    }
    // Copied in only once all exist: the watcher sees finished files.
    for (const path of dropped) copyFileSync(path, join(ws.importDir, path.split("/").pop()!));

    const api = client(daemon.port(), readFileSync(join(ws.dataDir, "token"), "utf8").trim());
    let last: unknown = null;
    await until(
      "every kind to be processed",
      async () => {
        const f = (await api("/api/status")).json.folders[0];
        last = f;
        return f && f.total === dropped.length && f.done + f.failed === dropped.length;
      },
      240_000,
      500,
    ).catch(async (error: Error) => {
      const photos = (await api("/api/photos?limit=100")).json.photos;
      throw new Error(`${error.message}: ${JSON.stringify(last)} ${JSON.stringify(photos)}`);
    });
    const { json } = await api("/api/photos?limit=100");
    const byName = new Map<string, { status: string; error: string | null }>(
      json.photos.map((p: { path: string }) => [p.path.split("/").pop(), p]),
    );
    const et = startExifTool();
    try {
      for (const ext of TAKEN_EXTENSIONS) {
        const name = `${stem(ext)}${ext}`;
        const file = join(ws.importDir, name);
        const photo = byName.get(name);
        const standIn = PHOTO_KINDS[ext]!.raw && ext !== ".dng";
        if (standIn && photo?.status === "failed") {
          expect(photo.error, name).toMatch(/no usable embedded preview/);
          continue;
        }
        expect(photo?.status, `${name}: ${photo?.error}`).toBe("done");
        const holder = PHOTO_KINDS[ext]!.xmp === "sidecar" ? join(ws.importDir, `${stem(ext)}.xmp`) : file;
        expect(existsSync(holder), name).toBe(true);
        const xmp = await allXmp(et, holder);
        expect(
          Object.keys(xmp).some((k) => k.startsWith("XMP-stridelight:")),
          `${name}: ${JSON.stringify(xmp)}`,
        ).toBe(true);
      }
    } finally {
      await et.end();
    }
  });
});
