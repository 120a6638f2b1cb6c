import { describe, expect, it } from "vitest";
import { plateFlanks } from "../../core/domain/bib/index.ts";
import type { RgbImage } from "../../core/domain/ports.ts";

type Rgb = [number, number, number];

/** A 100 x 40 image of `background` with rectangles painted on it (x0, y0, x1, y1 exclusive). */
function paint(background: Rgb, ...blocks: Array<[number, number, number, number, Rgb]>): RgbImage {
  const width = 100;
  const height = 40;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const block = blocks.findLast(([x0, y0, x1, y1]) => x >= x0 && x < x1 && y >= y0 && y < y1);
      data.set(block ? block[4] : background, 3 * (y * width + x));
    }
  }
  return { data, width, height };
}

const SHIRT: Rgb = [30, 60, 160];
const WHITE: Rgb = [238, 238, 236];
const INK: Rgb = [20, 20, 25];
const SKIN: Rgb = [222, 176, 146];
/** The print's box: 30 x 20 px; its two digits drawn as bold strokes filling about half of it. */
const BOX = { x: 35, y: 10, w: 30, h: 20 };
const DIGITS: Array<[number, number, number, number, Rgb]> = [
  [37, 12, 44, 28, INK],
  [40, 12, 49, 15, INK],
  [52, 12, 59, 28, INK],
  [55, 25, 63, 28, INK],
];
const plate = (colour: Rgb): [number, number, number, number, Rgb] => [10, 4, 90, 36, colour];

describe("plateFlanks", () => {
  it("sees the plate on both sides of a number printed whole", () => {
    const flanks = plateFlanks(paint(SHIRT, plate(WHITE), ...DIGITS), BOX);
    expect(flanks.left).toBeGreaterThan(0.95);
    expect(flanks.right).toBeGreaterThan(0.95);
  });
  it("sees skin where a hand covers the plate beside the digits", () => {
    const flanks = plateFlanks(paint(SHIRT, plate(WHITE), ...DIGITS, [65, 0, 100, 40, SKIN]), BOX);
    expect(flanks.left).toBeGreaterThan(0.95);
    expect(flanks.right).toBeLessThan(0.05);
  });
  it("sees a sleeve or another runner's shirt where it hides the plate", () => {
    const flanks = plateFlanks(paint(SHIRT, plate(WHITE), ...DIGITS, [0, 0, 35, 40, SHIRT]), BOX);
    expect(flanks.left).toBeLessThan(0.05);
  });
  it("keeps the plate in shade as the plate: brightness changes, hue does not", () => {
    const shade: Rgb = [150, 150, 149];
    const flanks = plateFlanks(paint(SHIRT, plate(WHITE), ...DIGITS, [0, 0, 35, 40, shade]), BOX);
    expect(flanks.left).toBeGreaterThan(0.95);
  });
  it("tells skin from a coloured plate, and finds the plate when its digits fill most of the box", () => {
    const orange: Rgb = [240, 150, 40];
    const bold: Array<[number, number, number, number, Rgb]> = [
      [36, 11, 64, 29, INK],
      [45, 14, 49, 26, orange],
    ];
    const whole = plateFlanks(paint(SHIRT, plate(orange), ...bold), BOX);
    expect(Math.min(whole.left, whole.right)).toBeGreaterThan(0.95);
    const hand = plateFlanks(paint(SHIRT, plate(orange), ...bold, [0, 0, 35, 40, SKIN]), BOX);
    expect(hand.left).toBeLessThan(0.05);
  });
  it("ends the plate's run at the ink of a digit the box still touches (the 14 of a 140), past which a white wall would run on", () => {
    // A stroke of the next digit just past the box's right end, then plate again and past the plate a white wall.
    const cut = paint(SHIRT, plate(WHITE), ...DIGITS, [65, 12, 67, 28, INK]);
    expect(plateFlanks(cut, BOX).right).toBe(0);
    const wall = paint(WHITE, [30, 4, 68, 36, WHITE], ...DIGITS);
    expect(plateFlanks(wall, BOX).right).toBeGreaterThan(0.95);
  });
  it("counts the plate up to its edge, not what lies past it", () => {
    // The plate ends 4 px past the box (4 of the strip's 10 columns), then the shirt.
    const narrow = plateFlanks(paint(SHIRT, [10, 4, 69, 36, WHITE], ...DIGITS), BOX);
    expect(narrow.right).toBeCloseTo(0.4, 1);
    expect(narrow.left).toBeGreaterThan(0.95);
  });
  it("counts a strip outside the image as no plate", () => {
    expect(plateFlanks(paint(SHIRT, plate(WHITE), ...DIGITS), { x: 0, y: 10, w: 30, h: 20 }).left).toBe(0);
  });
});
