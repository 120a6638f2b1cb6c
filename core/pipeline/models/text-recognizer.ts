/**
 * PP-OCRv4's CTC text recogniser on one text line of the working raster: the line scaled to height 48 keeping its
 * aspect (width a multiple of 8, capped), BGR NCHW in [-1, 1], greedy CTC decoding over the model's dictionary.
 */
import type { ModelRunner, RgbImage } from "../../domain/ports.ts";
import { cropResize } from "../../domain/raster.ts";
import { ScratchInput } from "./tensors.ts";
import {
  asRegion,
  ctcGreedyDecode,
  REC_HEIGHT,
  REC_MEAN,
  REC_STD,
  recInputWidth,
  toBgrTensor,
  type CtcText,
  type PixelRect,
} from "../../domain/bib/index.ts";

export interface TextRecognizerSettings {
  /** Widest input: a longer line is squeezed (a bib number is a few glyphs; 480 px holds ~20). */
  readonly maxWidth: number;
}

export const DEFAULT_TEXT_RECOGNIZER: TextRecognizerSettings = Object.freeze({ maxWidth: 480 });

export class TextRecognizer {
  static readonly id = "ocr-rec";
  private readonly scratch = new ScratchInput();

  constructor(
    readonly runner: ModelRunner,
    /** The model's character dictionary, one entry per class after the blank. */
    private readonly dictionary: readonly string[],
    private readonly settings: TextRecognizerSettings = DEFAULT_TEXT_RECOGNIZER,
  ) {}

  /** The text in `line` (raster pixels, already clamped to the raster). */
  async read(image: RgbImage, line: PixelRect): Promise<CtcText> {
    const width = recInputWidth(line, this.settings.maxWidth);
    const room = this.scratch.take(3 * width * REC_HEIGHT);
    const pixels = cropResize(image, asRegion(line), width, REC_HEIGHT, room.pixels, { filter: "box" });
    const input = toBgrTensor({ data: pixels, width, height: REC_HEIGHT }, REC_MEAN, REC_STD, room.tensor);
    const outputs = await this.runner.run({
      [this.runner.inputNames[0]!]: { type: "float32", data: input, dims: [1, 3, REC_HEIGHT, width] },
    });
    const probs = outputs[this.runner.outputNames[0]!]!;
    const [, steps, classes] = probs.dims as [number, number, number];
    return ctcGreedyDecode(probs.data as Float32Array, steps, classes, this.dictionary);
  }
}
