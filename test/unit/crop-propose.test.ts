import { describe, expect, it } from "vitest";
import {
  CROP_PRIOR,
  DEFAULT_ASPECTS,
  checkRules,
  pixelRatio,
  proposeCrops,
  subjectOf,
} from "../../core/domain/crop/index.ts";
import { lcg, record, runner } from "./crop-helpers.ts";

const side = (c: { box: number[] }) => c.box;

describe("proposeCrops", () => {
  it("never leaves the image and keeps each aspect ratio, over many random runners and photo shapes", () => {
    const rnd = lcg(7);
    for (let i = 0; i < 60; i++) {
      const [W, H] = [Math.round(600 + rnd() * 5000), Math.round(600 + rnd() * 5000)];
      const x0 = rnd() * 0.8;
      const y0 = rnd() * 0.6;
      const box: [number, number, number, number] = [
        x0,
        y0,
        Math.min(1, x0 + 0.05 + rnd() * 0.6),
        Math.min(1, y0 + 0.1 + rnd() * 0.8),
      ];
      for (const c of proposeCrops(record(W, H, [runner(box, rnd() < 0.5 ? "left" : "right")]))) {
        const [a, b, cc, d] = c.box;
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(cc).toBeLessThanOrEqual(1);
        expect(d).toBeLessThanOrEqual(1);
        expect(cc - a).toBeGreaterThan(0);
        const ratio = ((cc - a) * W) / ((d - b) * H);
        expect(ratio).toBeCloseTo(pixelRatio(c.aspect, W, H), 2);
        expect(c.score).toBeGreaterThanOrEqual(0);
        expect(c.score).toBeLessThanOrEqual(1);
      }
    }
  });

  it("proposes every default aspect, best of each aspect first, with the runner and its keypoints inside", () => {
    const rec = record(3000, 2000, [runner([0.4, 0.2, 0.55, 0.85], "right")]);
    const crops = proposeCrops(rec);
    expect([...new Set(crops.map((c) => c.aspect))]).toEqual([...DEFAULT_ASPECTS]);
    const s = subjectOf(rec, CROP_PRIOR)!;
    for (const c of crops) {
      const px: [number, number, number, number] = [
        c.box[0] * 3000,
        c.box[1] * 2000,
        c.box[2] * 3000,
        c.box[3] * 2000,
      ];
      expect(checkRules(s, px, CROP_PRIOR, 3000, 2000).runnerOut).toBe(0);
      expect(c.reason).toMatch(/runner full length/);
    }
  });

  it("gives lead room in the running direction read from the pose", () => {
    const right = proposeCrops(record(4000, 2000, [runner([0.45, 0.2, 0.55, 0.8], "right")]), {
      aspects: ["16:9"],
    })[0]!;
    const left = proposeCrops(record(4000, 2000, [runner([0.45, 0.2, 0.55, 0.8], "left")]), {
      aspects: ["16:9"],
    })[0]!;
    const [rb, lb] = [side(right), side(left)];
    expect(rb[2]! - 0.55).toBeGreaterThan(0.45 - rb[0]!);
    expect(0.45 - lb[0]!).toBeGreaterThan(lb[2]! - 0.55);
    expect(right.reason).toMatch(/lead room to the right/);
    expect(left.reason).toMatch(/lead room to the left/);
  });

  it("reads a frontal runner as going nowhere sideways", () => {
    const rec = record(4000, 2000, [runner([0.45, 0.2, 0.55, 0.8], "camera")]);
    expect(subjectOf(rec, CROP_PRIOR)!.direction).toBe(0);
    expect(proposeCrops(rec, { aspects: ["16:9"] })[0]!.reason).not.toMatch(/lead room/);
  });

  it("does not put a crop edge through a joint when the runner is too big: head and torso kept, flagged", () => {
    const rec = record(2000, 3000, [runner([0.1, 0.05, 0.9, 0.95], "camera")]);
    const s = subjectOf(rec, CROP_PRIOR)!;
    for (const aspect of ["3:2", "1:1", "4:5"]) {
      const c = proposeCrops(rec, { aspects: [aspect] })[0]!;
      const px: [number, number, number, number] = [
        c.box[0] * 2000,
        c.box[1] * 3000,
        c.box[2] * 2000,
        c.box[3] * 3000,
      ];
      const check = checkRules(s, px, CROP_PRIOR, 2000, 3000);
      expect(check.cutJoints).toEqual([]);
      expect(check.headOut).toBe(0);
      expect(c.reason).toMatch(new RegExp(`too big for ${aspect}: head and torso kept`));
      expect(c.score).toBeLessThan(proposeCrops(rec, { aspects: ["9:16"] })[0]!.score);
    }
  });

  it("flags proposals below the minimum output resolution, and only those", () => {
    const rec = record(1200, 800, [runner([0.4, 0.2, 0.55, 0.85])]);
    const low = proposeCrops(rec, { aspects: ["4:5"] })[0]!;
    expect(low.belowMinResolution).toBe(true);
    expect(low.reason).toMatch(/only \d+ px long side/);
    expect(Math.max(low.pixels.width, low.pixels.height)).toBeLessThan(1600);
    const ok = proposeCrops(rec, { aspects: ["4:5"], minResolution: 400 })[0]!;
    expect(ok.belowMinResolution).toBe(false);
    expect(ok.reason).not.toMatch(/px long side/);
  });

  it("offers a second crop that keeps two runners side by side together", () => {
    const rec = record(3000, 2000, [
      runner([0.4, 0.3, 0.5, 0.85], "camera"),
      runner([0.49, 0.31, 0.59, 0.86], "camera"),
    ]);
    const crops = proposeCrops(rec, { aspects: ["5:4"] });
    expect(crops).toHaveLength(2);
    expect(crops[0]!.score).toBeGreaterThan(crops[1]!.score);
    expect(crops[1]!.reason).toMatch(/2 runners together/);
    expect(crops[1]!.box[2]).toBeGreaterThanOrEqual(0.59);
  });

  it("keeps the full frame, score 0, when no runner was found", () => {
    const crops = proposeCrops(record(3000, 2000, []));
    expect(crops).toHaveLength(1);
    expect(crops[0]).toMatchObject({ aspect: "original", box: [0, 0, 1, 1], score: 0 });
    expect(crops[0]!.reason).toMatch(/no runner/);
  });
});
