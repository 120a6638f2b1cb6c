import type { RgbImage } from "../ports.ts";
import { luma } from "../raster.ts";
import type { PixelRect } from "./pixel-rect.ts";

/**
 * How far the bib's plate runs on from each end of a printed number: of a strip beside the text line's box (left and
 * right), the share of columns, counted outward from the box, before the first that is not the plate's own colour
 * (the colour between the digits). A number printed whole has plate beside it on both sides; what a hand, an arm or
 * a neighbour leaves of a longer number ("16" of a 16x under a thumb, "80" of an x80 behind a hand) has skin,
 * sleeve or another runner's shirt on the side that hides it, and a number read short of a digit the box still
 * touches (the 14 of a 140 whose 0 turns away with the plate) has that digit's ink. Counted as a run, not a share:
 * past the plate's edge a white wall or a white shirt is the plate's colour too, and must not count.
 */
export interface PlateFlanks {
  readonly left: number;
  readonly right: number;
}

export interface FlankOptions {
  /** Width of each strip, in print heights (the box's height). */
  readonly width: number;
  /** Rows of the box's top and bottom left out, as a share of its height: the print's middle is surest on the plate. */
  readonly inset: number;
  /**
   * Largest distance in chromaticity (r, g, b each divided by their sum) from the plate's at which a pixel on the
   * plate's side of the ink/plate grey level is still plate: shade and light across a plate change its grey, not its
   * hue; skin, a sleeve or another shirt beside a white plate change the hue.
   */
  readonly maxChromaDistance: number;
}

/**
 * Half a print height: on a plate the margin beside a short number is wider than that (the detector's box already
 * reaches a little past the glyphs). 0.06: skin beside a white plate is about 0.1 away, an orange plate's from skin
 * 0.14. A fifth of the rows off each end: the print's top and bottom edges carry the plate's border lines and
 * sponsor print.
 */
export const DEFAULT_FLANK_OPTIONS: FlankOptions = Object.freeze({
  width: 0.5,
  inset: 0.2,
  maxChromaDistance: 0.06,
});

/** How far the plate runs on left and right of `box` (image pixels), as a share of the strip; 0 outside the image. */
export function plateFlanks(
  image: RgbImage,
  box: PixelRect,
  options: FlankOptions = DEFAULT_FLANK_OPTIONS,
): PlateFlanks {
  const y0 = Math.round(box.y + options.inset * box.h);
  const y1 = Math.round(box.y + (1 - options.inset) * box.h);
  const split = plateAndInk(image, box);
  if (!split || y1 <= y0) return { left: 0, right: 0 };
  const plateHue = chromaticity(split.plate);
  const onPlate = (c: Rgb): boolean =>
    grey(c) > split.cut === split.plateIsLight &&
    distance(chromaticity(c), plateHue) <= options.maxChromaDistance;
  // A column is plate when most of its rows are: a thin line of print or a fold does not end the plate.
  const plateColumn = (x: number): boolean =>
    2 * colours(image, x, x + 1, y0, y1).filter(onPlate).length >= y1 - y0;
  const columns = Math.max(1, Math.round(options.width * box.h));
  const run = (first: number, step: 1 | -1): number => {
    let k = 0;
    while (k < columns && plateColumn(first + step * k)) k++;
    return k / columns;
  };
  return { left: run(Math.round(box.x) - 1, -1), right: run(Math.round(box.x + box.w), 1) };
}

type Rgb = readonly [number, number, number];

/** The pixels of a block of the image (columns x0..x1, rows y0..y1, clipped to it). */
function colours(image: RgbImage, x0: number, x1: number, y0: number, y1: number): Rgb[] {
  const out: Rgb[] = [];
  const left = Math.max(0, Math.round(x0));
  const right = Math.min(image.width, Math.round(x1));
  for (let y = Math.max(0, y0); y < Math.min(image.height, y1); y++) {
    for (let x = left; x < right; x++) {
      const i = 3 * (y * image.width + x);
      out.push([image.data[i]!, image.data[i + 1]!, image.data[i + 2]!]);
    }
  }
  return out;
}

/**
 * The plate's mean colour inside the print's box and the grey level between plate and ink: the box's pixels split
 * at the grey level that best separates two groups (Otsu), the plate being the group the box's outline runs through
 * (the detector's box reaches a little past the glyphs, while bold digits can fill half of the box or more). Null
 * when the box has no pixels or only one grey level.
 */
function plateAndInk(
  image: RgbImage,
  box: PixelRect,
): { plate: Rgb; cut: number; plateIsLight: boolean } | null {
  const pixels = colours(image, box.x, box.x + box.w, Math.round(box.y), Math.round(box.y + box.h));
  if (pixels.length < 4) return null;
  const cut = otsu(pixels.map(grey));
  if (cut === null) return null;
  const outline = outlineOf(image, box);
  const lightOutline = outline.filter((c) => grey(c) > cut).length;
  const plateIsLight = 2 * lightOutline >= outline.length;
  const plate = pixels.filter((c) => grey(c) > cut === plateIsLight);
  return plate.length > 0 && plate.length < pixels.length ? { plate: mean(plate), cut, plateIsLight } : null;
}

/** The pixels along the box's four sides, one pixel inside it. */
function outlineOf(image: RgbImage, box: PixelRect): Rgb[] {
  const x0 = Math.round(box.x);
  const x1 = Math.round(box.x + box.w) - 1;
  const y0 = Math.round(box.y);
  const y1 = Math.round(box.y + box.h) - 1;
  return [
    ...colours(image, x0, x1 + 1, y0, y0 + 1),
    ...colours(image, x0, x1 + 1, y1, y1 + 1),
    ...colours(image, x0, x0 + 1, y0 + 1, y1),
    ...colours(image, x1, x1 + 1, y0 + 1, y1),
  ];
}

function grey([r, g, b]: Rgb): number {
  return luma(r, g, b);
}

/** The grey level that maximises the between-group variance, or null for a single level. */
function otsu(values: readonly number[]): number | null {
  const histogram = new Float64Array(256);
  for (const v of values) histogram[Math.min(255, Math.max(0, Math.round(v)))]! += 1;
  const total = values.length;
  const sum = histogram.reduce((s, n, v) => s + n * v, 0);
  let below = 0;
  let belowSum = 0;
  let best: number | null = null;
  let bestVariance = 0;
  for (let v = 0; v < 255; v++) {
    below += histogram[v]!;
    belowSum += v * histogram[v]!;
    const above = total - below;
    if (below === 0 || above === 0) continue;
    const between = below * above * (belowSum / below - (sum - belowSum) / above) ** 2;
    if (between > bestVariance) [best, bestVariance] = [v, between];
  }
  return best;
}

function mean(pixels: readonly Rgb[]): Rgb {
  const s = pixels.reduce<[number, number, number]>(
    (a, p) => [a[0] + p[0], a[1] + p[1], a[2] + p[2]],
    [0, 0, 0],
  );
  return [s[0] / pixels.length, s[1] / pixels.length, s[2] / pixels.length];
}

/** The colour without its brightness: each channel's share of their sum (grey for black, where there is none). */
function chromaticity([r, g, b]: Rgb): Rgb {
  const sum = r + g + b;
  return sum < 1 ? [1 / 3, 1 / 3, 1 / 3] : [r / sum, g / sum, b / sum];
}

function distance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
