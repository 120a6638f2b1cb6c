/** `stridelight xmp read`: our record against what is there now, feedback as JSON lines, bad files reported. */
import { execFile } from "node:child_process";
import { copyFile, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { join } from "node:path";
import type { ExifTool } from "exiftool-vendored";
import { afterAll, beforeAll, expect, it } from "vitest";
import { XmpStore } from "../../core/adapters/xmp-store.ts";
import { xmpPolicyFromFlags, xmpReadCommand } from "../../companion/cli/xmp-command.ts";
import { makeTempDir, removeTempDir } from "../helpers/make-photos.ts";
import { intentFor, photographerWrites, startExifTool } from "./xmp-helpers.ts";

const JPEG = new URL("../fixtures/photos/track-aerial-group-lelham-unsplash.jpg", import.meta.url).pathname;
const CLI = new URL("../../companion/bin/stridelight.js", import.meta.url).pathname;
const runCli = (args: string[]) => promisify(execFile)("node", [CLI, ...args], { timeout: 60_000 });
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

it("reads what the companion wrote under either policy: inside the JPEG or in its sidecar", async () => {
  const inside = join(dir, "inside.jpg");
  const beside = join(dir, "beside.jpg");
  await copyFile(JPEG, inside);
  await copyFile(JPEG, beside);
  expect((await new XmpStore(et).update(inside, intentFor("918"))).ok).toBe(true);
  expect((await new XmpStore(et, { neverModifyOriginals: true }).update(beside, intentFor("918"))).ok).toBe(
    true,
  );
  const lines: string[] = [];
  await xmpReadCommand([inside, beside], { out: (l) => lines.push(l) });
  const [a, b] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(a).toMatchObject({ target: { kind: "embedded", lightroomReads: true }, ours: { bibs: ["918"] } });
  expect(b).toMatchObject({
    target: { kind: "sidecar", path: join(dir, "beside.xmp"), lightroomReads: false },
    ours: { bibs: ["918"] },
  });

  const found = await runCli(["find", "--bib", "918", inside, beside, join(dir, "a.jpg")]);
  expect(found.stdout.trim().split("\n").sort()).toEqual([beside, inside].sort());
  expect(found.stderr).toMatch(/bib 918 in 2 of 3 photos/);
});
