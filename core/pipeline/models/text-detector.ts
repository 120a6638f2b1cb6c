/**
 * PP-OCRv4's DB text detector on a crop of the working raster: the crop scaled towards a fixed long side (multiples
 * of 32), BGR NCHW with ImageNet statistics, the probability map turned into text boxes.
 */
import type { ModelRunner, RgbImage } from "../../domain/ports.ts";
import { cropResize } from "../../domain/raster.ts";
import { ScratchInput } from "./tensors.ts";
import {
  asRegion,
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
  private readonly scratch = new ScratchInput();

  constructor(
    readonly runner: ModelRunner,
    private readonly settings: TextDetectorSettings = DEFAULT_TEXT_DETECTOR,
  ) {}

  /** The text boxes inside `crop` (raster pixels); `sizing` replaces the default sizing for this call (a second look). */
  async detect(image: RgbImage, crop: PixelRect, sizing?: DetSizeOptions): Promise<DetectedText> {
    const size = detInputSize(crop, sizing ?? this.settings.size);
    const { width, height } = size;
    const room = this.scratch.take(3 * width * height);
    const pixels = cropResize(image, asRegion(crop), width, height, room.pixels, { filter: "box" });
    const input = toBgrTensor({ data: pixels, width, height }, DET_MEAN_BGR, DET_STD_BGR, room.tensor);
    const outputs = await this.runner.run({
      [this.runner.inputNames[0]!]: { type: "float32", data: input, dims: [1, 3, size.height, size.width] },
    });
    const map = outputs[this.runner.outputNames[0]!]!;
    return { boxes: textBoxes(map.data as Float32Array, size.width, size.height, this.settings.db), size };
  }
}
