/**
 * PP-OCRv4's DB text detector on a crop of the working raster: the crop scaled towards a fixed long side (multiples
 * of 32), BGR NCHW with ImageNet statistics, the probability map turned into text boxes.
 */
import type { ModelRunner, RgbImage } from "../../domain/ports.ts";
import {
  cropResize,
  DEFAULT_DB_OPTIONS,
  DEFAULT_DET_SIZE,
  DET_MEAN_BGR,
  DET_STD_BGR,
  detInputSize,
  textBoxes,
  toBgrTensor,
  type DbOptions,
  type DetSizeOptions,
  type PixelRect,
  type TextBox,
} from "../../domain/bib/index.ts";

export interface TextDetectorSettings {
  /** How big the crop is made for the detector (see DEFAULT_DET_SIZE). */
  readonly size: DetSizeOptions;
  /** Probability and box thresholds of the DB post-processing (see DEFAULT_DB_OPTIONS). */
  readonly db: DbOptions;
}

export const DEFAULT_TEXT_DETECTOR: TextDetectorSettings = Object.freeze({
  size: DEFAULT_DET_SIZE,
  db: DEFAULT_DB_OPTIONS,
});

/** Text boxes in the detector input's pixels, and that input's size (to map them back to the raster). */
export interface DetectedText {
  readonly boxes: TextBox[];
  readonly size: { readonly width: number; readonly height: number };
}

export class TextDetector {
  static readonly id = "ocr-det";

  constructor(
    readonly runner: ModelRunner,
    private readonly settings: TextDetectorSettings = DEFAULT_TEXT_DETECTOR,
  ) {}

  /** The text boxes inside `crop` (raster pixels). */
  async detect(image: RgbImage, crop: PixelRect): Promise<DetectedText> {
    const size = detInputSize(crop, this.settings.size);
    const input = toBgrTensor(cropResize(image, crop, size.width, size.height), DET_MEAN_BGR, DET_STD_BGR);
    const outputs = await this.runner.run({
      [this.runner.inputNames[0]!]: { type: "float32", data: input, dims: [1, 3, size.height, size.width] },
    });
    const map = outputs[this.runner.outputNames[0]!]!;
    return { boxes: textBoxes(map.data as Float32Array, size.width, size.height, this.settings.db), size };
  }
}
