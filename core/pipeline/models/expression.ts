/** The emotion model as the expression reader: grey 64x64 face crop in [-1, 1], seven softmax classes. */
import type { Face } from "../../domain/analysis.ts";
import type { ModelRunner, RgbImage } from "../../domain/ports.ts";
import { EMOTION_INPUT, expressionOf } from "../../domain/faces.ts";
import { cropResize, toGray, type Region } from "../../domain/raster.ts";
import { runOne } from "./tensors.ts";

export class ExpressionModel {
  static readonly id = "emotion";
  private readonly rgb = new Uint8Array(EMOTION_INPUT * EMOTION_INPUT * 3);
  private readonly grey = new Float32Array(EMOTION_INPUT * EMOTION_INPUT);

  constructor(readonly runner: ModelRunner) {}

  /** The expression of the face in `region` (the mesh region: the face with its margin). */
  async read(image: RgbImage, region: Region): Promise<NonNullable<Face["expression"]>> {
    cropResize(image, region, EMOTION_INPUT, EMOTION_INPUT, this.rgb);
    const gray = toGray(this.rgb, 2 / 255, -1, this.grey);
    const out = await runOne(this.runner, {
      type: "float32",
      data: gray,
      dims: [1, EMOTION_INPUT, EMOTION_INPUT, 1],
    });
    return expressionOf(out[0]!.data as Float32Array);
  }
}
