import { describe, expect, it } from "vitest";
import {
  EYE_CROP_SCALE,
  EYE_INPUT_PX,
  eyeCrop,
  eyeOffset,
  eyeShape,
  eyesVerdict,
  judgeable,
  largerEyeRead,
  MAX_EYE_OFFSET,
  MIN_EYE_PX,
  MIN_EYE_SHOWN,
  openProbability,
  sampleEye,
  scaleCrop,
  shownShare,
  type EyeReading,
} from "../../core/domain/eyes.ts";
import type { RgbImage } from "../../core/domain/ports.ts";
import { MIN_LARGER_FACTOR } from "../../core/domain/working-size.ts";

/** A FaceMesh output (468 x 3, mesh-input pixels) with only the four eye corners set. */
function meshWithCorners(corners: Record<number, [number, number]>): Float32Array {
  const mesh = new Float32Array(468 * 3);
  for (const [i, [x, y]] of Object.entries(corners)) mesh.set([x, y, 0], Number(i) * 3);
  return mesh;
}

/**
 * An iris-model output for an eye level in the crop: corners 32 px apart around (32, 32), eyelids `gap` apart in
 * the middle (tapering to the corners), an iris of the given diameter; optionally the whole contour tilted.
 */
function contour(gap: number, iris = 14, tilt = 0): Float32Array {
  const out = new Float32Array(228);
  const put = (i: number, x: number, y: number) => {
    const [dx, dy] = [x - 32, y - 32];
    const [c, s] = [Math.cos(tilt), Math.sin(tilt)];
    out.set([32 + dx * c - dy * s, 32 + dx * s + dy * c, 0], i * 3);
  };
  for (let i = 0; i <= 8; i++) {
    const x = 16 + i * 4;
    const half = (gap / 2) * Math.sin((Math.PI * i) / 8);
    put(i, x, 32 + half);
    if (i >= 1 && i <= 7) put(8 + i, x, 32 - half);
  }
  put(71, 32, 32);
  put(72, 32 + iris / 2, 32);
  put(73, 32, 32 - iris / 2);
  put(74, 32 - iris / 2, 32);
  put(75, 32, 32 + iris / 2);
  return out;
}

const reading = (opening: number, widthPx: number, irisToWidth = 0.42): EyeReading => ({
  shape: { opening, irisShown: opening / irisToWidth, irisToWidth, widthPx: 28 },
  widthPx,
});

describe("eyeCrop", () => {
  const region = { x: 100, y: 50, width: 384, height: 384 };
  // mesh pixels are half a working pixel: corners 20 mesh px apart are 40 working px apart
  const mesh = meshWithCorners({ 33: [40, 80], 133: [60, 80], 362: [100, 70], 263: [120, 90] });

  it("centres a square 2.3 eye widths wide on the corners, in working pixels", () => {
    const right = eyeCrop(mesh, "right", region, 192);
    expect(right.cx).toBeCloseTo(100 + 50 * 2);
    expect(right.cy).toBeCloseTo(50 + 80 * 2);
    expect(right.widthPx).toBeCloseTo(40);
    expect(right.side).toBeCloseTo(40 * EYE_CROP_SCALE);
    expect(right.angle).toBeCloseTo(0);
  });

  it("mirrors the eye at 362/263 only and levels a tilted eye", () => {
    const left = eyeCrop(mesh, "left", region, 192);
    expect(left.mirrored).toBe(true);
    expect(eyeCrop(mesh, "right", region, 192).mirrored).toBe(false);
    expect(left.angle).toBeCloseTo(Math.PI / 4);
  });
});

