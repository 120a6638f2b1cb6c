import { describe, expect, it } from "vitest";
import { CROP_PRIOR, proposeCrops, subjectOf } from "../../core/domain/crop/index.ts";
import { scaleInFrame, targetsOf } from "../../core/domain/crop/features.ts";
import { record, runner } from "./crop-helpers.ts";

type Box = [number, number, number, number];

/** The 4:5 proposal in pixels. */
function crop45(rec: ReturnType<typeof record>): Box {
  const b = proposeCrops(rec, { aspects: ["4:5"] })[0]!.box;
  return [b[0] * rec.width, b[1] * rec.height, b[2] * rec.width, b[3] * rec.height];
}

describe("the runner's extent and placement", () => {
  it("reaches down to feet the pose did not see when the detector stopped at the shorts", () => {
    const r = runner([0.4, 0.1, 0.6, 0.7], "camera");
    for (const n of ["left_knee", "right_knee", "left_ankle", "right_ankle"] as const)
      r.keypoints[n] = [r.keypoints[n][0], r.keypoints[n][1], 0.1];
    r.box = [0.4, 0.1, 0.6, 0.45]; // detector box ends at the hips
    const rec = record(3000, 2000, [r]);
    const s = subjectOf(rec, CROP_PRIOR)!;
    const hipY = 0.1 + 0.5 * 0.6;
    const noseY = 0.1 + 0.07 * 0.6;
    const feetY = hipY + CROP_PRIOR.legToTorso * (hipY - noseY);
    expect(s.box[3] / 2000).toBeGreaterThanOrEqual(feetY);
    expect(crop45(rec)[3] / 2000).toBeGreaterThanOrEqual(feetY);
  });

  it("keeps the feet and trims the cap when head to feet only just fits the frame", () => {
    // Portrait photo: the 4:5 frame is the full width, 1250 px high. Keypoints from a body in [0.12, 0.94];
    // the detector box starts higher (a cap), so the whole box is taller than the frame.
    const r = runner([0.3, 0.12, 0.7, 0.94], "camera");
    r.box = [0.3, 0.08, 0.7, 0.94];
    const rec = record(1000, 1500, [r]);
    const s = subjectOf(rec, CROP_PRIOR)!;
    expect(s.box[3] - s.box[1]).toBeGreaterThan(1250);
    expect(s.box[3] - s.headTop).toBeLessThanOrEqual(1250);
    const c = crop45(rec);
    expect(c[3]).toBeGreaterThanOrEqual(s.box[3] - 1);
    expect(c[1]).toBeLessThanOrEqual(s.headTop + 1);
  });

  it("takes the photo's bottom edge when neither model saw the feet and the edge is within a shoe's reach", () => {
    // Landscape photo, a close runner: keypoints from a body in [0.3, 0.95] of the height, ankles at ~0.86-0.89.
    const unseen = runner([0.35, 0.3, 0.6, 0.95], "right");
    unseen.box = [0.35, 0.3, 0.6, 0.846]; // the detector stopped at the ankles (dark shoes)
    const seen = runner([0.35, 0.3, 0.6, 0.9], "right");
    seen.box = [0.35, 0.3, 0.6, 0.9]; // the box reaches below the ankles (0.84-0.87): the feet were seen
    const far = runner([0.35, 0.02, 0.6, 0.7], "right");
    far.box = [0.35, 0.02, 0.6, 0.66]; // feet unseen, but the edge is far below them
    const [W, H] = [3000, 2000];
    expect(subjectOf(record(W, H, [unseen]), CROP_PRIOR)!.feetUnseen).toBe(true);
    expect(subjectOf(record(W, H, [seen]), CROP_PRIOR)!.feetUnseen).toBe(false);
    expect(crop45(record(W, H, [unseen]))[3]).toBeCloseTo(H, 3);
    expect(crop45(record(W, H, [seen]))[3]).toBeLessThan(H - 1);
    expect(crop45(record(W, H, [far]))[3]).toBeLessThan(0.85 * H);
    const s = subjectOf(record(W, H, [unseen]), CROP_PRIOR)!;
    expect(crop45(record(W, H, [unseen]))[1]).toBeLessThanOrEqual(
      s.headTop - CROP_PRIOR.headRoom * 0.6 * H + 1,
    );
  });

  it("gives lead room to a runner seen side-on, and centres one square to the camera looking the same way", () => {
    const side = runner([0.45, 0.2, 0.55, 0.8], "right");
    const square = runner([0.45, 0.2, 0.55, 0.8], "right");
    // Shoulders a fifth of the runner's height apart: square on.
    square.keypoints.left_shoulder = [0.45 + 0.1 * 0.98, 0.32, 0.8];
    square.keypoints.right_shoulder = [0.45 + 0.1 * 0.02, 0.32, 0.8];
    const lead = (r: typeof side) => {
      const rec = record(4000, 2000, [r]);
      const c = crop45(rec);
      return ((c[0] + c[2]) / 2 - 0.5 * 4000) / (c[2] - c[0]);
    };
    expect(subjectOf(record(4000, 2000, [side]), CROP_PRIOR)!.sideOn).toBeGreaterThan(0.8);
    expect(subjectOf(record(4000, 2000, [square]), CROP_PRIOR)!.sideOn).toBeLessThan(0.2);
    expect(lead(side)).toBeGreaterThan(0.05);
    expect(Math.abs(lead(square))).toBeLessThan(0.02);
  });

  it("keeps the usual head room over a runner the photo cuts at the shins, not the room the feet would have had", () => {
    // The same runner whole, and cut by the bottom edge just below the knees (ankles outside the photo).
    const whole = record(3000, 2000, [runner([0.42, 0.2, 0.58, 0.8], "right")]);
    const cutRunner = runner([0.42, 0.45, 0.58, 1.05], "right");
    cutRunner.box = [0.42, 0.45, 0.58, 1];
    for (const n of ["left_ankle", "right_ankle"] as const)
      cutRunner.keypoints[n] = [cutRunner.keypoints[n][0], cutRunner.keypoints[n][1], 0.1];
    const cut = record(3000, 2000, [cutRunner]);
    const margin = (rec: ReturnType<typeof record>) => {
      const s = subjectOf(rec, CROP_PRIOR)!;
      const c = crop45(rec);
      return { above: s.headTop - c[1], total: c[3] - c[1] - (s.box[3] - s.headTop), bottom: c[3] };
    };
    const w = margin(whole);
    const c = margin(cut);
    expect(c.bottom).toBeCloseTo(2000, 0);
    // Whole: the margin is shared above and below; cut: only the half above is kept.
    expect(c.above).toBeLessThan(0.7 * w.total);
    expect(c.above).toBeGreaterThan(0.25 * w.total);
  });

  it("reads an accepted crop over a cut runner back as the target that made it (the learned offset starts at zero)", () => {
    const H = 2000;
    const logScale = Math.log(1.2);
    for (const box of [
      [1200, 900, 1800, 2000], // cut at the bottom
      [1200, 0, 1800, 1100], // cut at the top
      [1200, 500, 1800, 1500], // whole
    ] as [number, number, number, number][]) {
      const h = box[3] - box[1];
      const ch = scaleInFrame(logScale, box, H) * h;
      const crop: [number, number, number, number] = [1100, box[3] - ch, 1900, box[3]];
      const subject = { box } as unknown as NonNullable<ReturnType<typeof subjectOf>>;
      expect(targetsOf(subject, crop, H).logScale).toBeCloseTo(logScale, 9);
    }
    expect(scaleInFrame(logScale, [1200, 900, 1800, 2000], H)).toBeCloseTo(1.1, 9);
  });
});
