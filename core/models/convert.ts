/**
 * TFJS graph model → ONNX. The model keeps TFJS's own interface (input/output names, NHWC shapes, dtypes); layout
 * changes happen inside, around the ops that need NCHW. Output bytes are deterministic for the same input files.
 */
import { OnnxGraphBuilder, type OnnxDim, type OnnxDType, type OnnxValueInfo } from "./onnx/builder.ts";
import { onnxTypeOfTf, attrType } from "./onnx/ops/attrs.ts";
import { type ConvertContext, OP_CONVERTERS, UnsupportedOpError } from "./onnx/ops/index.ts";
import {
  readTfjsGraph,
  type TfjsGraph,
  type TfNode,
  type TfTensorSpec,
  type TfWeight,
} from "./tfjs-graph.ts";

/** Bumped whenever the produced bytes change for the same source; recorded on every card. */
export const CONVERTER_VERSION = "1.0.0";

export interface ConvertedModel {
  readonly bytes: Uint8Array;
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  /** Distinct TF ops the source graph used (Const/Placeholder excluded), sorted. */
  readonly tfOps: readonly string[];
}

interface GraphEnd {
  readonly name: string;
  readonly ref: string;
  readonly dtype: OnnxDType;
  readonly shape: readonly OnnxDim[] | undefined;
}

export async function convertTfjsModel(modelJsonPath: string, graphName: string): Promise<ConvertedModel> {
  return convertGraph(await readTfjsGraph(modelJsonPath), graphName);
}

export function convertGraph(graph: TfjsGraph, graphName: string): ConvertedModel {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const { inputs, outputs } = graphEnds(graph, byName);
  const builder = new OnnxGraphBuilder(graphName);
  const renamed = new Map(inputs.map((i) => [nodeOf(i.ref), i.name]));
  for (const input of inputs) builder.addInput(input.name, input.dtype, input.shape);
  const order = topologicalOrder(
    outputs.map((o) => nodeOf(o.ref)),
    byName,
  );
  for (const node of order) convertNode(node, builder, graph.weights, renamed);
  for (const output of outputs) {
    const internal = tensorName(output.ref, renamed);
    if (internal !== output.name)
      builder.addNode("Identity", [internal], [output.name], {}, `output:${output.name}`);
    builder.addOutput(output.name, output.dtype, output.shape);
  }
  const tfOps = [...new Set(order.map((n) => n.op))]
    .filter((op) => op !== "Const" && op !== "Placeholder")
    .sort();
  return {
    bytes: builder.encode(),
    inputs: builder.describeInputs(),
    outputs: builder.describeOutputs(),
    tfOps,
  };
}

/** "node:1" → node; "^node" (control) → node. */
function nodeOf(ref: string): string {
  return ref.replace(/^\^/, "").replace(/:\d+$/, "");
}

function outputIndex(ref: string): number {
  const match = /:(\d+)$/.exec(ref);
  return match ? Number(match[1]) : 0;
}

/** ONNX tensor name of a TF output: the node name for output 0, "node:k" for the others. */
function tensorName(ref: string, renamed: ReadonlyMap<string, string>): string {
  const node = nodeOf(ref);
  const k = outputIndex(ref);
  return renamed.get(node) ?? (k === 0 ? node : `${node}:${k}`);
}

/** Depth-first from the outputs, inputs in order: deterministic, and drops nodes no output needs. */
function topologicalOrder(roots: readonly string[], byName: ReadonlyMap<string, TfNode>): TfNode[] {
  const order: TfNode[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`TFJS graph has a cycle through node "${name}"`);
    const node = byName.get(name);
    if (!node) throw new Error(`TFJS graph refers to missing node "${name}"`);
    state.set(name, "visiting");
    for (const ref of node.input ?? []) if (!ref.startsWith("^")) visit(nodeOf(ref));
    state.set(name, "done");
    order.push(node);
  };
  // Recursion depth is the graph's depth: a few hundred nodes for these models, far below the stack limit.
  roots.forEach(visit);
  return order;
}

function convertNode(
  node: TfNode,
  builder: OnnxGraphBuilder,
  weights: ReadonlyMap<string, TfWeight>,
  renamed: ReadonlyMap<string, string>,
): void {
  if (node.op === "Const" || node.op === "Placeholder") return;
  const converter = OP_CONVERTERS[node.op];
  if (!converter) throw new UnsupportedOpError(node.op, node.name);
  converter(createContext(node, builder, weights, renamed));
}

