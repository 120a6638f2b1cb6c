/** Dense layers: MatMul and _FusedMatMul (MatMul + BiasAdd [+ Relu]). */
import { attrBool, attrStrings } from "./attrs.ts";
import { type ConvertContext, type OpConverter, UnsupportedOpError } from "./context.ts";

function matMulInputs(ctx: ConvertContext): string[] {
  const [a, b] = [ctx.tensor(0), ctx.tensor(1)];
  const transpose = (input: string, flag: string): string => {
    if (!attrBool(ctx.node, flag, false)) return input;
    const out = ctx.temp("t");
    ctx.add("Transpose", [input], [out], { perm: [1, 0] });
    return out;
  };
  return [transpose(a, "transpose_a"), transpose(b, "transpose_b")];
}

const matMul: OpConverter = (ctx) => {
  ctx.add("MatMul", matMulInputs(ctx), [ctx.output()]);
};

const fusedMatMul: OpConverter = (ctx) => {
  const ops = attrStrings(ctx.node, "fused_ops");
  if (ops[0] !== "BiasAdd" || ops.length > 2 || (ops[1] !== undefined && ops[1] !== "Relu")) {
    throw new UnsupportedOpError(`_FusedMatMul[${ops.join(",")}]`, ctx.node.name);
  }
  const product = ctx.temp("matmul");
  ctx.add("MatMul", matMulInputs(ctx), [product]);
  const biased = ops[1] ? ctx.temp("biased") : ctx.output();
  ctx.add("Add", [product, ctx.tensor(2)], [biased]);
  if (ops[1]) ctx.add("Relu", [biased], [ctx.output()]);
};

export const matmulOps: Record<string, OpConverter> = {
  MatMul: matMul,
  _FusedMatMul: fusedMatMul,
};
