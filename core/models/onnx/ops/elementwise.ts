/** Element-wise ops: layout-free, so they run on the NHWC tensors exactly as TF defines them. */
import { attrType } from "./attrs.ts";
import type { ConvertContext, OpConverter } from "./context.ts";

function same(onnxOp: string): OpConverter {
  return (ctx) => {
    const inputs = Array.from({ length: ctx.inputCount }, (_, i) => ctx.tensor(i));
    ctx.add(onnxOp, inputs, [ctx.output()]);
  };
}

const relu6: OpConverter = (ctx) => {
  ctx.add(
    "Clip",
    [ctx.tensor(0), ctx.floatConst("zero", [0], []), ctx.floatConst("six", [6], [])],
    [ctx.output()],
  );
};

const squaredDifference: OpConverter = (ctx) => {
  const diff = ctx.temp("diff");
  ctx.add("Sub", [ctx.tensor(0), ctx.tensor(1)], [diff]);
  ctx.add("Mul", [diff, diff], [ctx.output()]);
};

function isInteger(ctx: ConvertContext): boolean {
  const type = attrType(ctx.node, "T");
  return type === "int32" || type === "int64";
}

/** floor(a / b). ONNX Div truncates integers toward zero, so integers go through (a - floormod(a, b)) / b. */
const floorDiv: OpConverter = (ctx) => {
  const quotient = ctx.temp("quotient");
  if (isInteger(ctx)) {
    const remainder = ctx.temp("remainder");
    const exact = ctx.temp("exact");
    ctx.add("Mod", [ctx.tensor(0), ctx.tensor(1)], [remainder], { fmod: 0 });
    ctx.add("Sub", [ctx.tensor(0), remainder], [exact]);
    ctx.add("Div", [exact, ctx.tensor(1)], [ctx.output()]);
    return;
  }
  ctx.add("Div", [ctx.tensor(0), ctx.tensor(1)], [quotient]);
  ctx.add("Floor", [quotient], [ctx.output()]);
};

/** a - floor(a / b) * b; ONNX Mod with fmod=0 is exactly that for integers, floats need the long way. */
const floorMod: OpConverter = (ctx) => {
  if (isInteger(ctx)) {
    ctx.add("Mod", [ctx.tensor(0), ctx.tensor(1)], [ctx.output()], { fmod: 0 });
    return;
  }
  const [quotient, floored, product] = [ctx.temp("quotient"), ctx.temp("floored"), ctx.temp("product")];
  ctx.add("Div", [ctx.tensor(0), ctx.tensor(1)], [quotient]);
  ctx.add("Floor", [quotient], [floored]);
  ctx.add("Mul", [floored, ctx.tensor(1)], [product]);
  ctx.add("Sub", [ctx.tensor(0), product], [ctx.output()]);
};

const ONNX_TYPE_CODE = { float32: 1, uint8: 2, int32: 6, int64: 7, bool: 9 } as const;

const cast: OpConverter = (ctx) => {
  const to = attrType(ctx.node, "DstT");
  if (!to) throw new Error(`Cast at node "${ctx.node.name}": unsupported target type`);
  ctx.add("Cast", [ctx.tensor(0)], [ctx.output()], { to: ONNX_TYPE_CODE[to] });
};

const softmax: OpConverter = (ctx) => {
  ctx.add("Softmax", [ctx.tensor(0)], [ctx.output()], { axis: -1 });
};

const leakyRelu: OpConverter = (ctx) => {
  const alpha = ctx.node.attr?.alpha?.f;
  ctx.add("LeakyRelu", [ctx.tensor(0)], [ctx.output()], {
    alpha: { float: alpha === undefined ? 0.2 : Number(alpha) },
  });
};

export const elementwiseOps: Record<string, OpConverter> = {
  Add: same("Add"),
  AddV2: same("Add"),
  Sub: same("Sub"),
  Mul: same("Mul"),
  RealDiv: same("Div"),
  Div: same("Div"),
  Maximum: same("Max"),
  Minimum: same("Min"),
  Sqrt: same("Sqrt"),
  Rsqrt: (ctx) => {
    const root = ctx.temp("sqrt");
    ctx.add("Sqrt", [ctx.tensor(0)], [root]);
    ctx.add("Reciprocal", [root], [ctx.output()]);
  },
  Exp: same("Exp"),
  Neg: same("Neg"),
  Abs: same("Abs"),
  Tanh: same("Tanh"),
  Sigmoid: same("Sigmoid"),
  Relu: same("Relu"),
  Relu6: relu6,
  Prelu: same("PRelu"),
  LeakyRelu: leakyRelu,
  Equal: same("Equal"),
  Greater: same("Greater"),
  Less: same("Less"),
  Identity: same("Identity"),
  SquaredDifference: squaredDifference,
  FloorDiv: floorDiv,
  FloorMod: floorMod,
  Cast: cast,
  Softmax: softmax,
};
