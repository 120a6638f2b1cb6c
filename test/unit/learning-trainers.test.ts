import { describe, expect, it } from "vitest";
import { PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import {
  cropAgreement,
  trainCropAdjustment,
  NO_CROP_ADJUSTMENT,
} from "../../core/domain/learning/crop-trainer.ts";
import type { CropExample, LabelledPhoto } from "../../core/domain/learning/examples.ts";
import { keeperPairs } from "../../core/domain/learning/examples.ts";
import { fitLogistic, DEFAULT_LOGISTIC_PARAMS } from "../../core/domain/learning/logistic.ts";
import { mean, pairwiseAgreement, spearman } from "../../core/domain/learning/metrics.ts";
import { decidePromotion } from "../../core/domain/learning/promotion.ts";
import { seededRandom } from "../../core/domain/learning/random.ts";
import { makeSnapshot, snapshotHash } from "../../core/domain/learning/training-snapshot.ts";
import { splitByBurst } from "../../core/domain/learning/split.ts";
import { cropFeatures, priorTargets } from "../../core/domain/crop/features.ts";
import { CROP_PRIOR } from "../../core/domain/crop/prior.ts";
import { simulatePhotographer, DEFAULT_SIMULATION } from "../../core/domain/learning/simulate.ts";

const prior2 = { weights: [0, 0], bias: 0 };

describe("the logistic ranker", () => {
  it("returns the prior unchanged without evidence", () => {
    const fitted = fitLogistic([], [], PRIOR_KEEPER_WEIGHTS);
    expect(fitted.weights).toEqual(PRIOR_KEEPER_WEIGHTS.weights);
    expect(fitted.bias).toBeCloseTo(PRIOR_KEEPER_WEIGHTS.bias, 12);
  });

  it("learns which feature decides from pairs, and the pull toward the prior shrinks with more pairs", () => {
    const random = seededRandom(7);
    const pairsOf = (n: number) =>
      Array.from({ length: n }, () => {
        const a = [random(), random()];
        const b = [random(), random()];
        // The hidden judge looks at the second feature only.
        return a[1]! > b[1]! ? { winner: a, loser: b } : { winner: b, loser: a };
      });
    const few = fitLogistic(pairsOf(10), [], prior2);
    const many = fitLogistic(pairsOf(2000), [], prior2);
    expect(many.weights[1]!).toBeGreaterThan(5 * Math.abs(many.weights[0]!));
    expect(many.weights[1]!).toBeGreaterThan(few.weights[1]!);
    const strict = fitLogistic(pairsOf(2000), [], prior2, { ...DEFAULT_LOGISTIC_PARAMS, l2: 1e6 });
    expect(Math.abs(strict.weights[1]!)).toBeLessThan(0.1);
  });

  it("fits the bias from pointwise keeps and rejects", () => {
    const points = Array.from({ length: 400 }, (_, i) => ({ row: [0, 0], target: i % 4 === 0 ? 0 : 1 }));
    const fitted = fitLogistic([], points, prior2, { ...DEFAULT_LOGISTIC_PARAMS, l2Bias: 0.01 });
    expect(1 / (1 + Math.exp(-fitted.bias))).toBeCloseTo(0.75, 2);
  });
});

describe("metrics", () => {
  it("pairwise agreement counts ties as half and Spearman ranks", () => {
    const r = pairwiseAgreement(
      (row) => row[0]!,
      [
        { winner: [2], loser: [1] },
        { winner: [1], loser: [2] },
        { winner: [1], loser: [1] },
      ],
    );
    expect(r.accuracy).toBeCloseTo(0.5, 12);
    expect(r.agreed).toEqual([1, 0, 0.5]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });
});

describe("the promotion rule", () => {
  const n = 200;
  it("refuses with too few held-out items, below the margin, or within chance", () => {
    expect(decidePromotion([1, 1, 1], [0, 0, 0]).promote).toBe(false);
    const same = Array.from({ length: n }, (_, i) => i % 2);
    expect(decidePromotion(same, same).promote).toBe(false);
    // 3 % better, but on few differing items: 8 wins against 2 losses in 200 is z ≈ 1.9, not beyond chance.
    const active = Array.from({ length: n }, (_, i) => (i < 100 ? 1 : 0));
    const candidate = active.map((v, i) => (i >= 100 && i < 108 ? 1 : i < 2 ? 0 : v));
    const v = decidePromotion(candidate, active);
    expect(v.candidate - v.active).toBeCloseTo(0.03, 10);
    expect(v.promote).toBe(false);
    expect(v.reason).toMatch(/chance/);
  });

  it("judges pairs by the photos in them: the same gain over pairs of few photos is not enough", () => {
    // 300 pairs, the candidate better on 60 of them, but all those pairs involve the same 3 photos.
    const active = Array.from({ length: 300 }, () => 0.5);
    const candidate = active.map((v, i) => (i < 60 ? 1 : v));
    const few = active.map((_, i) => (i < 60 ? [`a${i % 3}`, `b${i % 3}`] : [`c${i}`, `d${i}`]));
    const spread = active.map((_, i) => [`e${i}`, `f${i}`]);
    expect(decidePromotion(candidate, active, undefined, spread).promote).toBe(true);
    expect(decidePromotion(candidate, active, undefined, few).promote).toBe(false);
  });

  it("promotes a clearly better candidate", () => {
    const active = Array.from({ length: n }, (_, i) => (i < 120 ? 1 : 0));
    const candidate = Array.from({ length: n }, (_, i) => (i < 170 ? 1 : 0));
    const v = decidePromotion(candidate, active);
    expect(v.promote).toBe(true);
    expect(v.heldOut).toBe(n);
  });
});

describe("the split and the snapshot", () => {
  const photos = simulatePhotographer({ ...DEFAULT_SIMULATION, shoots: 3, burstsPerShoot: 20 });

  it("keeps every burst on one side, the same way every time", () => {
    const a = splitByBurst(photos, 5, 0.3);
    const b = splitByBurst([...photos].reverse(), 5, 0.3);
    const trainBursts = new Set(a.train.map((p) => p.burst));
    expect(a.heldOut.some((p) => trainBursts.has(p.burst))).toBe(false);
    expect(new Set(b.heldOut.map((p) => p.id))).toEqual(new Set(a.heldOut.map((p) => p.id)));
    expect(a.heldOut.length / photos.length).toBeGreaterThan(0.1);
    expect(a.heldOut.length / photos.length).toBeLessThan(0.5);
  });

  it("forms pairs only within a shoot, winner = the higher level", () => {
    const two: LabelledPhoto[] = [
      { ...photos[0]!, shoot: "x", level: 5, keeperRow: [1] },
      { ...photos[1]!, shoot: "x", level: 1, keeperRow: [0] },
      { ...photos[2]!, shoot: "y", level: 3, keeperRow: [2] },
    ];
    expect(keeperPairs(two, { seed: 1, pairsPerPhoto: 10 })).toEqual([
      { winner: [1], loser: [0], ids: [photos[0]!.id, photos[1]!.id] },
    ]);
  });

  it("hashes the same labels to the same snapshot whatever their order, and a changed label to another", () => {
    const h = snapshotHash(makeSnapshot(photos, 1));
    expect(snapshotHash(makeSnapshot([...photos].reverse(), 1))).toBe(h);
    const changed = photos.map((p, i) => (i === 0 ? { ...p, level: (p.level ?? 0) === 5 ? 1 : 5 } : p));
    expect(snapshotHash(makeSnapshot(changed, 1))).not.toBe(h);
    expect(snapshotHash(makeSnapshot(photos, 2))).not.toBe(h);
  });
});

describe("the crop adjuster", () => {
  /** A photographer who always crops 15 % tighter than the prior and a little to the left of the runner. */
  function examples(n: number, seed: number): CropExample[] {
    const random = seededRandom(seed);
    return Array.from({ length: n }, () => {
      const W = 3000;
      const H = 2000;
      const h = 600 + 800 * random();
      const x0 = 500 + 1500 * random();
      const y0 = 100 + (H - 200 - h) * random();
      const box: [number, number, number, number] = [x0, y0, x0 + h * 0.4, y0 + h];
      const ratio = 4 / 5;
      const subject = { box, direction: 0, sideOn: 0 } as unknown as Parameters<typeof cropFeatures>[0];
      const features = [...cropFeatures(subject, ratio, W, H)];
      const p = priorTargets(features, CROP_PRIOR);
      const ch = Math.exp(p.logScale - 0.15) * h;
      const cw = ch * ratio;
      const cx = (box[0] + box[2]) / 2 - 0.05 * cw;
      const cy = (box[1] + box[3]) / 2;
      return {
        features,
        subject: box,
        ratio,
        width: W,
        height: H,
        accepted: [cx - cw / 2, cy - ch / 2, cx + cw / 2, cy + ch / 2],
      };
    });
  }

  it("learns the offset and raises the IoU on held-out crops", () => {
    const adjustment = trainCropAdjustment(examples(60, 1), { l2: 0.01 });
    const heldOut = examples(40, 2);
    const before = mean(cropAgreement(heldOut, NO_CROP_ADJUSTMENT));
    const after = mean(cropAgreement(heldOut, adjustment));
    expect(after).toBeGreaterThan(before + 0.05);
    expect(after).toBeGreaterThan(0.95);
  });

  it("stays at no adjustment without examples", () => {
    expect(trainCropAdjustment([])).toEqual(NO_CROP_ADJUSTMENT);
  });
});
