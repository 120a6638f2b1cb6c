/**
 * MoveNet Lightning as the pose model: single-person, so it runs on each person's own square crop (int32 RGB, as the
 * graph takes it) and its keypoints are mapped back to the frame.
 */
import type { Box } from "../../domain/analysis.ts";
import type { ModelRunner, RgbImage, TensorData } from "../../domain/ports.ts";
import { decodePose, POSE_INPUT, poseRegion, type Pose } from "../../domain/pose.ts";
import { cropResize } from "../../domain/raster.ts";
import { runOne } from "./tensors.ts";

export interface PoseEstimatorSettings {
  /** Side of the square input (the converted graph's). */
  readonly inputSide: number;
  /** The crop's side as a multiple of the person box's longer side: the whole body with some margin. */
  readonly cropPad: number;
}

export const DEFAULT_POSE_ESTIMATOR: PoseEstimatorSettings = Object.freeze({
  inputSide: POSE_INPUT,
  cropPad: 1.2,
});

export class PoseEstimator {
  static readonly id = "movenet-lightning";
  private readonly input: Int32Array;

  constructor(
    readonly runner: ModelRunner,
    private readonly settings: PoseEstimatorSettings = DEFAULT_POSE_ESTIMATOR,
  ) {
    this.input = new Int32Array(settings.inputSide * settings.inputSide * 3);
  }

  /** The pose of the person in `box` (normalised frame coordinates); `cropPad` overrides the settings' margin. */
  async estimate(image: RgbImage, box: Box, cropPad = this.settings.cropPad): Promise<Pose> {
    const side = this.settings.inputSide;
    const region = poseRegion(box, image, cropPad);
    cropResize(image, region, side, side, this.input);
    const feed: TensorData = { type: "int32", data: this.input, dims: [1, side, side, 3] };
    const out = await runOne(this.runner, feed);
    return decodePose(out[0]!.data as Float32Array, region, image);
  }
}
