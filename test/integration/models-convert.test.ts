import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createOnnxRunner } from "../../core/adapters/onnx-runtime.ts";
import { convertGraph, convertTfjsModel } from "../../core/models/convert.ts";
import { UnsupportedOpError } from "../../core/models/onnx/ops/index.ts";
import { packageDir, sha256Hex } from "../../core/models/paths.ts";
import { readTfjsGraph, type TfjsGraph, type TfNode, type TfWeight } from "../../core/models/tfjs-graph.ts";
import { listModels } from "../../core/models/registry.ts";

const HUMAN = join(packageDir("@vladmandic/human"), "models");
const int32 = { type: "DT_INT32" };

function graph(nodes: TfNode[], weights: Record<string, TfWeight>): TfjsGraph {
  const json = {
    format: "graph-model",
    modelTopology: { node: nodes },
    weightsManifest: [],
  } as unknown as TfjsGraph["json"];
  return { json, nodes, weights: new Map(Object.entries(weights)), shardPaths: [] };
}

describe("TFJS → ONNX conversion", () => {
  it("is byte-for-byte deterministic and gives the hash on the card", async () => {
    const [a, b] = [
      await convertTfjsModel(join(HUMAN, "iris.json"), "iris"),
      await convertTfjsModel(join(HUMAN, "iris.json"), "iris"),
    ];
    expect(sha256Hex(a.bytes)).toBe(sha256Hex(b.bytes));
    const card = (await listModels()).find((c) => c.id === "iris")!;
    expect(sha256Hex(a.bytes)).toBe(card.sha256);
  });

  it("names the op and the node it cannot convert", () => {
    const nodes: TfNode[] = [
      { name: "x", op: "Placeholder", attr: { dtype: { type: "DT_FLOAT" } } },
      { name: "block/weird", op: "Einsum", input: ["x"] },
    ];
    const convert = (): unknown => convertGraph(graph(nodes, {}), "g");
    expect(convert).toThrow(UnsupportedOpError);
    expect(convert).toThrow(/"Einsum" at node "block\/weird"/);
  });

  it("keeps TF's floor semantics for negative integers and slices like TF", async () => {
    const three: TfWeight = { dtype: "int32", shape: [], data: Int32Array.from([3]) };
    const vec = (values: number[]): TfWeight => ({
      dtype: "int32",
      shape: [values.length],
      data: Int32Array.from(values),
    });
    const nodes: TfNode[] = [
      {
        name: "x",
        op: "Placeholder",
        attr: { dtype: int32, shape: { shape: { dim: [{ size: "2" }, { size: "3" }] } } },
      },
      { name: "three", op: "Const" },
      { name: "div", op: "FloorDiv", input: ["x", "three"], attr: { T: int32 } },
      { name: "mod", op: "FloorMod", input: ["x", "three"], attr: { T: int32 } },
      { name: "b", op: "Const" },
      { name: "e", op: "Const" },
      { name: "s", op: "Const" },
      // x[:, 1] — begin_mask on axis 0, shrink on axis 1
      {
        name: "col",
        op: "StridedSlice",
        input: ["x", "b", "e", "s"],
        attr: { T: int32, begin_mask: { i: "1" }, end_mask: { i: "1" }, shrink_axis_mask: { i: "2" } },
      },
    ];
    const converted = convertGraph(
      graph(nodes, { three, b: vec([0, 1]), e: vec([0, 2]), s: vec([1, 1]) }),
      "ops",
    );
    const runner = await createOnnxRunner("ops", converted.bytes, { executionProvider: "cpu" });
    try {
      const out = await runner.run({
        x: { type: "int32", data: Int32Array.from([-7, -1, 5, 9, 0, -3]), dims: [2, 3] },
      });
      expect(Array.from(out.div!.data as Int32Array)).toEqual([-3, -1, 1, 3, 0, -1]);
      expect(Array.from(out.mod!.data as Int32Array)).toEqual([2, 2, 2, 0, 0, 0]);
      expect(Array.from(out.col!.data as Int32Array)).toEqual([-1, 0]);
    } finally {
      await runner.close();
    }
  });

  it("dequantises uint8 affine weights (value = q * scale + min)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stridelight-tfjs-"));
    try {
      const manifest = [
        {
          paths: ["w.bin"],
          weights: [
            {
              name: "w",
              shape: [3],
              dtype: "float32",
              quantization: { dtype: "uint8", scale: 0.5, min: -1 },
            },
          ],
        },
      ];
      const json = {
        format: "graph-model",
        modelTopology: { node: [{ name: "w", op: "Const" }] },
        weightsManifest: manifest,
      };
      await writeFile(join(dir, "model.json"), JSON.stringify(json));
      await writeFile(join(dir, "w.bin"), Uint8Array.from([0, 2, 255]));
      const read = await readTfjsGraph(join(dir, "model.json"));
      expect(Array.from(read.weights.get("w")!.data)).toEqual([-1, 0, 126.5]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
