import { describe, expect, it } from "vitest";
import {
  KEYPOINT_NAMES,
  type KeypointName,
  type Keypoints,
  type Runner,
} from "../../core/domain/analysis.ts";
import { kneeDrive, strideAngle } from "../../core/domain/style/features.ts";
import { kneeLift, measureBody } from "../../core/domain/style/legs.ts";
import { toSkeleton } from "../../core/domain/style/skeleton.ts";
import {
  DEFAULT_STYLE_OPTIONS,
  KEEPER_STRIDE_OPTIONS,
  RUBRIC_STYLE_TERMS,
  runningStyle,
  STYLE_FEATURES,
  STYLE_WEIGHTS,
  strideOnly,
  styleTerms,
  type StyleOptions,
} from "../../core/domain/style/running-style.ts";

const FRAME = { width: 1000, height: 1000 };
type Pose = Partial<Record<KeypointName, [number, number]>>;

/** A runner from named joints (normalised); unnamed joints are hidden (score 0). The box ends below the feet. */
function runner(pose: Pose, hidden: KeypointName[] = [], box: Runner["box"] = [0.2, 0.1, 0.8, 0.9]): Runner {
  const keypoints = Object.fromEntries(
    KEYPOINT_NAMES.map((n) => {
      const p = pose[n];
      return [n, p && !hidden.includes(n) ? [p[0], p[1], 0.8] : [0.5, 0.5, 0.02]];
    }),
  ) as Keypoints;
  return { box, score: 0.9, keypoints, poseScore: 0.7 };
}

/** Side view, moving right, both feet off the ground: swing thigh near horizontal, trailing leg extended behind. */
const SPRINTER: Pose = {
  nose: [0.575, 0.22],
  right_ear: [0.535, 0.22],
  left_shoulder: [0.53, 0.3],
  right_shoulder: [0.53, 0.3],
  left_elbow: [0.47, 0.38],
  left_wrist: [0.53, 0.44],
  right_elbow: [0.59, 0.37],
  right_wrist: [0.65, 0.32],
  left_hip: [0.5, 0.5],
  right_hip: [0.5, 0.5],
  right_knee: [0.665, 0.545],
  right_ankle: [0.62, 0.7],
  left_knee: [0.415, 0.647],
  left_ankle: [0.3, 0.74],
};

/** Toward the camera, legs straight and close together under the body, arms hanging. */
const SHUFFLER: Pose = {
  nose: [0.5, 0.22],
  left_ear: [0.53, 0.22],
  right_ear: [0.47, 0.22],
  left_eye: [0.515, 0.21],
  right_eye: [0.485, 0.21],
  left_shoulder: [0.56, 0.3],
  right_shoulder: [0.44, 0.3],
  left_elbow: [0.57, 0.4],
  left_wrist: [0.575, 0.5],
  right_elbow: [0.43, 0.4],
  right_wrist: [0.425, 0.5],
  left_hip: [0.53, 0.5],
  right_hip: [0.47, 0.5],
  left_knee: [0.53, 0.67],
  right_knee: [0.48, 0.67],
  left_ankle: [0.53, 0.84],
  right_ankle: [0.49, 0.84],
};

/** Side view, moving right, ordinary open stride: front foot landing, rear foot lifting behind. */
const JOGGER: Pose = {
  ...SPRINTER,
  right_knee: [0.57, 0.65],
  right_ankle: [0.56, 0.82],
  left_knee: [0.46, 0.66],
  left_ankle: [0.38, 0.77],
};

/** Toward the camera, the left thigh foreshortened: 0.136 against the right's 0.17 on the picture (ratio 0.8). */
const THIGHS_AT_0_8: Pose = {
  ...SHUFFLER,
  left_knee: [0.53, 0.636],
  left_ankle: [0.53, 0.78],
  right_knee: [0.47, 0.67],
};

const bodyOf = (pose: Pose) => measureBody(toSkeleton(runner(pose).keypoints!, FRAME))!;

const CELEBRATING: Pose = {
  ...SHUFFLER,
  left_elbow: [0.6, 0.2],
  left_wrist: [0.6, 0.08],
  right_elbow: [0.4, 0.2],
  right_wrist: [0.4, 0.08],
};

