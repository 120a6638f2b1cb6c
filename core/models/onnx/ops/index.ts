/** Every TF op the converter knows, by TF op name. */
import type { OpConverter } from "./context.ts";
import { convOps } from "./conv.ts";
import { elementwiseOps } from "./elementwise.ts";
import { matmulOps } from "./matmul.ts";
import { reduceOps } from "./reduce.ts";
import { resizeOps } from "./resize.ts";
import { shapeOps } from "./shape.ts";

export const OP_CONVERTERS: Readonly<Record<string, OpConverter>> = {
  ...convOps,
  ...elementwiseOps,
  ...shapeOps,
  ...reduceOps,
  ...resizeOps,
  ...matmulOps,
};

export { UnsupportedOpError, type ConvertContext, type OpConverter } from "./context.ts";