function createContext(
  node: TfNode,
  builder: OnnxGraphBuilder,
  weights: ReadonlyMap<string, TfWeight>,
  renamed: ReadonlyMap<string, string>,
): ConvertContext {
  const refs = (node.input ?? []).filter((r) => !r.startsWith("^"));
  let temps = 0;
  const refAt = (i: number): string => {
    const ref = refs[i];
    if (ref === undefined) throw new UnsupportedOpError(node.op, node.name, `missing input ${i}`);
    return ref;
  };
  const constant = (i: number): TfWeight | undefined => weights.get(nodeOf(refAt(i)));
  const initializer: ConvertContext["initializer"] = (name, dtype, dims, data) => {
    if (!builder.hasInitializer(name)) builder.addInitializer(name, dtype, dims, data());
    return name;
  };
  const ctx: ConvertContext = {
    node,
    builder,
    inputCount: refs.length,
    tensor: (i) => {
      const value = constant(i);
      const name = tensorName(refAt(i), renamed);
      return value ? initializer(name, value.dtype, value.shape, () => value.data) : name;
    },
    constant,
    requireConstant: (i, role) => {
      const value = constant(i);
      if (!value) throw new UnsupportedOpError(node.op, node.name, `${role} (input ${i}) must be a constant`);
      return value;
    },
    int64: (i) => {
      const value = constant(i);
      if (value)
        return initializer(`${nodeOf(refAt(i))}::i64`, "int64", value.shape, () => toInt64(value.data));
      const out = ctx.temp("i64");
      ctx.add("Cast", [ctx.tensor(i)], [out], { to: 7 });
      return out;
    },
    output: (k = 0) => tensorName(`${node.name}:${k}`, renamed),
    temp: (label) => `${node.name}::${label}${temps++}`,
    initializer,
    int64Const: (label, values, dims) =>
      initializer(`${node.name}::${label}`, "int64", dims ?? [values.length], () => toInt64(values)),
    floatConst: (label, values, dims) =>
      initializer(`::${label}:${values.join(",")}`, "float32", dims ?? [values.length], () =>
        Float32Array.from(values),
      ),
    add: (opType, inputs, outputs, attrs) => {
      builder.addNode(opType, inputs, outputs, attrs, `${node.name}::${opType}${temps++}`);
    },
  };
  return ctx;
}

function toInt64(values: ArrayLike<number>): BigInt64Array {
  return BigInt64Array.from(Array.from(values), (v) => BigInt(Math.trunc(v)));
}

/** Inputs and outputs exactly as tfjs-converter's GraphModel names them (signature keys, else node names). */
function graphEnds(
  graph: TfjsGraph,
  byName: ReadonlyMap<string, TfNode>,
): { inputs: GraphEnd[]; outputs: GraphEnd[] } {
  // tfjs-converter reads the signature from userDefinedMetadata when the top-level one is absent.
  const signature = graph.json.signature ?? graph.json.userDefinedMetadata?.signature;
  const sigInputs = Object.entries(signature?.inputs ?? {});
  const inputs =
    sigInputs.length > 0
      ? sigInputs.map(([key, spec]) => endFromSpec(key, spec, byName))
      : graph.nodes.filter((n) => n.op.startsWith("Placeholder")).map((n) => placeholderEnd(n));
  const sigOutputs = Object.entries(signature?.outputs ?? {});
  const outputs =
    sigOutputs.length > 0
      ? sigOutputs.map(([key, spec]) => endFromSpec(key, spec, byName))
      : sinks(graph.nodes).map((n) => sinkEnd(n));
  return { inputs, outputs };
}

function endFromSpec(key: string, spec: TfTensorSpec, byName: ReadonlyMap<string, TfNode>): GraphEnd {
  const node = byName.get(nodeOf(spec.name));
  if (!node) throw new Error(`signature names missing node "${spec.name}"`);
  const shape = specShape(spec) ?? (node.op === "Placeholder" ? placeholderEnd(node).shape : undefined);
  return { name: key, ref: spec.name, dtype: onnxTypeOfTf(spec.dtype) ?? "float32", shape };
}

function placeholderEnd(node: TfNode): GraphEnd {
  const dims = (node.attr?.shape?.shape as { dim?: { size?: string }[] } | undefined)?.dim;
  return {
    name: node.name,
    ref: node.name,
    dtype: attrType(node, "dtype") ?? "float32",
    shape: dims?.map(toDim),
  };
}

/** A graph end with no signature: its type comes from the op's own type attributes. */
function sinkEnd(node: TfNode): GraphEnd {
  const dtype = attrType(node, "DstT") ?? attrType(node, "output_type") ?? attrType(node, "T") ?? "float32";
  return { name: node.name, ref: node.name, dtype, shape: undefined };
}

function sinks(nodes: readonly TfNode[]): TfNode[] {
  const used = new Set(nodes.flatMap((n) => (n.input ?? []).map(nodeOf)));
  return nodes.filter((n) => !used.has(n.name));
}

function specShape(spec: TfTensorSpec): OnnxDim[] | undefined {
  return spec.tensorShape?.dim?.map(toDim);
}

function toDim(dim: { size?: string }): OnnxDim {
  const size = Number(dim.size ?? -1);
  return size < 0 ? "batch" : size;
}
