/**
 * One writer per photo across the companion: after a config edit changes a folder's policy, the XMP service holds
 * one XmpStore per policy. Stores sharing one PhotoWriteQueues (as the service's do) never have two writes of one
 * photo in exiftool at once; stores with queues of their own do (each would then remove the other's temp file as
 * its own). Real exiftool, watched by counting the writes in flight per file; real JPEG.
 */
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExifTool } from "exiftool-vendored";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PhotoWriteQueues, XmpStore } from "../../core/adapters/xmp-store.ts";
import { XmpStoreService } from "../../companion/services/xmp-store-service.ts";
import { XmpPolicy } from "../../core/domain/xmp/policy.ts";
import { makeTempDir, removeTempDir } from "../helpers/make-photos.ts";
import { fixturePhotos } from "./companion-helpers.ts";
import { intentFor, startExifTool } from "./xmp-helpers.ts";

let dir: string;
let et: ExifTool;

beforeAll(async () => {
  dir = await makeTempDir();
  et = startExifTool();
});
afterAll(async () => {
  await et.end();
  await removeTempDir(dir);
});

/** The exiftool, with the most writes it ever had in flight at once. */
function watched(): { exiftool: ExifTool; most: () => number } {
  let now = 0;
  let most = 0;
  const exiftool = new Proxy(et, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      const method = (value as (...a: unknown[]) => unknown).bind(target);
      if (key !== "write") return method;
      return async (...args: unknown[]) => {
        most = Math.max(most, ++now);
        try {
          return await (method(...args) as Promise<unknown>);
        } finally {
          now--;
        }
      };
    },
  });
  return { exiftool, most: () => most };
}

/** The most writes in flight at once, and each update's problem (null: written). */
async function writeUnderTwoPolicies(
  queues: () => PhotoWriteQueues,
): Promise<{ most: number; problems: (string | null)[] }> {
  const photo = join(dir, `IMG_${Math.random().toString(36).slice(2)}.jpg`);
  await copyFile(fixturePhotos()[0]!, photo);
  const { exiftool, most } = watched();
  const stores = [XmpPolicy.parse({}), XmpPolicy.parse({ writeLabel: true })].map(
    (p) => new XmpStore(exiftool, p, queues()),
  );
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) => stores[i % 2]!.update(photo, intentFor(String(100 + i)))),
  );
  return { most: most(), problems: results.map((r) => (r.ok ? null : r.error.message)) };
}

describe("writes of one photo under two policies", () => {
  it("run one at a time when the stores share their queues, as the XMP service's do", async () => {
    const shared = new PhotoWriteQueues();
    const { most, problems } = await writeUnderTwoPolicies(() => shared);
    expect(most).toBe(1);
    expect(problems).toEqual(problems.map(() => null));
  }, 60_000);

  it("overlap when each store queues on its own (what a second store used to do: renames fail, the photo can go)", async () => {
    expect((await writeUnderTwoPolicies(() => new PhotoWriteQueues())).most).toBeGreaterThan(1);
  }, 60_000);

  it("the XMP service writes one photo under two policies, every write landing", async () => {
    const xmp = new XmpStoreService();
    try {
      const photo = join(dir, "IMG_service.jpg");
      await copyFile(fixturePhotos()[0]!, photo);
      const policies = [XmpPolicy.parse({}), XmpPolicy.parse({ writeLabel: true })];
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, (_, i) => xmp.write(photo, intentFor(String(200 + i)), policies[i % 2]!)),
      );
      expect(outcomes.map((o) => o.problem ?? null)).toEqual(outcomes.map(() => null));
      expect(await xmp.holds(photo, intentFor("205"), policies[1]!)).toBe(true);
    } finally {
      await xmp.close();
    }
  }, 60_000);
});
