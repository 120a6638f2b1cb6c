/** MediaPipe Iris: the eyelid contour of both eyes, each cut upright from FaceMesh's eye corners, in one batch of 2. */
import type { ModelRunner, RgbImage, TensorData } from "../../domain/ports.ts";
import { eyeCrop, eyeShape, IRIS_INPUT, IRIS_VALUES, sampleEye, type EyeReading } from "../../domain/eyes.ts";
import type { FaceLandmarks } from "./face-mesh.ts";
import { runOne } from "./tensors.ts";

export class IrisModel {
  static readonly id = "iris";
  /** Both eyes, one batch of two (the graph's batch dimension is free). */
  private readonly input = new Float32Array(2 * IRIS_INPUT * IRIS_INPUT * 3);

  constructor(readonly runner: ModelRunner) {}

  /** The left and right eye's shape and size in the photo. */
  async eyes(image: RgbImage, face: FaceLandmarks): Promise<[EyeReading, EyeReading]> {
    const size = IRIS_INPUT * IRIS_INPUT * 3;
    const crops = (["left", "right"] as const).map((side, k) => {
      const crop = eyeCrop(face.mesh, side, face.region, face.inputSide);
      sampleEye(image, crop, this.input.subarray(k * size, (k + 1) * size));
      return crop;
    });
    const feed: TensorData = { type: "float32", data: this.input, dims: [2, IRIS_INPUT, IRIS_INPUT, 3] };
    const out = (await runOne(this.runner, feed))[0]!.data as Float32Array;
    const [left, right] = crops.map((crop, k): EyeReading => ({
      shape: eyeShape(out, k * IRIS_VALUES),
      widthPx: crop.widthPx,
    }));
    return [left!, right!];
  }
}
