import { describe, expect, it } from "vitest";
import { decodePose, poseRegion } from "../../core/domain/pose.ts";
import { KEYPOINT_NAMES } from "../../core/domain/analysis.ts";

const frame = { width: 1000, height: 500 };

describe("poseRegion", () => {
  it("is a square 1.2x the longer side of the box, centred on it, in working pixels", () => {
    const r = poseRegion([0.4, 0.2, 0.5, 0.8], frame);
    expect(r.width).toBeCloseTo(360);
    expect(r.height).toBeCloseTo(360);
    expect(r.x + r.width / 2).toBeCloseTo(450);
    expect(r.y + r.height / 2).toBeCloseTo(250);
  });

  it("may extend past the frame for a person at the edge", () => {
    const r = poseRegion([0, 0, 0.1, 1], frame);
    expect(r.x).toBeLessThan(0);
    expect(r.y).toBeLessThan(0);
  });
});

describe("decodePose", () => {
  it("maps MoveNet's (y, x, score) over the crop back to normalised frame coordinates", () => {
    const region = { x: 100, y: 50, width: 200, height: 200 };
    const out = new Float32Array(17 * 3);
    KEYPOINT_NAMES.forEach((_, i) => out.set([i / 16, 0.5, 0.5 + i / 40], i * 3));
    const pose = decodePose(out, region, frame);
    expect(Object.keys(pose.keypoints)).toEqual([...KEYPOINT_NAMES]);
    expect(pose.keypoints.nose[0]).toBeCloseTo(0.2); // (100 + 0.5 * 200) / 1000
    expect(pose.keypoints.nose[1]).toBeCloseTo(0.1); // (50 + 0) / 500
    expect(pose.keypoints.right_ankle[1]).toBeCloseTo(0.5); // (50 + 1 * 200) / 500
    expect(pose.poseScore).toBeCloseTo(0.5 + 8 / 40);
  });

  it("clamps scores into 0–1 and treats NaN as no confidence", () => {
    const out = new Float32Array(17 * 3).fill(0.5);
    out[2] = 1.2;
    out[5] = Number.NaN;
    const pose = decodePose(out, { x: 0, y: 0, width: 10, height: 10 }, frame);
    expect(pose.keypoints.nose[2]).toBe(1);
    expect(pose.keypoints.left_eye[2]).toBe(0);
  });
});