describe("sampleEye", () => {
  /** Dark on the left half, bright on the right half. */
  const halves: RgbImage = (() => {
    const data = new Uint8Array(100 * 100 * 3);
    for (let y = 0; y < 100; y++)
      for (let x = 50; x < 100; x++) data.fill(255, (y * 100 + x) * 3, (y * 100 + x) * 3 + 3);
    return { data, width: 100, height: 100 };
  })();
  const crop = { cx: 50, cy: 50, side: 64, angle: 0, mirrored: false, widthPx: 28 };
  const at = (out: Float32Array, x: number, y: number) => out[(y * 64 + x) * 3]!;

  it("samples the region upright in 0..1", () => {
    const out = sampleEye(halves, crop, new Float32Array(64 * 64 * 3));
    expect(at(out, 10, 32)).toBeCloseTo(0);
    expect(at(out, 54, 32)).toBeCloseTo(1);
  });

  it("mirrors left for right", () => {
    const out = sampleEye(halves, { ...crop, mirrored: true }, new Float32Array(64 * 64 * 3));
    expect(at(out, 10, 32)).toBeCloseTo(1);
    expect(at(out, 54, 32)).toBeCloseTo(0);
  });

  it("turns the crop by the eye's angle: a quarter turn puts the image's left edge at the crop's bottom", () => {
    const out = sampleEye(halves, { ...crop, angle: Math.PI / 2 }, new Float32Array(64 * 64 * 3));
    expect(at(out, 32, 54)).toBeCloseTo(0);
    expect(at(out, 32, 10)).toBeCloseTo(1);
  });

  it("reads outside the image as black", () => {
    const out = sampleEye(halves, { ...crop, cx: 150 }, new Float32Array(64 * 64 * 3));
    expect(at(out, 60, 32)).toBe(0);
  });
});

describe("shownShare", () => {
  const image = { width: 200, height: 100 };
  const crop = { cx: 100, cy: 50, side: 40, angle: 0, mirrored: false, widthPx: 17 };

  it("is 1 inside the photo, the share left inside where an edge cuts the crop", () => {
    expect(shownShare(crop, image)).toBe(1);
    expect(shownShare({ ...crop, cy: 0 }, image)).toBeCloseTo(0.5);
    expect(shownShare({ ...crop, cx: 200, cy: 100 }, image)).toBeCloseTo(0.25);
    expect(shownShare({ ...crop, cy: -100 }, image)).toBe(0);
  });

  it("follows the crop's turn: a square turned by 45 degrees reaches further across an edge", () => {
    const near = { ...crop, cy: 22 };
    expect(shownShare(near, image)).toBe(1);
    expect(shownShare({ ...near, angle: Math.PI / 4 }, image)).toBeLessThan(1);
  });
});

describe("eyeShape", () => {
  it("measures the lid gap over the eye's width and the iris against it", () => {
    const shape = eyeShape(contour(10));
    expect(shape.widthPx).toBeCloseTo(32);
    expect(shape.opening).toBeGreaterThan(0.26);
    expect(shape.opening).toBeLessThan(10 / 32);
    expect(shape.irisToWidth).toBeCloseTo(14 / 32);
    expect(shape.irisShown).toBeCloseTo(10 / 14);
  });

  it("is the same for a tilted eye and near zero for a closed one", () => {
    expect(eyeShape(contour(10, 14, 0.4)).opening).toBeCloseTo(eyeShape(contour(10)).opening, 5);
    expect(eyeShape(contour(0.5)).opening).toBeLessThan(0.02);
  });

  it("reads the second eye of a batch at its offset", () => {
    const both = new Float32Array(456);
    both.set(contour(10));
    both.set(contour(2), 228);
    expect(eyeShape(both, 228).opening).toBeLessThan(eyeShape(both, 0).opening / 3);
  });
});

describe("openProbability", () => {
  it("is high for open lids, low for closed ones, and rises with the opening", () => {
    expect(openProbability(0.3)).toBeGreaterThan(0.95);
    expect(openProbability(0.08)).toBeLessThan(0.05);
    expect(openProbability(0.2)).toBeGreaterThan(openProbability(0.15));
  });
});

