/** The emotion model as the expression reader: grey 64x64 face crop in [-1, 1], seven softmax classes. */
import type { Face } from "../../domain/analysis.ts";
import type { ModelRunner, RgbImage } from "../../domain/ports.ts";
import { EMOTION_INPUT, expressionOf } from "../../domain/faces.ts";
import { cropResize, toGray, type Region } from "../../domain/raster.ts";
import { BatchBuffer, runOne } from "./tensors.ts";

export class ExpressionModel {
  static readonly id = "emotion";
  private readonly rgb = new Uint8Array(EMOTION_INPUT * EMOTION_INPUT * 3);
  private readonly grey = new BatchBuffer(EMOTION_INPUT * EMOTION_INPUT);

  constructor(readonly runner: ModelRunner) {}

  /**
   * The expression of the face in each region (the mesh region: the face with its margin), all faces of a photo in
   * one run (the graph's batch dimension is free).
   */
  async read(image: RgbImage, regions: readonly Region[]): Promise<Array<NonNullable<Face["expression"]>>> {
    if (regions.length === 0) return [];
    const input = this.grey.take(regions.length);
    regions.forEach((region, k) => {
      cropResize(image, region, EMOTION_INPUT, EMOTION_INPUT, this.rgb);
      toGray(this.rgb, 2 / 255, -1, this.grey.item(k));
    });
    const out = await runOne(this.runner, {
      type: "float32",
      data: input,
      dims: [regions.length, EMOTION_INPUT, EMOTION_INPUT, 1],
    });
    const classes = out[0]!.data.length / regions.length;
    const probabilities = out[0]!.data as Float32Array;
    return regions.map((_, k) => expressionOf(probabilities.subarray(k * classes, (k + 1) * classes)));
  }
}
