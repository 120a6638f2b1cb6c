import { describe, expect, it } from "vitest";
import { mapCrop, pixelBounds, shapeRefusal } from "../../plugin/photoshop/src/crop-mapping.ts";
import {
  aspectRatio,
  moveBox,
  reshapeBox,
  sameBox,
  scaleBox,
} from "../../plugin/photoshop/src/crop-nudge.ts";

const box = [0.1, 0.2, 0.6, 0.9] as const;

describe("mapping a companion crop onto the open document", () => {
  it("gives the pixel bounds on a document of the analyzed size", () => {
    expect(mapCrop(box, { width: 6000, height: 4000 }, { width: 6000, height: 4000 })).toEqual({
      ok: true,
      bounds: { left: 600, top: 800, right: 3600, bottom: 3600 },
    });
  });

  it("scales to a document opened larger than the analyzed preview (a RAW analyzed through its 1620x1080 preview)", () => {
    const mapped = mapCrop(box, { width: 1620, height: 1080 }, { width: 6000, height: 4000 });
    expect(mapped).toEqual({ ok: true, bounds: { left: 600, top: 800, right: 3600, bottom: 3600 } });
  });

  it("follows a document resized since it was opened", () => {
    const mapped = mapCrop(box, { width: 6000, height: 4000 }, { width: 1500, height: 1000 });
    expect(mapped).toEqual({ ok: true, bounds: { left: 150, top: 200, right: 900, bottom: 900 } });
  });

  it("tolerates an embedded preview a few pixels off the sensor's proportions", () => {
    expect(shapeRefusal({ width: 1616, height: 1080 }, { width: 6000, height: 4000 })).toBeNull();
  });

  it("refuses a document rotated since it was analyzed, saying so", () => {
    const mapped = mapCrop(box, { width: 6000, height: 4000 }, { width: 4000, height: 6000 });
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.refusal.kind).toBe("rotated");
    expect(mapped.refusal.message).toMatch(/rotated.*analyzed 6000×4000, now 4000×6000/);
  });

  it("refuses a document already cropped or with another canvas, saying so", () => {
    const mapped = mapCrop(box, { width: 6000, height: 4000 }, { width: 3000, height: 2800 });
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.refusal.kind).toBe("reshaped");
    expect(mapped.refusal.message).toMatch(/no longer matches.*analyzed 6000×4000, now 3000×2800/);
  });

  it("keeps the bounds inside the canvas and at least a pixel wide", () => {
    expect(pixelBounds([0, 0, 1, 1], { width: 101, height: 67 })).toEqual({
      left: 0,
      top: 0,
      right: 101,
      bottom: 67,
    });
    expect(pixelBounds([0.5, 0.5, 0.5001, 0.5001], { width: 100, height: 100 })).toEqual({
      left: 50,
      top: 50,
      right: 51,
      bottom: 51,
    });
  });
});

describe("nudging a proposal before applying it", () => {
  const size = { width: 6000, height: 4000 };

  it("moves the crop and stops it at the frame's edge, keeping its size", () => {
    const moved = moveBox([0.1, 0.1, 0.5, 0.5], 0.1, -0.05);
    [0.2, 0.05, 0.6, 0.45].forEach((v, i) => expect(moved[i]).toBeCloseTo(v, 9));
    const pushed = moveBox([0.7, 0.1, 0.9, 0.5], 0.5, 0);
    expect(pushed[2]).toBe(1);
    expect(pushed[2] - pushed[0]).toBeCloseTo(0.2, 9);
  });

  it("scales about the centre, keeping the pixel aspect, and never past the frame", () => {
    const bigger = scaleBox([0.4, 0.4, 0.6, 0.6], 1.5);
    expect(bigger.map((v) => +v.toFixed(6))).toEqual([0.35, 0.35, 0.65, 0.65]);
    const whole = scaleBox([0.1, 0.1, 0.9, 0.9], 3);
    expect(whole.map((v) => +v.toFixed(6))).toEqual([0, 0, 1, 1]);
  });

  it("switches aspect around the same centre, fitted into the frame", () => {
    const portrait = reshapeBox([0.2, 0.2, 0.8, 0.8], aspectRatio("4:5", size)!, size);
    const w = (portrait[2] - portrait[0]) * size.width;
    const h = (portrait[3] - portrait[1]) * size.height;
    expect(w / h).toBeCloseTo(0.8, 6);
    expect(portrait.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect((portrait[0] + portrait[2]) / 2).toBeCloseTo(0.5, 6);
    expect(aspectRatio("original", size)).toBeCloseTo(1.5, 9);
    expect(aspectRatio("wide", size)).toBeNull();
  });

  it("calls boxes equal only within the rounding of a round trip", () => {
    expect(sameBox([0.1, 0.2, 0.3, 0.4], [0.1004, 0.2, 0.3, 0.4])).toBe(true);
    expect(sameBox([0.1, 0.2, 0.3, 0.4], [0.12, 0.2, 0.3, 0.4])).toBe(false);
  });
});
