/**
 * MediaPipe Iris: the eyelid contour of both eyes, each cut upright from FaceMesh's eye corners, in one batch of 2;
 * eyes the working raster shows small are cut from a larger decode of the photo when there is one (largerEyeRead).
 */
import type { ModelRunner, RgbImage, TensorData } from "../../domain/ports.ts";
import {
  eyeCrop,
  eyeOffset,
  eyeShape,
  IRIS_INPUT,
  IRIS_VALUES,
  largerEyeRead,
  sampleEye,
  scaleCrop,
  shownShare,
  type EyeCrop,
  type EyeReading,
} from "../../domain/eyes.ts";
import { MIN_LARGER_FACTOR } from "../../domain/working-size.ts";
import type { Point } from "../../domain/style/skeleton.ts";
import type { LargerImage } from "../larger-image.ts";
import type { FaceLandmarks } from "./face-mesh.ts";
import { BatchBuffer, runOne } from "./tensors.ts";

export class IrisModel {
  static readonly id = "iris";
  private readonly input = new BatchBuffer(IRIS_INPUT * IRIS_INPUT * 3);

  constructor(readonly runner: ModelRunner) {}

  /**
   * Each face's left and right eye: shape and size in the photo, and where it lies against the face detector's eye
   * points when given (one pair per face). Every eye of a photo in one run (the graph's batch dimension is free;
   * measured 4 in one run at ~3/4 of the CPU of 4 runs).
   */
  async eyes(
    image: RgbImage,
    faces: readonly FaceLandmarks[],
    larger?: LargerImage,
    detectorEyes?: ReadonlyArray<readonly [Point, Point]>,
  ): Promise<Array<[EyeReading, EyeReading]>> {
    if (faces.length === 0) return [];
    const input = this.input.take(2 * faces.length);
    const working = faces.flatMap((face) =>
      (["left", "right"] as const).map((side) => eyeCrop(face.mesh, side, face.region, face.inputSide)),
    );
    const source = await readFrom(image, working, larger);
    const crops = working.map((crop, k) => {
      const { raster, factor } = source(k >> 1);
      const read = factor === 1 ? crop : scaleCrop(crop, factor);
      sampleEye(raster, read, this.input.item(k));
      return read;
    });
    const feed: TensorData = {
      type: "float32",
      data: input,
      dims: [crops.length, IRIS_INPUT, IRIS_INPUT, 3],
    };
    const out = (await runOne(this.runner, feed))[0]!.data as Float32Array;
    const readings = crops.map((crop, k): EyeReading => {
      const seen = detectorEyes?.[k >> 1];
      return {
        shape: eyeShape(out, k * IRIS_VALUES),
        widthPx: crop.widthPx,
        shown: shownShare(working[k]!, image),
        ...(seen ? { offset: eyeOffset(working[k]!, seen) } : {}),
      };
    });
    return faces.map((_, f) => [readings[2 * f]!, readings[2 * f + 1]!]);
  }
}

/** Where each face's eyes are read: the working raster, or the larger decode for faces whose eyes it shows small. */
async function readFrom(
  image: RgbImage,
  working: readonly EyeCrop[],
  larger: LargerImage | undefined,
): Promise<(face: number) => { raster: RgbImage; factor: number }> {
  const asIs = () => ({ raster: image, factor: 1 });
  const widest = working.flatMap((c, k) =>
    k % 2 === 0 ? [Math.max(c.widthPx, working[k + 1]!.widthPx)] : [],
  );
  const plan = larger ? largerEyeRead(widest, larger.factor) : null;
  const big = plan ? await larger!.load(plan.factor) : null;
  if (!plan || !big) return asIs;
  // The decode may be larger than asked (another look's): its own width says how much.
  const factor = big.width / image.width;
  if (factor < MIN_LARGER_FACTOR) return asIs;
  return (face) => (plan.faces[face] ? { raster: big, factor } : asIs());
}
