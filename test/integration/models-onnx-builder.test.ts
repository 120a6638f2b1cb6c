import { describe, expect, it } from "vitest";
import { createOnnxRunner } from "../../core/adapters/onnx-runtime.ts";
import { OnnxGraphBuilder } from "../../core/models/onnx/builder.ts";
import { sha256Hex } from "../../core/models/paths.ts";

/** y = sigmoid(relu(x·W1 + b1)·W2 + b2): the shape of the small scoring heads others will write. */
function scoringHead(): Uint8Array {
  const g = new OnnxGraphBuilder("head");
  g.addInput("features", "float32", ["batch", 2]);
  g.addInitializer("W1", "float32", [2, 2], Float32Array.from([1, -1, 2, 0.5]));
  g.addInitializer("b1", "float32", [2], Float32Array.from([0, -1]));
  g.addInitializer("W2", "float32", [2, 1], Float32Array.from([0.5, -2]));
  g.addInitializer("b2", "float32", [1], Float32Array.from([0.25]));
  g.addNode("MatMul", ["features", "W1"], ["h0"]);
  g.addNode("Add", ["h0", "b1"], ["h1"]);
  g.addNode("Relu", ["h1"], ["h2"]);
  g.addNode("MatMul", ["h2", "W2"], ["h3"]);
  g.addNode("Add", ["h3", "b2"], ["h4"]);
  g.addNode("Sigmoid", ["h4"], ["score"]);
  g.addOutput("score", "float32", ["batch", 1]);
  return g.encode();
}

function byHand([x0, x1]: [number, number]): number {
  const h = [Math.max(0, x0 * 1 + x1 * 2 + 0), Math.max(0, x0 * -1 + x1 * 0.5 - 1)];
  return 1 / (1 + Math.exp(-(h[0]! * 0.5 + h[1]! * -2 + 0.25)));
}

describe("ONNX builder", () => {
  it("builds a scoring head that onnxruntime runs with a dynamic batch, matching hand-computed numbers", async () => {
    const runner = await createOnnxRunner("head", scoringHead(), { executionProvider: "cpu" });
    try {
      const rows: [number, number][] = [
        [1, 2],
        [-3, 0.5],
        [0, 0],
      ];
      const out = await runner.run({
        features: { type: "float32", data: Float32Array.from(rows.flat()), dims: [3, 2] },
      });
      expect(out.score!.dims).toEqual([3, 1]);
      Array.from(out.score!.data as Float32Array).forEach((v, i) =>
        expect(v).toBeCloseTo(byHand(rows[i]!), 6),
      );
    } finally {
      await runner.close();
    }
  });

  it("encodes deterministically", () => {
    expect(sha256Hex(scoringHead())).toBe(sha256Hex(scoringHead()));
  });

  it("rejects an initializer whose data does not fit its dims", () => {
    const g = new OnnxGraphBuilder("bad");
    expect(() => g.addInitializer("W", "float32", [2, 3], new Float32Array(5))).toThrow(/W.*5 values.*2x3/);
  });
});
