/** `stridelight xmp read`: our record against what is there now, feedback as JSON lines, bad files reported. */
import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExifTool } from "exiftool-vendored";
import { afterAll, beforeAll, expect, it } from "vitest";
import { XmpStore } from "../../core/adapters/xmp-store.ts";
import { xmpPolicyFromFlags, xmpReadCommand } from "../../companion/cli/xmp-command.ts";
import { makeTempDir, removeTempDir } from "../helpers/make-photos.ts";
import { intentFor, photographerWrites, startExifTool } from "./xmp-helpers.ts";

const JPEG = new URL("../fixtures/photos/track-aerial-group-lelham-unsplash.jpg", import.meta.url).pathname;
let et: ExifTool;
let dir: string;

beforeAll(async () => {
  et = startExifTool();
  dir = await makeTempDir();
});
afterAll(async () => {
  await et.end();
  await removeTempDir(dir);
});

it("prints what we wrote, what is there now and the photographer's changes", async () => {
  const photo = join(dir, "a.jpg");
  const raw = join(dir, "b.CR3");
  const broken = join(dir, "c.mp4");
  await copyFile(JPEG, photo);
  await copyFile(JPEG, raw);
  await writeFile(broken, "not a photo");
  const store = new XmpStore(et);
  for (const f of [photo, raw]) expect((await store.update(f, intentFor("42"))).ok).toBe(true);
  await photographerWrites(et, photo, { "XMP-xmp:Rating": 1 });

  const lines: string[] = [];
  await xmpReadCommand([photo, raw, broken], { out: (l) => lines.push(l) });
  process.exitCode = undefined;
  const [a, b, c] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(a).toMatchObject({
    file: photo,
    analysisHash: "sha256:42",
    written: { rating: 3 },
    now: { rating: 1 },
  });
  expect(a?.feedback).toEqual([{ type: "rating-changed", ours: 3, now: 1 }]);
  expect(b).toMatchObject({
    target: { kind: "sidecar", path: join(dir, "b.xmp") },
    now: { rating: 3, keywords: { flat: ["42"] } },
    feedback: [],
  });
  expect(c).toMatchObject({ file: broken, error: { code: "unsupported-format" } });
});

it("validates the policy flags", () => {
  expect(xmpPolicyFromFlags({ sidecarStyle: "name.ext", writeCrop: true })).toMatchObject({
    sidecarStyle: "name.ext",
    writeCrop: true,
    writeRating: true,
  });
  expect(() => xmpPolicyFromFlags({ sidecarStyle: "both" })).toThrow(/sidecar-style/);
});

it("refuses an intent outside what we may write, without touching the file", async () => {
  const photo = join(dir, "d.jpg");
  await copyFile(JPEG, photo);
  const bad = intentFor("1", { keywords: { flat: [], hierarchical: ["Events|Paris"] } });
  const result = await new XmpStore(et).update(photo, bad);
  expect(!result.ok && result.error.code).toBe("invalid-intent");
});
