import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listedExecutionProviders } from "../../core/adapters/onnx-runtime.ts";
import { buildModels } from "../../core/models/build.ts";
import {
  listModels,
  ModelHashMismatchError,
  openModel,
  UnknownModelError,
} from "../../core/models/registry.ts";
import { DEFAULT_MODELS_DIR, sha256Hex } from "../../core/models/paths.ts";
import { VERIFIED_CACHE_FILE, verifiedModel } from "../../core/models/model-file.ts";

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "stridelight-models-"));
  await buildModels({ only: ["emotion"] }); // the repository copy, so the tamper test has something to copy
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("model registry", () => {
  it("lists every card, converted and ready-made", async () => {
    const ids = (await listModels()).map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "blazeface",
        "centernet",
        "emotion",
        "facemesh",
        "iris",
        "movenet-lightning",
        "ocr-det",
        "ocr-rec",
      ]),
    );
  });

  it("builds a missing model on first open into the models folder, then runs it", async () => {
    const dir = join(scratch, "fresh");
    const runner = await openModel("emotion", { modelsDir: dir, executionProvider: "cpu" });
    try {
      const card = (await listModels()).find((c) => c.id === "emotion")!;
      expect(sha256Hex(await readFile(join(dir, "emotion.onnx")))).toBe(card.sha256);
      const gray = new Float32Array(64 * 64).fill(0.1);
      const out = await runner.run({ "input_1:0": { type: "float32", data: gray, dims: [1, 64, 64, 1] } });
      const probabilities = Array.from(out["Identity:0"]!.data as Float32Array);
      expect(probabilities).toHaveLength(7);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    } finally {
      await runner.close();
    }
  });

  it("refuses a tampered model file, naming the file and both hashes", async () => {
    const dir = join(scratch, "tampered");
    await buildModels({ modelsDir: dir, only: ["emotion"] });
    const file = join(dir, "emotion.onnx");
    const bytes = await readFile(file);
    const at = bytes.length - 100;
    bytes[at] = bytes[at]! ^ 0x01;
    await writeFile(file, bytes);
    const card = (await listModels()).find((c) => c.id === "emotion")!;
    const error = await openModel("emotion", { modelsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelHashMismatchError);
    expect(error).toMatchObject({ file, expected: card.sha256, actual: sha256Hex(bytes) });
    expect((error as Error).message).toContain(file);
  });

  it("refuses a ready-made package model whose card hash does not match", async () => {
    const cards = join(scratch, "cards");
    await rm(cards, { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => fs.mkdir(cards));
    const text = await readFile(join(DEFAULT_MODELS_DIR, "ocr-det.card.json"), "utf8");
    const card = JSON.parse(text) as { sha256: string };
    await writeFile(join(cards, "ocr-det.card.json"), JSON.stringify({ ...card, sha256: "0".repeat(64) }));
    await expect(openModel("ocr-det", { cardsDir: cards })).rejects.toThrow(
      /ch_PP-OCRv4_det_infer\.onnx: sha256 [0-9a-f]{64} does not match/,
    );
  });

  it("opens the ready-made OCR recogniser in place and runs it", async () => {
    const runner = await openModel("ocr-rec", { executionProvider: "cpu" });
    try {
      const out = await runner.run({
        x: { type: "float32", data: new Float32Array(3 * 48 * 96), dims: [1, 3, 48, 96] },
      });
      expect(out[runner.outputNames[0]!]!.dims.at(-1)).toBe(6625);
    } finally {
      await runner.close();
    }
  });

  it("'auto' picks a provider that initialises and says which (CPU on machines without a GPU)", async () => {
    const runner = await openModel("emotion", { executionProvider: "auto" });
    try {
      expect(listedExecutionProviders()).toContain(runner.executionProvider);
      if (listedExecutionProviders().length === 1) expect(runner.executionProvider).toBe("cpu");
    } finally {
      await runner.close();
    }
  });

  it("names an unknown model", async () => {
    await expect(openModel("no-such-model")).rejects.toBeInstanceOf(UnknownModelError);
  });

  it("hashes a model once: the next start loads the verified file by path, a changed file is hashed again", async () => {
    const dir = join(scratch, "vouched");
    await buildModels({ modelsDir: dir, only: ["emotion"] });
    const card = (await listModels()).find((c) => c.id === "emotion")!;
    const first = await verifiedModel(card, dir);
    expect("bytes" in first).toBe(true);
    const second = await verifiedModel(card, dir);
    expect(second).toEqual({ path: join(dir, "emotion.onnx") });
    const runner = await openModel("emotion", { modelsDir: dir, executionProvider: "cpu" });
    await runner.close();
    // Tampered after it was vouched for: the fingerprint changed, so the file is hashed again and refused.
    const file = join(dir, "emotion.onnx");
    const bytes = await readFile(file);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0x01;
    await writeFile(file, bytes);
    await expect(verifiedModel(card, dir)).rejects.toBeInstanceOf(ModelHashMismatchError);
    await expect(openModel("emotion", { modelsDir: dir })).rejects.toBeInstanceOf(ModelHashMismatchError);
  });

  it("models opened side by side are all vouched for after one start (none hashed again at the next)", async () => {
    const dir = join(scratch, "side-by-side");
    const ids = ["emotion", "iris", "blazeface"];
    await buildModels({ modelsDir: dir, only: ids });
    const cards = (await listModels()).filter((c) => ids.includes(c.id));
    const first = await Promise.all(cards.map((card) => verifiedModel(card, dir)));
    expect(first.every((v) => "bytes" in v)).toBe(true);
    const cache = JSON.parse(await readFile(join(dir, VERIFIED_CACHE_FILE), "utf8")) as object;
    expect(Object.keys(cache).sort()).toEqual(ids.map((id) => join(dir, `${id}.onnx`)).sort());
    const again = await Promise.all(cards.map((card) => verifiedModel(card, dir)));
    expect(again.every((v) => "path" in v)).toBe(true);
  });

  it("a vouched file is still checked against a card whose hash changed", async () => {
    const dir = join(scratch, "recarded");
    await buildModels({ modelsDir: dir, only: ["emotion"] });
    const card = (await listModels()).find((c) => c.id === "emotion")!;
    await verifiedModel(card, dir);
    const cache = JSON.parse(await readFile(join(dir, VERIFIED_CACHE_FILE), "utf8")) as object;
    expect(Object.keys(cache)).toEqual([join(dir, "emotion.onnx")]);
    const error = await verifiedModel({ ...card, sha256: "0".repeat(64) }, dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ expected: "0".repeat(64), actual: card.sha256 });
  });

  it("a stale copy is rebuilt by buildModels, an intact one is left alone", async () => {
    const dir = join(scratch, "stale");
    await buildModels({ modelsDir: dir, only: ["emotion"] });
    const file = join(dir, "emotion.onnx");
    await copyFile(join(DEFAULT_MODELS_DIR, "blazeface.card.json"), file); // wrong content
    const report = await buildModels({ modelsDir: dir, only: ["emotion"] });
    expect(report.models[0]).toMatchObject({ id: "emotion", status: "built" });
    const again = await buildModels({ modelsDir: dir, only: ["emotion"] });
    expect(again.models[0]).toMatchObject({ id: "emotion", status: "up-to-date" });
  });
});
