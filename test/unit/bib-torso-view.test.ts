import { describe, expect, it } from "vitest";
import { KEYPOINT_NAMES, type Keypoint, type Runner } from "../../core/domain/analysis.ts";
import { rectToRaster, torsoTilt, viewSize, viewToRaster, withMargin } from "../../core/domain/bib/index.ts";

const frame = { width: 1000, height: 1000 };

/** A runner whose shoulders and hips are given in pixels of a 1000 x 1000 frame. */
function runner(points: Partial<Record<(typeof KEYPOINT_NAMES)[number], [number, number, number?]>>): Runner {
  const at = (p: [number, number, number?]): Keypoint => [p[0] / 1000, p[1] / 1000, p[2] ?? 0.9];
  const keypoints = Object.fromEntries(
    KEYPOINT_NAMES.map((n) => [n, points[n] ? at(points[n]) : ([0.5, 0.5, 0.1] as Keypoint)]),
  );
  return {
    box: [0.3, 0.1, 0.7, 0.9],
    score: 0.9,
    keypoints: keypoints as Runner["keypoints"],
    poseScore: 0.8,
  };
}

describe("torsoTilt", () => {
  it("reads the tilt of the shoulder and hip lines", () => {
    const t = Math.tan((15 * Math.PI) / 180) * 100;
    const tilted = runner({
      right_shoulder: [400, 300],
      left_shoulder: [500, 300 + t],
      right_hip: [420, 500],
      left_hip: [520, 500 + t],
    });
    expect((torsoTilt(tilted, frame) * 180) / Math.PI).toBeCloseTo(15, 5);
  });
  it("is 0 for a level torso, a small tilt, a missing pose or shoulders seen edge-on", () => {
    const level = runner({ right_shoulder: [400, 300], left_shoulder: [500, 305], right_hip: [420, 500] });
    expect(torsoTilt(level, frame)).toBe(0);
    expect(torsoTilt({ ...level, keypoints: null }, frame)).toBe(0);
    const side = runner({ right_shoulder: [450, 300], left_shoulder: [460, 330], right_hip: [455, 500] });
    expect(torsoTilt(side, frame)).toBe(0);
    const unsure = runner({
      right_shoulder: [400, 300],
      left_shoulder: [500, 360, 0.1],
      right_hip: [420, 500],
    });
    expect(torsoTilt(unsure, frame)).toBe(0);
  });
  it("is 0 beyond the largest believable tilt", () => {
    const steep = runner({ right_shoulder: [400, 300], left_shoulder: [450, 400], right_hip: [420, 600] });
    expect(torsoTilt(steep, frame)).toBe(0);
  });
});

describe("torso views", () => {
  const rect = { x: 100, y: 200, w: 80, h: 120 };
  it("maps view pixels back to the raster through scale and turn", () => {
    const view = { rect, angle: 0, scale: 2 };
    expect(viewSize(view)).toEqual({ width: 160, height: 240 });
    expect(viewToRaster(view, 0, 0)).toEqual([100, 200]);
    const turned = { rect, angle: Math.PI / 2, scale: 1 };
    // A quarter turn about the centre (140, 260): the view's top-left corner lands at the raster's top-right.
    const [x, y] = viewToRaster(turned, 0, 0);
    expect(x).toBeCloseTo(200, 9);
    expect(y).toBeCloseTo(220, 9);
  });
  it("keeps a print's own height when it maps a box back", () => {
    const view = { rect, angle: 0.3, scale: 2.5 };
    const box = rectToRaster(view, { x: 50, y: 60, w: 100, h: 25 });
    expect(box.h).toBeCloseTo(10, 9);
    expect(box.w).toBeGreaterThan(100 / 2.5);
  });
  it("grows a torso by a share of its height on every side", () => {
    expect(withMargin(rect, 0.25)).toEqual({ x: 70, y: 170, w: 140, h: 180 });
  });
});
