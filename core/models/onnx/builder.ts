/**
 * A small typed API to build an ONNX model (nodes + initializers + typed inputs/outputs) and encode it to bytes.
 * Encoding is deterministic: the same calls in the same order give the same bytes (no timestamps, no maps).
 *
 * Example — a scoring head y = sigmoid(relu(x·W1 + b1)·W2 + b2) with a dynamic batch dimension:
 *
 *   const g = new OnnxGraphBuilder("keeper-head");
 *   g.addInput("features", "float32", ["batch", 8]);
 *   g.addInitializer("W1", "float32", [8, 4], w1);            // Float32Array of 32 values
 *   g.addInitializer("b1", "float32", [4], b1);
 *   g.addInitializer("W2", "float32", [4, 1], w2);
 *   g.addInitializer("b2", "float32", [1], b2);
 *   g.addNode("MatMul", ["features", "W1"], ["h0"]);
 *   g.addNode("Add", ["h0", "b1"], ["h1"]);
 *   g.addNode("Relu", ["h1"], ["h2"]);
 *   g.addNode("MatMul", ["h2", "W2"], ["h3"]);
 *   g.addNode("Add", ["h3", "b2"], ["h4"]);
 *   g.addNode("Sigmoid", ["h4"], ["score"]);
 *   g.addOutput("score", "float32", ["batch", 1]);
 *   const bytes = g.encode();                                 // Uint8Array, write it to models/<id>.onnx
 */
import { onnx, type OnnxProto } from "./proto.ts";

/** Element types the builder can declare. */
export type OnnxDType = "float32" | "int32" | "int64" | "uint8" | "bool";
/** A dimension: a fixed size, or a name for a dynamic one (e.g. "batch"). */
export type OnnxDim = number | string;
/** An int (number), string, ints (number[]), or an explicit float / floats (`{ float: 1 }` keeps 1.0 a float). */
export type AttributeValue =
  number | string | readonly number[] | { readonly float: number } | { readonly floats: readonly number[] };

export interface OnnxValueInfo {
  readonly name: string;
  readonly dtype: OnnxDType;
  readonly shape: readonly OnnxDim[] | undefined;
}

export type InitializerData = Float32Array | Int32Array | BigInt64Array | Uint8Array;

/** ONNX's default opset used by our models (18: Resize with `axes`, ReduceMean with axes as input). */
export const DEFAULT_OPSET = 18;
/** IR version 8 is the newest the `onnx-proto` schema knows, and the one opset 18 needs. */
const IR_VERSION = 8;

const DATA_TYPE: Record<OnnxDType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  uint8: onnx.TensorProto.DataType.UINT8,
  bool: onnx.TensorProto.DataType.BOOL,
};

export class OnnxGraphBuilder {
  private readonly nodes: OnnxProto.INodeProto[] = [];
  private readonly initializers: OnnxProto.ITensorProto[] = [];
  private readonly initializerNames = new Set<string>();
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private nodeCount = 0;

  constructor(
    readonly graphName: string,
    readonly opset: number = DEFAULT_OPSET,
  ) {}

  addInput(name: string, dtype: OnnxDType, shape?: readonly OnnxDim[]): void {
    this.inputs.push({ name, dtype, shape });
  }

  addOutput(name: string, dtype: OnnxDType, shape?: readonly OnnxDim[]): void {
    this.outputs.push({ name, dtype, shape });
  }

  hasInitializer(name: string): boolean {
    return this.initializerNames.has(name);
  }

  /** Adds a constant tensor; the data is copied as little-endian raw bytes. */
  addInitializer(name: string, dtype: OnnxDType, dims: readonly number[], data: InitializerData): void {
    if (this.initializerNames.has(name)) throw new Error(`ONNX builder: initializer "${name}" added twice`);
    const expected = dims.reduce((a, b) => a * b, 1);
    if (data.length !== expected) {
      throw new Error(
        `ONNX builder: initializer "${name}" has ${data.length} values, dims ${dims.join("x")} need ${expected}`,
      );
    }
    this.initializerNames.add(name);
    const rawData = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.initializers.push({ name, dataType: DATA_TYPE[dtype], dims: [...dims], rawData });
  }

  /** Adds a node; returns its name (given, or a stable generated one). */
  addNode(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: Record<string, AttributeValue> = {},
    name?: string,
  ): string {
    const nodeName = name ?? `${opType}_${this.nodeCount}`;
    this.nodeCount += 1;
    const attribute = Object.keys(attributes)
      .sort()
      .map((key) => encodeAttribute(key, attributes[key] as AttributeValue));
    this.nodes.push({ name: nodeName, opType, input: [...inputs], output: [...outputs], attribute });
    return nodeName;
  }

  describeInputs(): readonly OnnxValueInfo[] {
    return this.inputs;
  }

  describeOutputs(): readonly OnnxValueInfo[] {
    return this.outputs;
  }

  /** Encodes the model to protobuf bytes. */
  encode(metadata: Record<string, string> = {}): Uint8Array {
    const model: OnnxProto.IModelProto = {
      irVersion: IR_VERSION,
      opsetImport: [{ domain: "", version: this.opset }],
      producerName: "stridelight",
      producerVersion: "1",
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
      },
      metadataProps: Object.keys(metadata)
        .sort()
        .map((key) => ({ key, value: metadata[key] })),
    };
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(info: OnnxValueInfo): OnnxProto.IValueInfoProto {
  const shape = info.shape?.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d }));
  return {
    name: info.name,
    type: { tensorType: { elemType: DATA_TYPE[info.dtype], ...(shape ? { shape: { dim: shape } } : {}) } },
  };
}

const AttributeType = onnx.AttributeProto.AttributeType;

function encodeAttribute(name: string, value: AttributeValue): OnnxProto.IAttributeProto {
  if (typeof value === "string")
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === "number") {
    return Number.isInteger(value)
      ? { name, type: AttributeType.INT, i: value }
      : { name, type: AttributeType.FLOAT, f: value };
  }
  if ("float" in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ("floats" in value) return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
  return { name, type: AttributeType.INTS, ints: [...value] };
}
