/**
 * Kept optimised graphs (core/models/optimised-graph.ts), on real onnxruntime sessions: the first open keeps the
 * graph onnxruntime optimised, later opens load it instead of optimising again, its text maps are the source
 * graph's on the fixture photos, and a kept graph that changed on disk is not trusted.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { createOnnxRunner } from "../../core/adapters/onnx-runtime.ts";
import type { ModelRunner, RgbImage } from "../../core/domain/ports.ts";
import { readCard } from "../../core/models/cards.ts";
import { modelFilePath } from "../../core/models/model-file.ts";
import { keptOptimisedGraph, OPTIMISED_DIR, optimisedGraphPath } from "../../core/models/optimised-graph.ts";
import { DEFAULT_MODELS_DIR } from "../../core/models/paths.ts";
import { openModel, prepareModels } from "../../core/models/registry.ts";
import { verifiedModel } from "../../core/models/model-file.ts";
import { TextDetector } from "../../core/pipeline/models/index.ts";

const PHOTOS = resolve(import.meta.dirname, "../fixtures/photos");
const dirs: string[] = [];
const scratchDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "sl-optimised-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function fixtureImages(): Promise<RgbImage[]> {
  const photos = readdirSync(PHOTOS).filter((f) => f.endsWith(".jpg"));
  return Promise.all(
    photos.map(async (photo) => {
      const { data, info } = await sharp(join(PHOTOS, photo))
        .resize(1024, 1024, { fit: "inside" })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return { data: new Uint8Array(data), width: info.width, height: info.height };
    }),
  );
}

/** The text detector's probability maps over the whole images (its own input preparation). */
async function maps(runner: ModelRunner, images: RgbImage[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  const recording: ModelRunner = {
    ...runner,
    inputNames: runner.inputNames,
    outputNames: runner.outputNames,
    async run(feeds) {
      const result = await runner.run(feeds);
      out.push(Float32Array.from(result[runner.outputNames[0]!]!.data as Float32Array));
      return result;
    },
  };
  const detector = new TextDetector(recording);
  for (const image of images) await detector.detect(image, { x: 0, y: 0, w: image.width, h: image.height });
  return out;
}

function maxDelta(a: Float32Array[], b: Float32Array[]): number {
  let max = 0;
  a.forEach((map, k) => map.forEach((v, i) => (max = Math.max(max, Math.abs(v - b[k]![i]!)))));
  return max;
}

const options = (modelsDir: string) =>
  ({ modelsDir, cardsDir: DEFAULT_MODELS_DIR, executionProvider: "cpu" }) as const;

describe("kept optimised graphs", () => {
  it("are kept at the first open, loaded at the next, and compute the source graph's maps", async () => {
    const dir = scratchDir();
    const card = await readCard(DEFAULT_MODELS_DIR, "ocr-det");
    const images = await fixtureImages();
    const source = await createOnnxRunner("ocr-det", modelFilePath(card, DEFAULT_MODELS_DIR), {
      executionProvider: "cpu",
    });
    const expected = await maps(source, images);
    await source.close();

    const first = await openModel("ocr-det", options(dir));
    const kept = await keptOptimisedGraph(card, dir);
    expect(kept).toBe(optimisedGraphPath(card, dir));
    const written = statSync(kept!).mtimeMs;
    expect(maxDelta(await maps(first, images), expected)).toBe(0);
    await first.close();

    const second = await openModel("ocr-det", options(dir));
    expect(statSync(kept!).mtimeMs).toBe(written); // loaded, not optimised and written again
    const got = await maps(second, images);
    await second.close();
    expect(got.some((m) => m.some((v) => v > 0.3))).toBe(true); // print on the photos: not an empty comparison
    expect(maxDelta(got, expected)).toBe(0);
  }, 120_000);

  it("are not trusted once changed on disk, and not kept for other optimisation levels", async () => {
    const dir = scratchDir();
    const card = await readCard(DEFAULT_MODELS_DIR, "ocr-det");
    await (await openModel("ocr-det", options(dir))).close();
    const kept = optimisedGraphPath(card, dir);
    writeFileSync(kept, "not a graph");
    expect(await keptOptimisedGraph(card, dir)).toBeNull();
    const reopened = await openModel("ocr-det", options(dir)); // optimises the source again and keeps it
    expect(reopened.outputNames).toHaveLength(1);
    await reopened.close();
    expect(await keptOptimisedGraph(card, dir)).toBe(kept);
    expect(statSync(kept).size).toBeGreaterThan(1_000_000);

    // A graph kept for an older model hash is removed once the current one is kept; another card's is left alone.
    const stale = join(dir, OPTIMISED_DIR, `ocr-det-${"0".repeat(16)}-${"0".repeat(16)}.onnx`);
    const another = join(dir, OPTIMISED_DIR, `ocr-rec-${"0".repeat(16)}-${"0".repeat(16)}.onnx`);
    writeFileSync(stale, "old");
    writeFileSync(`${stale}.json`, "{}");
    writeFileSync(another, "other");
    writeFileSync(kept, "changed again");
    await (await openModel("ocr-det", options(dir))).close();
    expect(existsSync(stale) || existsSync(`${stale}.json`)).toBe(false);
    expect(existsSync(another)).toBe(true);
    expect(await keptOptimisedGraph(card, dir)).toBe(kept);

    const other = scratchDir();
    await (await openModel("ocr-det", { ...options(other), graphOptimisationLevel: "basic" })).close();
    expect(await keptOptimisedGraph(card, other)).toBeNull();
  }, 120_000);

  it("are made at install (models build prepares each model once): the first start loads them", async () => {
    const dir = scratchDir();
    const card = await readCard(DEFAULT_MODELS_DIR, "ocr-det");
    expect(await prepareModels(["ocr-det"], { modelsDir: dir, cardsDir: DEFAULT_MODELS_DIR })).toEqual([]);
    expect(await keptOptimisedGraph(card, dir)).toBe(optimisedGraphPath(card, dir));
    expect(await verifiedModel(card, dir)).toEqual({ path: modelFilePath(card, dir) }); // vouched: not hashed again
  }, 60_000);
});
