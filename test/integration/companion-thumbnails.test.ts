/**
 * Thumbnails from a running companion: real config, watcher, SQLite, HTTP, sharp and exiftool, on a real fixture
 * photo, a JPEG turned by its EXIF orientation, a DNG shown through its embedded preview and a damaged JPEG.
 * Only the analysis models are left out (a stand-in fails every photo at once): thumbnails do not depend on them,
 * and loading them would make this file ten times slower.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnyRecord } from "../../core/domain/analysis.ts";
import { Daemon } from "../../companion/daemon.ts";
import type { PhotoServices } from "../../companion/queue/services.ts";
import { ThumbnailCache } from "../../companion/thumbnails/thumbnail-cache.ts";
import {
  QUADRANTS,
  colourAt,
  damagedJpeg,
  jpegWithExif,
  makeDng,
  near,
  quadrantPattern,
  storedForOrientation,
} from "../helpers/make-photos.ts";
import { FIXTURES, quietLog, until, workspace, type Workspace } from "./companion-helpers.ts";

const REAL_PHOTO = "side-jogger-woman-tanglao-unsplash.jpg"; // 5525x2895 per the fixtures' manifest

function withoutModels(): PhotoServices {
  const idle = { models: {}, close: () => Promise.resolve() };
  const failed = (file: string): AnyRecord => ({
    schema: "stridelight.analysis/1",
    file,
    error: { code: "analysis-failed", message: "no models in this test" },
  });
  return {
    analysis: { ...idle, workers: 1, analyze: (file) => Promise.resolve(failed(file)) },
    scoring: { ...idle, scoreShoot: () => Promise.resolve([]) },
    crops: { propose: () => [] },
    xmp: {
      write: () => Promise.resolve({ written: false, skipped: [] }),
      holds: () => Promise.resolve(true),
      close: () => Promise.resolve(),
    },
  };
}

let ws: Workspace;
let daemon: Daemon;
let token: string;
const ids = new Map<string, number>();

async function start(): Promise<void> {
  daemon = await Daemon.start({
    configFile: ws.configFile,
    services: withoutModels(),
    logger: quietLog(),
    graceMs: 500,
  });
  token = readFileSync(join(ws.dataDir, "token"), "utf8").trim();
}

async function stop(): Promise<void> {
  await daemon.stop();
}

const url = (name: string, size?: number) =>
  `http://127.0.0.1:${daemon.port()}/api/photos/${ids.get(name)}/thumbnail${size ? `?size=${size}` : ""}`;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body };
}

async function thumbnail(name: string, size?: number) {
  const res = await get(url(name, size));
  expect(res.status, res.body.toString().slice(0, 300)).toBe(200);
  const { format } = await sharp(res.body).metadata();
  const { data, info } = await sharp(res.body).raw().toBuffer({ resolveWithObject: true });
  return { res, image: { data, width: info.width, height: info.height }, format };
}

function expectUpright(image: { data: Buffer; width: number; height: number }): void {
  expect(near(colourAt(image, 0.25, 0.25), QUADRANTS.topLeft)).toBe(true);
  expect(near(colourAt(image, 0.75, 0.25), QUADRANTS.topRight)).toBe(true);
  expect(near(colourAt(image, 0.25, 0.75), QUADRANTS.bottomLeft)).toBe(true);
  expect(near(colourAt(image, 0.75, 0.75), QUADRANTS.bottomRight)).toBe(true);
}

beforeAll(async () => {
  ws = workspace();
  await start();
  const portrait = quadrantPattern(1200, 1800); // as framed; the camera stored it turned, EXIF orientation 6
  const real = readFileSync(join(FIXTURES, REAL_PHOTO));
  const files: Record<string, Buffer> = {
    [REAL_PHOTO]: real,
    "turned.jpg": await jpegWithExif(storedForOrientation(portrait, 6), {
      orientation: 6,
      exifWidth: 1800,
      exifHeight: 1200,
    }),
    "portrait.dng": await makeDng({
      smallPreview: storedForOrientation(quadrantPattern(120, 160), 6),
      largePreview: storedForOrientation(quadrantPattern(960, 1280), 6),
      fields: { make: "Canon", model: "Canon EOS R6", orientation: 6, exifWidth: 6000, exifHeight: 4000 },
    }),
    "damaged.jpg": damagedJpeg(real),
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(join(ws.importDir, name), data);
  await until("the companion to take in every file", () => {
    const { photos } = daemon.store.photos.list({ limit: 10, offset: 0 });
    for (const p of photos) ids.set(p.path.split("/").pop()!, p.id);
    return photos.length === Object.keys(files).length;
  });
}, 60_000);

afterAll(async () => {
  await stop();
  rmSync(ws.root, { recursive: true, force: true });
});

describe("GET /api/photos/:id/thumbnail", () => {
  it("refuses a request without the token", async () => {
    const res = await fetch(url(REAL_PHOTO));
    expect(res.status).toBe(401);
  });

  it("gives a 512 px JPEG of a 16 MP photo by default, with a private cache and an ETag", async () => {
    const { res, image, format } = await thumbnail(REAL_PHOTO);
    expect(format).toBe("jpeg");
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("cache-control")).toMatch(/^private/);
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{64}-512-v1"$/);
    expect(image.width).toBe(512);
    expect(image.height).toBe(Math.round((512 * 2895) / 5525));
    expect(res.body.length).toBeLessThan(80_000);
  });

  it("applies the EXIF orientation, at 512 and at 1600", async () => {
    const small = await thumbnail("turned.jpg", 512);
    expect([small.image.width, small.image.height]).toEqual([341, 512]);
    expectUpright(small.image);
    const large = await thumbnail("turned.jpg", 1600);
    expect([large.image.width, large.image.height]).toEqual([1067, 1600]);
    expectUpright(large.image);
    expect(large.res.headers.get("etag")).not.toBe(small.res.headers.get("etag"));
  });

  it("shows a RAW through its largest embedded preview, turned by the RAW's orientation", async () => {
    const { image } = await thumbnail("portrait.dng", 512);
    expect([image.width, image.height]).toEqual([384, 512]);
    expectUpright(image);
    // The 1600 px view cannot be larger than the preview: it is never enlarged.
    const large = await thumbnail("portrait.dng", 1600);
    expect([large.image.width, large.image.height]).toEqual([960, 1280]);
  });

  it("decodes once: the second request, and a request with the ETag, come from the disk cache", async () => {
    const service = daemon.thumbnails;
    const first = await thumbnail("turned.jpg", 512); // made by the test above
    const hash = daemon.store.photos.get(ids.get("turned.jpg")!)!.hash;
    const cached = new ThumbnailCache(ws.dataDir).pathOf(hash, 512);
    expect(cached.startsWith(join(ws.dataDir, "thumbnails"))).toBe(true);
    const written = statSync(cached).mtimeMs;
    const made = service.counts.made;
    const again = await thumbnail("turned.jpg", 512);
    expect(again.res.body.equals(first.res.body)).toBe(true);
    expect(again.res.body.equals(readFileSync(cached))).toBe(true);
    // What a browser sends when it revalidates (fetch() would add "Cache-Control: no-cache" on its own).
    const revalidated = await get(url("turned.jpg", 512), {
      "if-none-match": first.res.headers.get("etag")!,
      "cache-control": "max-age=0",
    });
    expect(revalidated.status).toBe(304);
    expect(service.counts.made).toBe(made);
    expect(statSync(cached).mtimeMs).toBe(written);
  });

  it("makes concurrent requests for a new thumbnail share one decode", async () => {
    const service = daemon.thumbnails;
    const made = service.counts.made;
    const answers = await Promise.all([1, 2, 3].map(() => get(url(REAL_PHOTO, 1600))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[1]!.body.equals(answers[0]!.body)).toBe(true);
    expect(service.counts.made).toBe(made + 1);
  });

  it("reuses the cached thumbnail after the photo is renamed", async () => {
    const service = daemon.thumbnails;
    const id = ids.get(REAL_PHOTO)!;
    const renamed = join(ws.importDir, "renamed-in-the-field.jpg");
    renameSync(join(ws.importDir, REAL_PHOTO), renamed);
    await until("the store to follow the rename", () => daemon.store.photos.get(id)!.path === renamed);
    const made = service.counts.made;
    const { image } = await thumbnail(REAL_PHOTO);
    expect(image.width).toBe(512);
    expect(service.counts.made).toBe(made);
  });

  it("answers 422 naming the problem for a damaged photo, and does not decode it again", async () => {
    const service = daemon.thumbnails;
    const res = await get(url("damaged.jpg"));
    expect(res.status).toBe(422);
    const body = JSON.parse(res.body.toString()) as { error: string; details: string[] };
    expect(body.details).toEqual(["corrupt"]);
    expect(body.error).toMatch(/damaged\.jpg.*damaged and cannot be decoded/);
    const failed = service.counts.failed;
    expect((await get(url("damaged.jpg"))).status).toBe(422);
    expect(service.counts.failed).toBe(failed);
  });

  it("answers 404 when the photo's file is gone, and 400 for a size it does not make", async () => {
    rmSync(join(ws.importDir, "portrait.dng"));
    const gone = await get(url("portrait.dng", 512)); // cached, but the photo is no longer there to show
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.body.toString())).toMatchObject({
      error: expect.stringMatching(/no longer on disk.*portrait\.dng/) as unknown,
    });
    expect((await get(`http://127.0.0.1:${daemon.port()}/api/photos/99999/thumbnail`)).status).toBe(404);
    expect((await get(url("turned.jpg", 300))).status).toBe(400);
  });

  it("is listed in the OpenAPI document", async () => {
    const res = await get(`http://127.0.0.1:${daemon.port()}/api/openapi.json`);
    const doc = JSON.parse(res.body.toString()) as { paths: Record<string, { get?: { responses: object } }> };
    const op = doc.paths["/api/photos/{id}/thumbnail"]?.get;
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(["200", "401", "404", "422"]));
  });

  it("keeps its cache across a restart", async () => {
    const cache = new ThumbnailCache(ws.dataDir);
    const hash = daemon.store.photos.get(ids.get("turned.jpg")!)!.hash;
    expect(existsSync(cache.pathOf(hash, 1600))).toBe(true);
    await stop();
    await start();
    const { image } = await thumbnail("turned.jpg", 1600);
    expect(image.height).toBe(1600);
    expect(daemon.thumbnails.counts).toMatchObject({ made: 0, fromCache: 1 });
  }, 30_000);
});
