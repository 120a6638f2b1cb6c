/**
 * Convolutions and pooling. TF runs them in NHWC; ONNX only in NCHW, so each is wrapped in Transpose pairs and
 * its fused activation applied before transposing back (onnxruntime then fuses Conv+activation and cancels the
 * back-to-back transposes between layers).
 */
import type { TfWeight } from "../../tfjs-graph.ts";
import type { AttributeValue } from "../builder.ts";
import { attrFloat, attrInts, attrString, attrStrings } from "./attrs.ts";
import { type ConvertContext, type OpConverter, toNchw, toNhwc, UnsupportedOpError } from "./context.ts";

type Layout = "conv" | "depthwise";

/** TF HWIO filter → ONNX OIHW. */
function hwioToOihw(filter: TfWeight): { dims: number[]; data: Float32Array } {
  const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
  const out = new Float32Array(filter.data.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * kh + h) * kw + w] = filter.data[((h * kw + w) * cin + i) * cout + o]!;
  return { dims: [cout, cin, kh, kw], data: out };
}

/** TF depthwise [H, W, C, multiplier] → ONNX grouped conv [C*multiplier, 1, H, W] (TF output channel = c*m + k). */
function depthwiseToOihw(filter: TfWeight): { dims: number[]; data: Float32Array } {
  const [kh, kw, c, m] = filter.shape as [number, number, number, number];
  const out = new Float32Array(filter.data.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < c; i++)
        for (let k = 0; k < m; k++)
          out[((i * m + k) * kh + h) * kw + w] = filter.data[((h * kw + w) * c + i) * m + k]!;
  return { dims: [c * m, 1, kh, kw], data: out };
}

/** TF padding (SAME / VALID / EXPLICIT) as ONNX attributes; TF's SAME puts the odd pixel at the end = SAME_UPPER. */
export function paddingAttrs(ctx: ConvertContext): Record<string, AttributeValue> {
  const padding = attrString(ctx.node, "padding", "VALID");
  if (padding === "SAME") return { auto_pad: "SAME_UPPER" };
  if (padding === "VALID") return { auto_pad: "VALID" };
  if (padding === "EXPLICIT") {
    const p = attrInts(ctx.node, "explicit_paddings", []); // NHWC pairs: [0,0, t,b, l,r, 0,0]
    return { pads: [p[2] ?? 0, p[4] ?? 0, p[3] ?? 0, p[5] ?? 0] };
  }
  throw new UnsupportedOpError(ctx.node.op, ctx.node.name, `padding ${padding}`);
}

function assertNhwc(ctx: ConvertContext): void {
  const format = attrString(ctx.node, "data_format", "NHWC");
  if (format !== "NHWC") throw new UnsupportedOpError(ctx.node.op, ctx.node.name, `data_format ${format}`);
}

function spatial(values: number[]): number[] {
  return [values[1] ?? 1, values[2] ?? 1];
}

function convolution(layout: Layout, fused: boolean): OpConverter {
  return (ctx) => {
    assertNhwc(ctx);
    const filter = ctx.requireConstant(1, "filter");
    const w = layout === "conv" ? hwioToOihw(filter) : depthwiseToOihw(filter);
    const wName = ctx.initializer(
      `${ctx.node.input?.[1] ?? ctx.node.name}::oihw`,
      "float32",
      w.dims,
      () => w.data,
    );
    const ops = fused ? attrStrings(ctx.node, "fused_ops") : [];
    const inputs = [toNchw(ctx, ctx.tensor(0)), wName];
    if (ops[0] === "BiasAdd") inputs.push(ctx.tensor(2));
    else if (ops.length > 0) throw new UnsupportedOpError(`${ctx.node.op}[${ops.join(",")}]`, ctx.node.name);
    const attrs: Record<string, AttributeValue> = {
      ...paddingAttrs(ctx),
      strides: spatial(attrInts(ctx.node, "strides", [1, 1, 1, 1])),
      dilations: spatial(attrInts(ctx.node, "dilations", [1, 1, 1, 1])),
      kernel_shape: w.dims.slice(2),
      group: layout === "depthwise" ? (filter.shape[2] ?? 1) : 1,
    };
    const conv = ctx.temp("conv");
    ctx.add("Conv", inputs, [conv], attrs);
    toNhwc(ctx, activation(ctx, conv, ops.slice(1), w.dims[0] ?? 1), ctx.output());
  };
}

/** Applies the fused activation in NCHW (so onnxruntime can fuse it into the Conv). */
function activation(ctx: ConvertContext, input: string, ops: readonly string[], channels: number): string {
  if (ops.length === 0) return input;
  if (ops.length > 1) throw new UnsupportedOpError(`${ctx.node.op}[BiasAdd,${ops.join(",")}]`, ctx.node.name);
  const out = ctx.temp(ops[0]!.toLowerCase());
  if (ops[0] === "Relu") ctx.add("Relu", [input], [out]);
  else if (ops[0] === "Relu6")
    ctx.add("Clip", [input, ctx.floatConst("zero", [0], []), ctx.floatConst("six", [6], [])], [out]);
  else if (ops[0] === "LeakyRelu")
    ctx.add("LeakyRelu", [input], [out], { alpha: { float: attrFloat(ctx.node, "leakyrelu_alpha", 0.2) } });
  else if (ops[0] === "Prelu") ctx.add("PRelu", [input, preluAlphaNchw(ctx, channels)], [out]);
  else throw new UnsupportedOpError(`${ctx.node.op}[BiasAdd,${ops[0]}]`, ctx.node.name);
  return out;
}

function preluAlphaNchw(ctx: ConvertContext, channels: number): string {
  const alpha = ctx.requireConstant(3, "PReLU alpha");
  if (alpha.data.length !== channels)
    throw new UnsupportedOpError(ctx.node.op, ctx.node.name, "PReLU alpha is not per-channel");
  return ctx.initializer(`${ctx.node.input?.[3] ?? ctx.node.name}::c11`, "float32", [channels, 1, 1], () =>
    Float32Array.from(alpha.data),
  );
}

const maxPool: OpConverter = (ctx) => {
  assertNhwc(ctx);
  const pooled = ctx.temp("pool");
  ctx.add("MaxPool", [toNchw(ctx, ctx.tensor(0))], [pooled], {
    ...paddingAttrs(ctx),
    kernel_shape: spatial(attrInts(ctx.node, "ksize", [1, 1, 1, 1])),
    strides: spatial(attrInts(ctx.node, "strides", [1, 1, 1, 1])),
  });
  toNhwc(ctx, pooled, ctx.output());
};

export const convOps: Record<string, OpConverter> = {
  Conv2D: convolution("conv", false),
  _FusedConv2D: convolution("conv", true),
  DepthwiseConv2dNative: convolution("depthwise", false),
  FusedDepthwiseConv2dNative: convolution("depthwise", true),
  MaxPool: maxPool,
};
