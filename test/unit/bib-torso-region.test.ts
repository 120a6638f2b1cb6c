import { describe, expect, it } from "vitest";
import { KEYPOINT_NAMES, type Keypoint, type Runner } from "../../core/domain/analysis.ts";
import { textBoxes, torsoRegion } from "../../core/domain/bib/index.ts";

function runner(points: Partial<Record<(typeof KEYPOINT_NAMES)[number], Keypoint>> | null): Runner {
  const keypoints = points
    ? (Object.fromEntries(
        KEYPOINT_NAMES.map((n) => [n, points[n] ?? [0.5, 0.5, 0.05]]),
      ) as Runner["keypoints"])
    : null;
  return { box: [0.4, 0.1, 0.6, 0.9], score: 0.9, keypoints, poseScore: 0.7 };
}

describe("torsoRegion", () => {
  it("spans shoulders to below the hips, padded sideways", () => {
    const r = torsoRegion(
      runner({
        left_shoulder: [0.55, 0.3, 0.8],
        right_shoulder: [0.45, 0.3, 0.8],
        left_hip: [0.54, 0.5, 0.8],
        right_hip: [0.46, 0.5, 0.8],
      }),
      1,
    );
    expect(r.from).toBe("pose");
    const [x0, y0, x1, y1] = r.box;
    expect(y0).toBeCloseTo(0.28, 5);
    expect(y1).toBeCloseTo(0.57, 5);
    expect(x0).toBeLessThan(0.45);
    expect(x1).toBeGreaterThan(0.55);
    expect((x0 + x1) / 2).toBeCloseTo(0.5, 5);
  });
  it("falls back to the person box without a confident shoulder or hip", () => {
    const weak = runner({ left_shoulder: [0.55, 0.3, 0.8], right_shoulder: [0.45, 0.3, 0.8] });
    for (const r of [torsoRegion(weak, 1), torsoRegion(runner(null), 1)]) {
      expect(r.from).toBe("box");
      expect(r.box[1]).toBeGreaterThan(0.1);
      expect(r.box[3]).toBeLessThan(0.9);
    }
  });
  it("reaches from the shoulders down a torso's length on an upper body the frame cuts, hips unseen", () => {
    // A telephoto close-up cut at the thighs: the box is the upper body only, its bib below two thirds of it.
    const shoulders: Record<"left_shoulder" | "right_shoulder", Keypoint> = {
      left_shoulder: [0.61, 0.47, 0.6],
      right_shoulder: [0.39, 0.45, 0.4],
    };
    const cut: Runner = { ...runner(shoulders), box: [0.25, 0.12, 0.74, 1] };
    const r = torsoRegion(cut, 1.5);
    expect(r.from).toBe("pose");
    // Shoulders 0.33 of the frame height apart (x scaled by the aspect): the torso runs about 0.43 below them.
    expect(r.box[1]).toBeLessThan(0.46);
    expect(r.box[3]).toBeGreaterThan(0.85);
    expect((r.box[0] + r.box[2]) / 2).toBeCloseTo(0.5, 5);
    // The same shoulders on a whole person (box above the bottom edge): hips unseen there are hidden, not cut off,
    // and the person box still places the torso.
    expect(torsoRegion(runner(shoulders), 1.5).from).toBe("box");
  });
  it("stays inside the frame", () => {
    const r = torsoRegion(
      runner({
        left_shoulder: [1.02, 0.0, 0.9],
        right_shoulder: [0.9, 0.0, 0.9],
        left_hip: [1.0, 0.2, 0.9],
        right_hip: [0.92, 0.2, 0.9],
      }),
      1.5,
    );
    expect(Math.max(...r.box)).toBeLessThanOrEqual(1);
    expect(Math.min(...r.box)).toBeGreaterThanOrEqual(0);
  });
});

describe("textBoxes (DB post-processing)", () => {
  it("finds one grown box per confident region and drops weak ones", () => {
    const w = 40;
    const h = 20;
    const prob = new Float32Array(w * h);
    for (let y = 5; y < 10; y++) for (let x = 4; x < 20; x++) prob[y * w + x] = 0.9;
    for (let y = 14; y < 18; y++) for (let x = 25; x < 35; x++) prob[y * w + x] = 0.4;
    const boxes = textBoxes(prob, w, h);
    expect(boxes).toHaveLength(1);
    const [b] = boxes;
    expect(b!.score).toBeCloseTo(0.9, 5);
    expect(b!.x0).toBeLessThan(4);
    expect(b!.x1).toBeGreaterThan(20);
    expect(b!.y0).toBeLessThan(5);
  });
});
