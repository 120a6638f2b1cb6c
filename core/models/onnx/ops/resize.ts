/** Image resizing: TF's coordinate conventions mapped onto ONNX Resize (run in NCHW on the spatial axes only). */
import { attrBool } from "./attrs.ts";
import { type ConvertContext, type OpConverter, toNchw, toNhwc } from "./context.ts";

/** TF's flags → ONNX coordinate_transformation_mode; TF's legacy default (both false) is "asymmetric". */
function coordinateMode(ctx: ConvertContext): string {
  if (attrBool(ctx.node, "align_corners", false)) return "align_corners";
  return attrBool(ctx.node, "half_pixel_centers", false) ? "half_pixel" : "asymmetric";
}

function resize(mode: "linear" | "nearest"): OpConverter {
  return (ctx) => {
    const resized = ctx.temp("resized");
    const transform = coordinateMode(ctx);
    const nearest = transform === "half_pixel" ? "round_prefer_ceil" : "floor";
    ctx.add("Resize", [toNchw(ctx, ctx.tensor(0)), "", "", ctx.int64(1)], [resized], {
      mode,
      coordinate_transformation_mode:
        mode === "nearest" && transform === "half_pixel" ? "tf_half_pixel_for_nn" : transform,
      axes: [2, 3],
      ...(mode === "nearest" ? { nearest_mode: nearest } : {}),
    });
    toNhwc(ctx, resized, ctx.output());
  };
}

export const resizeOps: Record<string, OpConverter> = {
  ResizeBilinear: resize("linear"),
  ResizeNearestNeighbor: resize("nearest"),
};
