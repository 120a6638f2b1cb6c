/**
 * The face description model (HSE FaceRes from @vladmandic/human, converted to models/faceres.onnx): one face crop
 * in, a 1024-value descriptor out (the model's age and gender outputs are not used). The class owns the crop, the
 * input scaling and the output choice; the analyzer only hands it a face box.
 */
import type { ModelRunner, RgbImage } from "../domain/ports.ts";
import { cropResize, type Region } from "../domain/raster.ts";
import { encodeEmbedding, unitVector } from "../domain/people/face-embedding.ts";

export const FACE_DESCRIBER_MODEL_ID = "faceres";
/** The model's square input side. */
export const FACE_DESCRIBER_INPUT = 224;
/** Length of the descriptor output (global_pooling/Mean). */
export const FACE_DESCRIPTOR_LENGTH = 1024;

export const DEFAULT_FACE_DESCRIBER_OPTIONS = Object.freeze({
  /**
   * Faces narrower than this (working pixels) get no embedding: upscaled more than ~6x to the model's 224 px the
   * descriptor follows blur and JPEG blocks rather than the face.
   */
  minFacePx: 36,
  /**
   * The detector's face box is tight around eyes and mouth; FaceRes was trained on crops that include the whole
   * face outline (Human feeds it the mesh's box), so the box grows by this factor about its centre.
   */
  grow: 1.25,
});
export type FaceDescriberOptions = typeof DEFAULT_FACE_DESCRIBER_OPTIONS;

export class FaceDescriber {
  private readonly input = new Float32Array(FACE_DESCRIBER_INPUT * FACE_DESCRIBER_INPUT * 3);

  constructor(
    private readonly model: ModelRunner,
    private readonly options: FaceDescriberOptions = DEFAULT_FACE_DESCRIBER_OPTIONS,
  ) {}

  /** True when a face box of this width (working pixels) is big enough to describe. */
  canDescribe(face: Region): boolean {
    return face.width >= this.options.minFacePx;
  }

  /** The unit-length descriptor of the face in `face` (working pixels), encoded for the record. */
  async describe(image: RgbImage, face: Region): Promise<string> {
    const side = Math.max(face.width, face.height) * this.options.grow;
    const region = {
      x: face.x + face.width / 2 - side / 2,
      y: face.y + face.height / 2 - side / 2,
      width: side,
      height: side,
    };
    // FaceRes takes RGB 0..255 (Human multiplies its 0..1 crop by 255), NHWC.
    cropResize(image, region, FACE_DESCRIBER_INPUT, FACE_DESCRIBER_INPUT, this.input);
    const feed = {
      type: "float32" as const,
      data: this.input,
      dims: [1, FACE_DESCRIBER_INPUT, FACE_DESCRIBER_INPUT, 3],
    };
    const out = await this.model.run({ [this.model.inputNames[0]!]: feed });
    const descriptor = Object.values(out).find((t) => t.data.length === FACE_DESCRIPTOR_LENGTH);
    if (!descriptor) throw new Error("faceres gave no 1024-value descriptor output");
    return encodeEmbedding(unitVector(descriptor.data as Float32Array));
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