describe("runningStyle", () => {
  it("scores a sprinter in flight with high knee drive above a shuffler with straight close legs", () => {
    const sprinter = runningStyle(runner(SPRINTER), FRAME)!;
    const shuffler = runningStyle(runner(SHUFFLER), FRAME)!;
    expect(sprinter.flight).toBe("yes");
    expect(shuffler.flight).toBe("no");
    expect(sprinter.score).toBeGreaterThan(0.7);
    expect(shuffler.score).toBeLessThan(0.4);
    expect(sprinter.contributions.kneeDrive).toBeGreaterThan(0);
    expect(shuffler.contributions.strideOpen).toBeLessThan(0);
  });

  it("reads knee drive toward the camera from the thigh that looks short against the other", () => {
    // The left thigh points at the camera: half the right one's length on the picture, 60° of lift (acos 0.5).
    const driver: Pose = { ...SHUFFLER, left_knee: [0.53, 0.585], left_ankle: [0.54, 0.7] };
    const drive = runningStyle(runner(driver), FRAME)!;
    const shuffle = runningStyle(runner(SHUFFLER), FRAME)!;
    expect(drive.contributions.kneeDrive).toBeGreaterThan(0);
    expect(shuffle.contributions.kneeDrive).toBeLessThan(0); // both thighs at full length: no lift
  });

  it("measures the drive toward the camera as acos(short / long thigh), and in profile by the knee's rise", () => {
    // Thighs 0.136 and 0.17 long (ratio 0.8): 36.9° of lift toward the camera, 0.41 of horizontal, 0.68 of a full drive.
    const body = bodyOf(THIGHS_AT_0_8);
    const toCamera = kneeDrive(body, undefined)!;
    expect(toCamera.value).toBeCloseTo(Math.acos(0.8) / (Math.PI / 2) / 0.6, 6);
    expect(toCamera.seen).toBe(1);
    // Running across the frame the same pose is read by how high the higher knee rose against the thigh length.
    const across = kneeDrive(body, 1)!;
    const rise = Math.max(...body.legs.map((l) => kneeLift(l, body) ?? 0));
    expect(across.value).toBeCloseTo(Math.min(1, rise / 0.6), 9);
    expect(across.value).not.toBeCloseTo(toCamera.value, 2);
  });

  it("reads the thighs parting toward the camera from the shorter one's foreshortening as well", () => {
    // The same 0.8 thigh ratio: 36.9° between the thighs along the line of sight, which the picture barely shows.
    const body = bodyOf(THIGHS_AT_0_8);
    const toCamera = strideAngle(body, undefined)!;
    expect(toCamera.value).toBeCloseTo((Math.acos(0.8) * (180 / Math.PI)) / 60, 6);
    // In profile the same joints are read as drawn (a small angle between the thighs, a step in knee height): less.
    const across = strideAngle(body, 1)!;
    expect(across.value).toBeLessThan(toCamera.value - 0.1);
    // Both thighs at full length toward the camera: nothing parts them beyond what the picture shows.
    const shuffle = bodyOf(SHUFFLER);
    expect(strideAngle(shuffle, undefined)!.value).toBeCloseTo(strideAngle(shuffle, 1)!.value, 1);
  });

  it("explains the score: contributions add up to the distance from an ordinary stride", () => {
    const s = runningStyle(runner(SPRINTER), FRAME)!;
    const sum = Object.values(s.contributions).reduce((a, b) => a + b, 0);
    expect(Math.min(1, 0.5 + sum)).toBeCloseTo(s.score, 6);
  });

  it("lowers the confidence more than the score when the trailing ankle is hidden", () => {
    // The stride the keeper reads (the rubric's weights, the running term aside): the score holds.
    const seen = runningStyle(runner(JOGGER), FRAME, KEEPER_STRIDE_OPTIONS)!;
    const hidden = runningStyle(runner(JOGGER, ["left_ankle"]), FRAME, KEEPER_STRIDE_OPTIONS)!;
    expect(seen.score).toBeGreaterThan(0.55); // an unclamped score, so a shift would show
    expect(seen.score).toBeLessThan(0.9);
    expect(hidden.confidence).toBeLessThan(seen.confidence - 0.15);
    expect(Math.abs(hidden.score - seen.score)).toBeLessThan(0.1);
    // As shipped the trailing leg weighs 2.5 times the rubric, so the guessed ankle (the thigh continued, which
    // understates an extension) costs more: less than the trailing term itself, and never a gain.
    const shown = strideOnly(DEFAULT_STYLE_OPTIONS);
    const shownSeen = runningStyle(runner(JOGGER), FRAME, shown)!;
    const shownHidden = runningStyle(runner(JOGGER, ["left_ankle"]), FRAME, shown)!;
    expect(shownHidden.confidence).toBeLessThan(shownSeen.confidence - 0.15);
    expect(shownSeen.score - shownHidden.score).toBeGreaterThanOrEqual(0);
    expect(shownSeen.score - shownHidden.score).toBeLessThan(shownSeen.contributions.trailingLeg);
    expect(runningStyle(runner(SPRINTER, ["left_ankle"]), FRAME)!.flight).toBe("unclear");
  });

  it("reads the pose's running evidence over the joints it sees: a hidden foot is not feet together", () => {
    const seen = runningStyle(runner(JOGGER), FRAME)!;
    const hidden = runningStyle(runner(JOGGER, ["left_ankle"]), FRAME)!;
    expect(seen.contributions.running).toBeGreaterThan(0);
    // From the knees and arms alone the jogger still looks like running, less surely.
    expect(hidden.contributions.running).toBeGreaterThan(0);
    expect(hidden.confidence).toBeLessThan(seen.confidence);
    expect(runningStyle(runner(SHUFFLER), FRAME)!.contributions.running).toBeLessThan(0);
    expect(runningStyle(runner(SPRINTER), FRAME)!.contributions.running).toBeGreaterThan(
      seen.contributions.running,
    );
  });

  it("leaves the running evidence out of the stride the keeper reads, which weighs it on its own", () => {
    const full = runningStyle(runner(SHUFFLER), FRAME)!;
    const stride = runningStyle(runner(SHUFFLER), FRAME, strideOnly(DEFAULT_STYLE_OPTIONS))!;
    expect(Math.abs(stride.contributions.running)).toBe(0);
    expect(full.score).toBeLessThan(stride.score);
    // The keeper's stride is the rubric's (its weights were set with it), without the running term.
    expect(KEEPER_STRIDE_OPTIONS.terms).toEqual({
      ...RUBRIC_STYLE_TERMS,
      running: { ...RUBRIC_STYLE_TERMS.running, weight: 0 },
    });
    expect(DEFAULT_STYLE_OPTIONS.terms.trailingLeg.weight).toBeGreaterThan(
      RUBRIC_STYLE_TERMS.trailingLeg.weight,
    );
    const { running, ...strideTerms } = DEFAULT_STYLE_OPTIONS.terms;
    expect(running.weight).toBeGreaterThan(0);
    expect(strideOnly(DEFAULT_STYLE_OPTIONS).terms).toEqual({
      ...strideTerms,
      running: { ...running, weight: 0 },
    });
  });

  it("builds the shown style from the rubric: the trailing leg's share of the legs' weight, arms left out", () => {
    expect(DEFAULT_STYLE_OPTIONS.terms).toEqual(styleTerms(STYLE_WEIGHTS));
    const legsOnly = styleTerms({ running: 0.25, trailingShare: 0.35, arms: false });
    expect(legsOnly.armCarriage.weight).toBe(0);
    const legs = STYLE_FEATURES.filter((f) => f !== "running" && f !== "armCarriage");
    const total = (terms: StyleOptions["terms"]) => legs.reduce((s, f) => s + Math.abs(terms[f].weight), 0);
    // The legs keep the rubric's total weight, so the score keeps its scale; the trailing leg takes its share of it.
    expect(total(legsOnly)).toBeCloseTo(total(RUBRIC_STYLE_TERMS), 12);
    expect(legsOnly.trailingLeg.weight / total(legsOnly)).toBeCloseTo(0.35, 12);
    expect(legsOnly.kneeDrive.weight / legsOnly.strideOpen.weight).toBeCloseTo(0.2 / 0.25, 12);
    // With the arms and the rubric's own share and running weight, the rubric comes back.
    const rubric = styleTerms({ running: 0.5, trailingShare: 0.2 / 1.45, arms: true });
    for (const f of STYLE_FEATURES) expect(rubric[f].weight).toBeCloseTo(RUBRIC_STYLE_TERMS[f].weight, 12);
  });

  it("calls no flight on a runner the bottom edge may cut: the pose puts cut-off feet at the edge", () => {
    const cutBox: Runner["box"] = [0.2, 0.1, 0.8, 0.99];
    expect(runningStyle(runner(SPRINTER, [], cutBox), FRAME)!.flight).toBe("unclear");
    // A foot on its ground line still says "no", wherever the frame ends.
    expect(runningStyle(runner(SHUFFLER, [], cutBox), FRAME)!.flight).toBe("no");
  });

  it("treats an ankle cut by the frame like a hidden one", () => {
    const cut = runningStyle(runner({ ...SHUFFLER, left_ankle: [0.53, 1.08] }), FRAME)!;
    const seen = runningStyle(runner(SHUFFLER), FRAME)!;
    expect(cut.confidence).toBeLessThan(seen.confidence);
  });

  it("gives the running term its share of the score's spread instead of widening it", () => {
    const only = (running: number): StyleOptions => ({
      ...DEFAULT_STYLE_OPTIONS,
      terms: Object.fromEntries(
        STYLE_FEATURES.map((f) => [
          f,
          {
            ...DEFAULT_STYLE_OPTIONS.terms[f],
            weight: f === "kneeDrive" ? 0.2 : f === "running" ? running : 0,
          },
        ]),
      ) as StyleOptions["terms"],
    });
    const alone = runningStyle(runner(SPRINTER), FRAME, only(0))!;
    const shared = runningStyle(runner(SPRINTER), FRAME, only(0.2))!;
    expect(alone.contributions.kneeDrive).toBeGreaterThan(0);
    // Knee drive and the running term weigh the same: each now moves the score half as far.
    expect(shared.contributions.kneeDrive).toBeCloseTo(alone.contributions.kneeDrive / 2, 9);
  });

  it("adds the configured extra for hands above the head", () => {
    const withBonus = runningStyle(runner(CELEBRATING), FRAME, {
      ...DEFAULT_STYLE_OPTIONS,
      handsAboveHeadBonus: 0.3,
    })!;
    const without = runningStyle(runner(CELEBRATING), FRAME, {
      ...DEFAULT_STYLE_OPTIONS,
      handsAboveHeadBonus: 0,
    })!;
    expect(withBonus.handsAboveHead).toBe(true);
    expect(runningStyle(runner(SHUFFLER), FRAME)!.handsAboveHead).toBe(false);
    expect(withBonus.contributions.handsAboveHead).toBe(0.3);
    // The same sum plus the bonus, clamped to 0–1 like every score.
    const raw = 0.5 + Object.values(without.contributions).reduce((a, b) => a + b, 0);
    expect(withBonus.score).toBeCloseTo(Math.min(1, Math.max(0, raw + 0.3)), 6);
  });

  it("has no style without a pose or without hips", () => {
    expect(runningStyle({ ...runner(SPRINTER), keypoints: null }, FRAME)).toBeNull();
    expect(runningStyle(runner(SPRINTER, ["left_hip", "right_hip"]), FRAME)).toBeNull();
  });

  it("penalises a straight leg landing far ahead of the hip (overstride) in profile", () => {
    const landing: Pose = {
      ...SPRINTER,
      right_knee: [0.6, 0.64],
      right_ankle: [0.67, 0.8],
      left_knee: [0.48, 0.66],
      left_ankle: [0.42, 0.8],
    };
    const s = runningStyle(runner(landing), FRAME)!;
    expect(s.contributions.overstride).toBeLessThan(0);
  });
});
