import { describe, expect, it } from "vitest";
import { cropResize, regionTransform, toFrame, toGray, wholeImage } from "../../core/domain/raster.ts";
import type { RgbImage } from "../../core/domain/ports.ts";

/** A horizontal ramp: red = x * 10, green = y * 10, blue = 200. */
function ramp(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x * 10, y * 10, 200], (y * width + x) * 3);
  }
  return { data, width, height };
}

describe("cropResize", () => {
  it("copies pixels unchanged at scale 1", () => {
    const img = ramp(8, 6);
    const out = cropResize(img, wholeImage(img), 8, 6, new Uint8Array(8 * 6 * 3));
    expect(Array.from(out)).toEqual(Array.from(img.data));
  });

  it("interpolates linearly between pixel centres when enlarging", () => {
    const img = ramp(4, 4);
    const out = cropResize(img, wholeImage(img), 8, 8, new Float32Array(8 * 8 * 3));
    // output column 3 has its centre at source x = (3.5 / 2) - 0.5 = 1.25 -> red 12.5
    expect(out[(0 * 8 + 3) * 3]).toBeCloseTo(12.5, 5);
    expect(out[(5 * 8 + 0) * 3 + 1]).toBeCloseTo(22.5, 5);
  });

  it("crops a sub-region and fills outside the image", () => {
    const img = ramp(10, 10);
    const out = cropResize(img, { x: -2, y: 4, width: 4, height: 2 }, 4, 2, new Uint8Array(4 * 2 * 3), {
      fill: 7,
    });
    expect(Array.from(out.slice(0, 3))).toEqual([7, 7, 7]); // sample centre at source x = -2: outside
    expect(Array.from(out.slice(6, 9))).toEqual([0, 40, 200]); // sample centre at source x = 0: column 0, row 4
    expect(out[9]).toBe(10);
  });

  it("scales and offsets into float inputs", () => {
    const img = ramp(2, 2);
    const out = cropResize(img, wholeImage(img), 2, 2, new Float32Array(12), {
      scale: 1 / 127.5,
      offset: -1,
    });
    expect(out[2]).toBeCloseTo(200 / 127.5 - 1, 6);
    expect(out[0]).toBeCloseTo(-1, 6);
  });

  it("rounds into integer inputs", () => {
    const img = ramp(2, 1);
    const out = cropResize(img, wholeImage(img), 4, 1, new Int32Array(12));
    expect(Array.from(out.filter((_, i) => i % 3 === 0))).toEqual([0, 3, 8, 10]);
  });
});

describe("regionTransform", () => {
  it("maps model-input fractions back to the frame", () => {
    const t = regionTransform({ x: 100, y: -50, width: 200, height: 200 }, { width: 400, height: 300 });
    expect(toFrame(t, 0, 0)).toEqual([0.25, -50 / 300]);
    const [x, y] = toFrame(t, 0.5, 1);
    expect(x).toBeCloseTo(0.5);
    expect(y).toBeCloseTo(0.5);
  });
});

describe("toGray", () => {
  it("weights the channels as ITU-R 601", () => {
    const g = toGray(Uint8Array.from([255, 0, 0, 0, 255, 0, 255, 255, 255]));
    expect(g[0]).toBeCloseTo(76.2, 1);
    expect(g[1]).toBeCloseTo(149.7, 1);
    expect(g[2]).toBeCloseTo(255, 0);
  });
});

describe("cropResize options (bib crops)", () => {
  it("averages boxes of pixels when shrinking more than 2x with the box filter", () => {
    // Alternating black and white columns: bilinear picks stripes, the box filter gives the mean grey.
    const data = new Uint8Array(8 * 8 * 3);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) data.fill(x % 2 ? 255 : 0, (y * 8 + x) * 3, (y * 8 + x) * 3 + 3);
    const img = { data, width: 8, height: 8 };
    const boxed = cropResize(img, wholeImage(img), 2, 2, new Uint8Array(12), { filter: "box" });
    expect(Array.from(boxed)).toEqual(Array(12).fill(128));
  });
  it("turns the region about its centre", () => {
    const img = ramp(10, 10);
    // A half turn: the first output pixel samples the region's last source pixel.
    const out = cropResize(img, { x: 2, y: 2, width: 4, height: 4 }, 4, 4, new Uint8Array(48), {
      angle: Math.PI,
    });
    expect(Array.from(out.slice(0, 3))).toEqual([50, 50, 200]);
    expect(Array.from(out.slice(45, 48))).toEqual([20, 20, 200]);
  });
  it("fills what a turned region takes from outside the image", () => {
    const img = ramp(4, 4);
    const out = cropResize(img, { x: -2, y: 0, width: 4, height: 4 }, 4, 4, new Uint8Array(48), {
      angle: 0.5,
      fill: 9,
    });
    expect(out[0]).toBe(9);
  });
});
