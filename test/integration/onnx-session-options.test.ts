/**
 * The sessions' memory settings, checked on real onnxruntime sessions: weight pre-packing is off by default (it
 * keeps a second copy of the weights in every worker) and a session without it computes what one with it computes:
 * the PaddleOCR text detector over the fixture photos, whole frame.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createOnnxRunner, sessionOptions } from "../../core/adapters/onnx-runtime.ts";
import sharp from "sharp";
import { readCard } from "../../core/models/cards.ts";
import { modelFilePath } from "../../core/models/model-file.ts";
import { DEFAULT_MODELS_DIR } from "../../core/models/paths.ts";
import { TextDetector } from "../../core/pipeline/models/index.ts";
import type { ModelRunner, TensorData } from "../../core/domain/ports.ts";

const PHOTOS = resolve(import.meta.dirname, "../fixtures/photos");

/** A runner that keeps every output it gave (the probability maps). */
function recording(runner: ModelRunner, maps: Float32Array[]): ModelRunner {
  return {
    ...runner,
    inputNames: runner.inputNames,
    outputNames: runner.outputNames,
    async run(feeds: Record<string, TensorData>) {
      const out = await runner.run(feeds);
      maps.push(Float32Array.from(out[runner.outputNames[0]!]!.data as Float32Array));
      return out;
    },
  };
}

describe("onnxruntime session options", () => {
  it("turn weight pre-packing off unless asked for", () => {
    expect(sessionOptions("cpu", {}, false).extra).toEqual({ session: { disable_prepacking: "1" } });
    expect(sessionOptions("cpu", { prepackWeights: true }, false).extra).toBeUndefined();
    expect(sessionOptions("cpu", {}, false).enableCpuMemArena).toBe(false);
  });

  it("give the same text maps and boxes without pre-packed weights", async () => {
    const file = modelFilePath(await readCard(DEFAULT_MODELS_DIR, "ocr-det"), DEFAULT_MODELS_DIR);
    const photos = readdirSync(PHOTOS).filter((f) => f.endsWith(".jpg"));
    const results: Array<{ maps: Float32Array[]; boxes: unknown[] }> = [];
    for (const prepackWeights of [false, true]) {
      const runner = await createOnnxRunner("ocr-det", file, { executionProvider: "cpu", prepackWeights });
      const maps: Float32Array[] = [];
      const detector = new TextDetector(recording(runner, maps));
      const boxes: unknown[] = [];
      for (const photo of photos) {
        const { data, info } = await sharp(join(PHOTOS, photo))
          .resize(1024, 1024, { fit: "inside" })
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        const image = { data: new Uint8Array(data), width: info.width, height: info.height };
        boxes.push((await detector.detect(image, { x: 0, y: 0, w: image.width, h: image.height })).boxes);
      }
      results.push({ maps, boxes });
      await runner.close();
    }
    const [off, on] = results as [(typeof results)[0], (typeof results)[0]];
    expect(off.boxes.flat().length).toBeGreaterThan(0); // print on the photos: not an empty comparison
    expect(off.boxes).toEqual(on.boxes);
    let maxDelta = 0;
    off.maps.forEach((map, k) => {
      for (let i = 0; i < map.length; i++) maxDelta = Math.max(maxDelta, Math.abs(map[i]! - on.maps[k]![i]!));
    });
    expect(maxDelta).toBeLessThan(1e-4);
  }, 120_000);
});
