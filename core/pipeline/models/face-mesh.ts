/** MediaPipe FaceMesh: 468 landmarks on the enlarged face crop (the eye corners the iris crops are cut from). */
import type { ModelRunner, RgbImage } from "../../domain/ports.ts";
import { FACE_MESH_INPUT, meshRegion } from "../../domain/faces.ts";
import { cropResize, type Region } from "../../domain/raster.ts";
import { nhwc, runOne } from "./tensors.ts";

export interface FaceMeshSettings {
  /** Side of the square input (the converted graph's). */
  readonly inputSide: number;
  /** Lowest face-presence score for the landmarks to be trusted (MediaPipe's 0.5). */
  readonly minFaceScore: number;
}

export const DEFAULT_FACE_MESH: FaceMeshSettings = Object.freeze({
  inputSide: FACE_MESH_INPUT,
  minFaceScore: 0.5,
});

/** The landmarks (468 x 3, in mesh-input pixels) and the region they were found in. */
export interface FaceLandmarks {
  readonly mesh: Float32Array;
  readonly region: Region;
  readonly inputSide: number;
}

export class FaceMesh {
  static readonly id = "facemesh";
  private readonly input: Float32Array;

  constructor(
    readonly runner: ModelRunner,
    private readonly settings: FaceMeshSettings = DEFAULT_FACE_MESH,
  ) {
    this.input = new Float32Array(settings.inputSide * settings.inputSide * 3);
  }

  /** The square region the mesh is run on for a face box: the face enlarged as the model was trained. */
  region(face: Region): Region {
    return meshRegion(face);
  }

  /** Landmarks in `region` (pixels 0..1), or null when the model does not see a face there. */
  async landmarks(image: RgbImage, region: Region): Promise<FaceLandmarks | null> {
    const side = this.settings.inputSide;
    cropResize(image, region, side, side, this.input, { scale: 1 / 255 });
    const out = await runOne(this.runner, nhwc(this.input, side, 3));
    const mesh = out.find((t) => t.data.length === 468 * 3);
    const flag = out.find((t) => t.data.length === 1);
    if (!mesh || !flag || (flag.data[0] as number) < this.settings.minFaceScore) return null;
    return { mesh: mesh.data as Float32Array, region, inputSide: side };
  }
}
