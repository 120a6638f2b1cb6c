/**
 * On copies of real photos nobody on the team has seen (evaluation set, copied to a temp folder, never written in
 * place): what we write reads back identically, everything else in the XMP stays, pixels and the RAW are unchanged.
 * Skips when ../shared/data/dev is absent.
 */
import { existsSync } from "node:fs";
import { copyFile, readdir } from "node:fs/promises";
import { extname, join } from "node:path";
import type { ExifTool } from "exiftool-vendored";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XmpStore } from "../../core/adapters/xmp-store.ts";
import type { XmpSnapshot } from "../../core/domain/xmp/snapshot.ts";
import type { XmpWritePlan } from "../../core/domain/xmp/plan.ts";
import { makeTempDir, removeTempDir } from "../helpers/make-photos.ts";
import {
  allXmp,
  fileHash,
  imageDataHash,
  intentFor,
  otherMetadata,
  pixelHash,
  startExifTool,
} from "./xmp-helpers.ts";

const DEV = new URL("../../../shared/data/dev/", import.meta.url).pathname;
const present = existsSync(DEV);
if (!present) console.warn(`xmp-dev-photos: ${DEV} is absent, skipping the evaluation-photo XMP checks`);

/** A spread of the set: every 12th JPEG by name, the club photos (they carry XMP already), the PNGs and the RAW. */
async function sample(): Promise<string[]> {
  const names = (await readdir(DEV)).sort();
  const jpegs = names
    .filter((n) => n.endsWith(".jpg"))
    .filter((n, i) => i % 12 === 0 || n.startsWith("manyharrier"));
  return [...jpegs, ...names.filter((n) => [".png", ".cr3"].includes(extname(n)))];
}

/** What the snapshot must read after the plan: the plan's writes, everything else as before. */
function expected(before: XmpSnapshot, plan: XmpWritePlan): XmpSnapshot {
  const t = plan.tags;
  return {
    exists: true,
    rating: t.rating ?? before.rating,
    label: t.label ?? before.label,
    crop: t.crop ?? before.crop,
    keywords: t.keywords ?? before.keywords,
    ours: plan.record,
  };
}

const OURS_OR_CHANGED =
  /^XMP-(stridelight:|x:XMPToolkit$|dc:Subject$|lr:HierarchicalSubject$|xmp:Rating$|xmp:Label$|crs:(HasCrop|Crop(Left|Top|Right|Bottom|Angle))$)/;
const untouched = (tags: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(tags).filter(([k]) => !OURS_OR_CHANGED.test(k)));

describe.skipIf(!present)("XMP on unseen real photos (copies)", () => {
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

  it("writes, reads back identically, keeps everything else and the pixels", async () => {
    const store = new XmpStore(et, { writeLabel: true, writeCrop: true });
    const names = await sample();
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) {
      const photo = join(dir, name);
      await copyFile(join(DEV, name), photo);
      const raw = name.endsWith(".cr3");
      // The RAW is never written (its sidecar is): its bytes must stay; this pruned CR3 has no raw data to hash.
      const image = raw ? await fileHash(photo) : await pixelHash(photo);
      const dataOf = () => (raw ? fileHash(photo) : imageDataHash(et, photo));
      const [dataHash, other] = [await dataOf(), await otherMetadata(et, photo)];
      const xmpBefore = raw ? {} : await allXmp(et, photo);
      const before = await store.readXmp(photo);
      const result = await store.update(photo, intentFor(String(names.indexOf(name) + 100)));
      if (!before.ok || !result.ok)
        throw new Error(
          `${name}: ${before.ok ? "" : before.error.message}${result.ok ? "" : result.error.message}`,
        );
      const back = await store.readXmp(photo);
      expect({ name, snapshot: back.ok && back.value.snapshot }).toEqual({
        name,
        snapshot: expected(before.value.snapshot, result.value.plan),
      });
      expect({ name, image: raw ? await fileHash(photo) : await pixelHash(photo) }).toEqual({ name, image });
      expect({ name, dataHash: await dataOf() }).toEqual({ name, dataHash });
      expect({ name, other: await otherMetadata(et, photo) }).toEqual({ name, other });
      if (!raw)
        expect({ name, xmp: untouched(await allXmp(et, photo)) }).toEqual({
          name,
          xmp: untouched(xmpBefore),
        });
      expect((await store.update(photo, intentFor(String(names.indexOf(name) + 100)))).ok && "re-run").toBe(
        "re-run",
      );
    }
    const left = (await readdir(dir)).filter(
      (n) => n.includes("_exiftool_tmp") || n.includes("stridelight-tmp") || n.endsWith("_original"),
    );
    expect(left).toEqual([]);
  });
});
