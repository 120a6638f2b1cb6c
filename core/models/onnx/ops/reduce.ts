/** Reductions and selections: Mean, ArgMax, TopKV2. */
import { attrBool, attrType } from "./attrs.ts";
import type { OpConverter } from "./context.ts";

const mean: OpConverter = (ctx) => {
  const keepdims = attrBool(ctx.node, "keep_dims", false) ? 1 : 0;
  ctx.add("ReduceMean", [ctx.tensor(0), ctx.int64(1)], [ctx.output()], { keepdims });
};

/** ONNX ArgMax yields int64; TF's output_type (usually int32) is restored with a Cast. */
const argMax: OpConverter = (ctx) => {
  const axis = Number(ctx.requireConstant(1, "dimension").data[0] ?? 0);
  const wanted = attrType(ctx.node, "output_type") ?? "int64";
  const raw = wanted === "int64" ? ctx.output() : ctx.temp("argmax");
  ctx.add("ArgMax", [ctx.tensor(0)], [raw], { axis, keepdims: 0, select_last_index: 0 });
  if (raw !== ctx.output()) ctx.add("Cast", [raw], [ctx.output()], { to: 6 });
};

/** TopKV2 over the last axis; TF gives int32 indices, ONNX int64. */
const topK: OpConverter = (ctx) => {
  const indices = ctx.temp("indices");
  const k = ctx.temp("k");
  ctx.add("Reshape", [ctx.int64(1), ctx.int64Const("one", [1])], [k]);
  ctx.add("TopK", [ctx.tensor(0), k], [ctx.output(0), indices], { axis: -1, largest: 1, sorted: 1 });
  ctx.add("Cast", [indices], [ctx.output(1)], { to: 6 });
};

export const reduceOps: Record<string, OpConverter> = {
  Mean: mean,
  ArgMax: argMax,
  TopKV2: topK,
};
