/** MediaPipe Iris: the eyelid contour of both eyes, each cut upright from FaceMesh's eye corners, in one batch of 2. */
import type { ModelRunner, RgbImage, TensorData } from "../../domain/ports.ts";
import {
  eyeCrop,
  eyeShape,
  IRIS_INPUT,
  IRIS_VALUES,
  sampleEye,
  shownShare,
  type EyeReading,
} from "../../domain/eyes.ts";
import type { FaceLandmarks } from "./face-mesh.ts";
import { BatchBuffer, runOne } from "./tensors.ts";

export class IrisModel {
  static readonly id = "iris";
  private readonly input = new BatchBuffer(IRIS_INPUT * IRIS_INPUT * 3);

  constructor(readonly runner: ModelRunner) {}

  /**
   * Each face's left and right eye: shape and size in the photo. Every eye of a photo in one run (the graph's batch
   * dimension is free; measured 4 in one run at ~3/4 of the CPU of 4 runs).
   */
  async eyes(image: RgbImage, faces: readonly FaceLandmarks[]): Promise<Array<[EyeReading, EyeReading]>> {
    if (faces.length === 0) return [];
    const input = this.input.take(2 * faces.length);
    const crops = faces.flatMap((face, f) =>
      (["left", "right"] as const).map((side, k) => {
        const crop = eyeCrop(face.mesh, side, face.region, face.inputSide);
        sampleEye(image, crop, this.input.item(2 * f + k));
        return crop;
      }),
    );
    const feed: TensorData = {
      type: "float32",
      data: input,
      dims: [crops.length, IRIS_INPUT, IRIS_INPUT, 3],
    };
    const out = (await runOne(this.runner, feed))[0]!.data as Float32Array;
    const readings = crops.map((crop, k): EyeReading => ({
      shape: eyeShape(out, k * IRIS_VALUES),
      widthPx: crop.widthPx,
      shown: shownShare(crop, image),
    }));
    return faces.map((_, f) => [readings[2 * f]!, readings[2 * f + 1]!]);
  }
}
