/** Shape and indexing ops. They keep TF's axis numbering: the tensors stay in TF's own (NHWC) layout. */
import { attrInt, attrInts } from "./attrs.ts";
import { type ConvertContext, type OpConverter, UnsupportedOpError } from "./context.ts";

const INT64_MAX = Number.MAX_SAFE_INTEGER;
const INT64_MIN = Number.MIN_SAFE_INTEGER;

function constInts(ctx: ConvertContext, i: number, role: string): number[] {
  return Array.from(ctx.requireConstant(i, role).data, Number);
}

const reshape: OpConverter = (ctx) => {
  ctx.add("Reshape", [ctx.tensor(0), ctx.int64(1)], [ctx.output()]);
};

const expandDims: OpConverter = (ctx) => {
  ctx.add("Unsqueeze", [ctx.tensor(0), ctx.int64(1)], [ctx.output()]);
};

const squeeze: OpConverter = (ctx) => {
  const axes = attrInts(ctx.node, "squeeze_dims", []);
  const inputs = axes.length > 0 ? [ctx.tensor(0), ctx.int64Const("axes", axes)] : [ctx.tensor(0)];
  ctx.add("Squeeze", inputs, [ctx.output()]);
};

/** Pack = Unsqueeze every input at `axis`, then Concat (ONNX's negative Unsqueeze axis counts in the output rank, like TF). */
const pack: OpConverter = (ctx) => {
  const axis = attrInt(ctx.node, "axis", 0);
  const axes = ctx.int64Const("axes", [axis]);
  const parts = Array.from({ length: ctx.inputCount }, (_, i) => {
    const part = ctx.temp(`part${i}`);
    ctx.add("Unsqueeze", [ctx.tensor(i), axes], [part]);
    return part;
  });
  ctx.add("Concat", parts, [ctx.output()], { axis });
};

/** Unpack = one Gather with a scalar index per output (a scalar index drops the axis, as TF does). */
const unpack: OpConverter = (ctx) => {
  const axis = attrInt(ctx.node, "axis", 0);
  const count = attrInt(ctx.node, "num", 1);
  for (let k = 0; k < count; k++) {
    ctx.add("Gather", [ctx.tensor(0), ctx.int64Const(`index${k}`, [k], [])], [ctx.output(k)], { axis });
  }
};

const concat: OpConverter = (ctx) => {
  const axis = constInts(ctx, ctx.inputCount - 1, "axis")[0] ?? 0;
  const inputs = Array.from({ length: ctx.inputCount - 1 }, (_, i) => ctx.tensor(i));
  ctx.add("Concat", inputs, [ctx.output()], { axis });
};

/** StridedSlice with constant begin/end/strides; masks resolved here, shrunk axes squeezed afterwards. */
const stridedSlice: OpConverter = (ctx) => {
  const [begin, end, strides] = [1, 2, 3].map((i) => constInts(ctx, i, ["begin", "end", "strides"][i - 1]!));
  const mask = (key: string): number => attrInt(ctx.node, key, 0);
  if (mask("ellipsis_mask") || mask("new_axis_mask")) {
    throw new UnsupportedOpError("StridedSlice", ctx.node.name, "ellipsis_mask / new_axis_mask");
  }
  const shrink: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  begin!.forEach((b, axis) => {
    const bit = 1 << axis;
    const step = strides![axis] ?? 1;
    const start = mask("begin_mask") & bit ? (step > 0 ? 0 : INT64_MAX) : b;
    let stop = mask("end_mask") & bit ? (step > 0 ? INT64_MAX : INT64_MIN) : end![axis]!;
    if (mask("shrink_axis_mask") & bit) {
      shrink.push(axis);
      stop = b === -1 ? INT64_MAX : b + 1;
    }
    starts.push(start);
    ends.push(stop);
  });
  const axes = begin!.map((_, axis) => axis);
  const sliced = shrink.length > 0 ? ctx.temp("sliced") : ctx.output();
  const params = [
    ctx.int64Const("starts", starts),
    ctx.int64Const("ends", ends),
    ctx.int64Const("axes", axes),
    ctx.int64Const("steps", strides!),
  ];
  ctx.add("Slice", [ctx.tensor(0), ...params], [sliced]);
  if (shrink.length > 0) ctx.add("Squeeze", [sliced, ctx.int64Const("shrink", shrink)], [ctx.output()]);
};

/** TF paddings [[before, after] per axis] → ONNX pads [all befores, all afters]. */
const pad: OpConverter = (ctx) => {
  const pairs = constInts(ctx, 1, "paddings");
  const befores = pairs.filter((_, i) => i % 2 === 0);
  const afters = pairs.filter((_, i) => i % 2 === 1);
  const inputs = [ctx.tensor(0), ctx.int64Const("pads", [...befores, ...afters])];
  if (ctx.inputCount > 2) inputs.push(ctx.tensor(2));
  ctx.add("Pad", inputs, [ctx.output()], { mode: "constant" });
};

const gather: OpConverter = (ctx) => {
  const axis = constInts(ctx, 2, "axis")[0] ?? 0;
  if (attrInt(ctx.node, "batch_dims", 0) !== 0)
    throw new UnsupportedOpError("GatherV2", ctx.node.name, "batch_dims != 0");
  ctx.add("Gather", [ctx.tensor(0), ctx.tensor(1)], [ctx.output()], { axis });
};

const gatherNd: OpConverter = (ctx) => {
  ctx.add("GatherND", [ctx.tensor(0), ctx.int64(1)], [ctx.output()]);
};

export const shapeOps: Record<string, OpConverter> = {
  Reshape: reshape,
  ExpandDims: expandDims,
  Squeeze: squeeze,
  Pack: pack,
  Unpack: unpack,
  ConcatV2: concat,
  StridedSlice: stridedSlice,
  Pad: pad,
  PadV2: pad,
  GatherV2: gather,
  GatherNd: gatherNd,
};
