/** What an op converter sees: the TF node, and helpers to name tensors and add ONNX nodes / constants. */
import type { TfNode, TfWeight } from "../../tfjs-graph.ts";
import type { AttributeValue, InitializerData, OnnxDType, OnnxGraphBuilder } from "../builder.ts";

export interface ConvertContext {
  readonly node: TfNode;
  readonly builder: OnnxGraphBuilder;
  /** Number of data inputs (control inputs `^x` excluded). */
  readonly inputCount: number;
  /** ONNX tensor name of data input i (a TF constant becomes an initializer on first use). */
  tensor(i: number): string;
  /** The constant value of data input i, if it is a Const node. */
  constant(i: number): TfWeight | undefined;
  /** Like constant(), but a clear error if the input is computed. */
  requireConstant(i: number, role: string): TfWeight;
  /** Data input i as an int64 tensor (ONNX wants int64 for shapes, axes, indices, k …). */
  int64(i: number): string;
  /** ONNX name of the node's output k. */
  output(k?: number): string;
  /** A fresh, stable intermediate tensor name. */
  temp(label: string): string;
  /** A derived constant (e.g. a transposed filter), added once under the given name. */
  initializer(name: string, dtype: OnnxDType, dims: readonly number[], data: () => InitializerData): string;
  int64Const(label: string, values: readonly number[], dims?: readonly number[]): string;
  floatConst(label: string, values: readonly number[], dims?: readonly number[]): string;
  /** Adds an ONNX node named after the TF node. */
  add(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attrs?: Record<string, AttributeValue>,
  ): void;
}

export type OpConverter = (ctx: ConvertContext) => void;

/** A TF op (or fused op combination) the converter does not know; names the op and the node. */
export class UnsupportedOpError extends Error {
  constructor(
    readonly op: string,
    readonly nodeName: string,
    detail = "",
  ) {
    super(`unsupported TensorFlow op "${op}" at node "${nodeName}"${detail ? `: ${detail}` : ""}`);
    this.name = "UnsupportedOpError";
  }
}

/** Transposes between TF's NHWC and ONNX's NCHW, for the ops that only exist in NCHW. */
export const NHWC_TO_NCHW = [0, 3, 1, 2] as const;
export const NCHW_TO_NHWC = [0, 2, 3, 1] as const;

export function toNchw(ctx: ConvertContext, input: string): string {
  const out = ctx.temp("nchw");
  ctx.add("Transpose", [input], [out], { perm: NHWC_TO_NCHW });
  return out;
}

export function toNhwc(ctx: ConvertContext, input: string, output: string): void {
  ctx.add("Transpose", [input], [output], { perm: NCHW_TO_NHWC });
}