describe("eyesVerdict", () => {
  it("judges both eyes and weights the wider one more", () => {
    const v = eyesVerdict(reading(0.22, 30), reading(0.18, 20));
    expect(v.eyes!.left).toBeGreaterThan(0.75);
    expect(v.eyes!.right).toBeCloseTo(0.5);
    expect(v.eyesOpen).toBeCloseTo(openProbability((0.22 * 30 + 0.18 * 20) / 50));
  });

  it("trusts the open eye when the two disagree (a blink closes both: glare or a squint closes one reading)", () => {
    const v = eyesVerdict(reading(0.3, 30), reading(0.1, 20));
    expect(v.eyes!.left).toBeGreaterThan(0.95);
    expect(v.eyes!.right).toBeLessThan(0.1);
    expect(v.eyesOpen).toBe(v.eyes!.left);
    const blink = eyesVerdict(reading(0.1, 30), reading(0.08, 28));
    expect(blink.eyesOpen).toBeLessThan(0.1);
  });

  it("says nothing about eyes too small to see", () => {
    expect(judgeable(reading(0.05, MIN_EYE_PX - 1))).toBe(false);
    expect(eyesVerdict(reading(0.05, MIN_EYE_PX - 1), reading(0.05, 5))).toEqual({
      eyesOpen: null,
      eyes: null,
    });
  });

  it("says nothing about an eye whose crop the frame cuts: the black past the edge reads as a lid", () => {
    const cut = { ...reading(0.02, 30), shown: 0.67 };
    expect(judgeable(cut)).toBe(false);
    expect(judgeable({ ...cut, shown: MIN_EYE_SHOWN })).toBe(true);
    expect(eyesVerdict(cut, { ...reading(0.02, 28), shown: 0.69 })).toEqual({ eyesOpen: null, eyes: null });
    // The other eye, wholly in the frame, decides alone.
    expect(eyesVerdict(cut, reading(0.3, 28)).eyesOpen).toBeCloseTo(openProbability(0.3));
  });

  it("lets the near eye decide when the far one is foreshortened or its contour is implausible", () => {
    const turned = eyesVerdict(reading(0.3, 30), reading(0.02, 12));
    expect(turned.eyesOpen).toBeCloseTo(openProbability(0.3));
    expect(turned.eyes).toBeNull();
    const lost = eyesVerdict(reading(0.02, 30, 0.1), reading(0.3, 20));
    expect(lost.eyesOpen).toBeCloseTo(openProbability(0.3));
  });

  it("says nothing when FaceMesh lost both eyes (sunglasses): a cheek read as a shut lid is not a blink", () => {
    const off = MAX_EYE_OFFSET + 0.05;
    const lost = eyesVerdict(
      { ...reading(0.02, 30), offset: off },
      { ...reading(0.03, 28), offset: off + 0.1 },
    );
    expect(lost).toEqual({ eyesOpen: null, eyes: null });
    // One eye off is a turned head's far corner: the verdict stands.
    const turned = eyesVerdict({ ...reading(0.02, 30), offset: 0.1 }, { ...reading(0.03, 28), offset: 0.9 });
    expect(turned.eyesOpen).toBeLessThan(0.1);
  });
});

describe("eyeOffset", () => {
  const crop = { cx: 100, cy: 50, side: 46, angle: 0, mirrored: false, widthPx: 20 };
  it("is the distance to the nearer of the face detector's eye points, in eye widths", () => {
    const other = { x: 160, y: 50 };
    expect(eyeOffset(crop, [{ x: 100, y: 50 }, other])).toBe(0);
    // A mesh eye half an eye width below where the detector saw it: on the cheek.
    expect(eyeOffset(crop, [other, { x: 100, y: 40 }])).toBeCloseTo(0.5);
  });
});

describe("largerEyeRead", () => {
  it("reads from a larger decode the faces whose eyes the working raster shows small, at the factor the smallest needs", () => {
    // 27.8 px is the eye's width in the model's input: a 10 px eye needs 2.78 times, a 20 px one 1.39 times.
    const plan = largerEyeRead([10, 20, 40], 4);
    expect(plan?.faces).toEqual([true, true, false]);
    expect(plan?.factor).toBeCloseTo(EYE_INPUT_PX / 10, 5);
    expect(largerEyeRead([10], 2)?.factor).toBe(2);
  });

  it("leaves eyes too small to judge on the working raster, eyes big enough, and photos with no larger decode", () => {
    expect(largerEyeRead([MIN_EYE_PX - 1], 4)).toBeNull();
    expect(largerEyeRead([EYE_INPUT_PX / MIN_LARGER_FACTOR + 0.1], 4)).toBeNull();
    expect(largerEyeRead([10], MIN_LARGER_FACTOR - 0.01)).toBeNull();
    expect(largerEyeRead([], 4)).toBeNull();
  });
});

describe("scaleCrop", () => {
  it("is the same crop in a raster that many times larger: place, side and eye width, not the angle", () => {
    const crop = { cx: 100, cy: 50, side: 23, angle: 0.2, mirrored: true, widthPx: 10 };
    expect(scaleCrop(crop, 3)).toEqual({
      cx: 300,
      cy: 150,
      side: 69,
      angle: 0.2,
      mirrored: true,
      widthPx: 30,
    });
  });
});
