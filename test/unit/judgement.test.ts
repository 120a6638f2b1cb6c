/**
 * The judgement pieces of issue 17 on records and rasters the tests make themselves: is anyone running, faults on
 * the runner (exposure, feet and head cut by the frame), focus on someone else, series without capture time.
 */
import { describe, expect, it } from "vitest";
import {
  KEYPOINT_NAMES,
  type AnalysisRecord,
  type Keypoints,
  type Runner,
} from "../../core/domain/analysis.ts";
import { personAction, photoActivity } from "../../core/domain/action.ts";
import { technicalFlags } from "../../core/domain/flags.ts";
import { KEEPER_FEATURES, keeperFeatures } from "../../core/domain/keeper/features.ts";
import { groupBursts, DEFAULT_BURST_OPTIONS, type BurstPhoto } from "../../core/domain/bursts.ts";
import { crispness, measureRunnerLook, sceneLayout } from "../../core/domain/pixels/runner-look.ts";
import { toGrey } from "../../core/domain/pixels/grey.ts";
import type { RgbImage } from "../../core/domain/ports.ts";
import { scoreShoot, DEFAULT_SCORING_OPTIONS } from "../../core/domain/scoring.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { standingRunnerRecord } from "../helpers/standing-runner.ts";

type Joints = Partial<Record<(typeof KEYPOINT_NAMES)[number], [number, number]>>;

/** A pose from named joints (normalised x, y in a 1000 x 1000 frame), all seen with 0.8; the rest unseen. */
function pose(joints: Joints): Keypoints {
  return Object.fromEntries(
    KEYPOINT_NAMES.map((n) => [n, joints[n] ? [joints[n][0], joints[n][1], 0.8] : [0, 0, 0]]),
  ) as Keypoints;
}

const HEAD: Joints = {
  nose: [0.5, 0.12],
  left_eye: [0.51, 0.11],
  right_eye: [0.49, 0.11],
  left_shoulder: [0.54, 0.22],
  right_shoulder: [0.46, 0.22],
};

/** Side view, mid-flight: swing knee driven up, rear foot kicked back, elbows bent. */
const RUNNING = pose({
  ...HEAD,
  left_elbow: [0.57, 0.32],
  left_wrist: [0.62, 0.27],
  right_elbow: [0.42, 0.33],
  right_wrist: [0.4, 0.27],
  left_hip: [0.51, 0.45],
  right_hip: [0.49, 0.45],
  left_knee: [0.62, 0.55],
  left_ankle: [0.6, 0.7],
  right_knee: [0.44, 0.62],
  right_ankle: [0.32, 0.68],
});

/** Standing: straight legs under the hips, feet together, arms hanging. */
const STANDING = pose({
  ...HEAD,
  left_elbow: [0.55, 0.34],
  left_wrist: [0.55, 0.45],
  right_elbow: [0.45, 0.34],
  right_wrist: [0.45, 0.45],
  left_hip: [0.52, 0.47],
  right_hip: [0.48, 0.47],
  left_knee: [0.52, 0.67],
  left_ankle: [0.52, 0.87],
  right_knee: [0.48, 0.67],
  right_ankle: [0.48, 0.87],
});

const frame = { width: 1000, height: 1000 };

describe("is anyone running", () => {
  it("tells a runner in stride from a person standing, and says nothing when the legs are hidden", () => {
    expect(personAction({ keypoints: RUNNING }, frame).action).toBe("running");
    expect(personAction({ keypoints: STANDING }, frame).action).toBe("standing");
    expect(personAction({ keypoints: pose(HEAD) }, frame).action).toBe("other");
    expect(personAction({ keypoints: null }, frame).action).toBe("other");
    const sure = personAction({ keypoints: RUNNING }, frame);
    expect(sure.confidence).toBeGreaterThan(0.5);
    expect(sure.confidence).toBeLessThanOrEqual(1);
  });

  it("flags a standing main person when nothing says race, not when a bib or a runner is in the photo", () => {
    const person = (keypoints: Keypoints, bib: string | null = null) => ({ keypoints, bib });
    const alone = photoActivity({ runners: [person(STANDING)], width: 1000, height: 1000 }, 0);
    expect(alone.notRunning).toBe(true);
    expect(alone.mainRunning).toBeLessThan(0.2);
    const withBib = photoActivity({ runners: [person(STANDING, "1234")], width: 1000, height: 1000 }, 0);
    expect(withBib.notRunning).toBe(false);
    const beside = photoActivity(
      { runners: [person(STANDING), person(RUNNING)], width: 1000, height: 1000 },
      0,
    );
    expect(beside.notRunning).toBe(false);
    const runner = photoActivity({ runners: [person(RUNNING)], width: 1000, height: 1000 }, 0);
    expect(runner.notRunning).toBe(false);
    expect(runner.mainRunning).toBeGreaterThan(0.6);
  });

  it("puts the action on every scored runner and the not-running flag and reject on the photo", async () => {
    const standing = standingRunnerRecord({
      file: "/s/a.jpg",
      height: 0.6,
      epochMs: null,
      sha256: "a",
      phash: "0".repeat(16),
    });
    const running: AnalysisRecord = {
      ...standingRunnerRecord({
        file: "/s/b.jpg",
        height: 0.6,
        epochMs: null,
        sha256: "b",
        phash: "f".repeat(16),
      }),
      width: 1000,
      height: 1000,
    };
    running.runners = [{ ...running.runners[0]!, keypoints: RUNNING }];
    const head = (rows: readonly (readonly number[])[]) =>
      rows.map((r) => keeperReference(PRIOR_KEEPER_WEIGHTS, r));
    const [s, r] = await scoreShoot([standing, running], DEFAULT_SCORING_OPTIONS, head);
    expect(s!.runners[0]!.action?.action).toBe("standing");
    expect(s!.flags).toContain("not-running");
    expect(s!.rating).toBe(-1);
    expect(r!.runners[0]!.action?.action).toBe("running");
    expect(r!.flags).not.toContain("not-running");
    expect(r!.keeper).toBeGreaterThan(s!.keeper);
  });
});

describe("ranking a burst's frames", () => {
  /** One runner a fifth of a second apart, bib read (a race), alike in all but the legs. */
  const frameOf = (file: string, ms: number, keypoints: Keypoints): AnalysisRecord => {
    const record = {
      ...standingRunnerRecord({
        file,
        height: 0.6,
        epochMs: 1_700_000_000_000 + ms,
        sha256: file,
        phash: "0f".repeat(8),
      }),
      width: 1000,
      height: 1000,
    };
    return { ...record, runners: [{ ...record.runners[0]!, keypoints, bib: "1234", bibConfidence: 0.99 }] };
  };
  // A head that reads the running look alone, so that the ranking and the keeper show what each was given.
  const at = KEEPER_FEATURES.indexOf("running");
  const head = (rows: readonly (readonly number[])[]) =>
    rows.map((r) => 1 / (1 + Math.exp(-4 * (r[at]! - 0.5))));
  const shoot = [frameOf("/s/1.jpg", 0, STANDING), frameOf("/s/2.jpg", 200, RUNNING)];
  const scoreWith = (runningShare: number) =>
    scoreShoot(
      shoot,
      { ...DEFAULT_SCORING_OPTIONS, bursts: { ...DEFAULT_BURST_OPTIONS, runningShare } },
      head,
    );

  it("reads the running look at its share when ranking, and whole in the keeper", async () => {
    const whole = await scoreWith(1);
    const none = await scoreWith(0);
    const half = await scoreWith(0.5);
    expect(whole.map((r) => r.burst.best)).toEqual([false, true]);
    // Without the running look the frames are alike, and the earlier one wins the tie.
    expect(none.map((r) => r.burst.best)).toEqual([true, false]);
    expect(half.map((r) => r.burst.best)).toEqual([false, true]);
    for (const scored of [none, half])
      expect(scored.map((r) => r.keeper)).toEqual(whole.map((r) => r.keeper));
    expect(whole[1]!.keeper).toBeGreaterThan(whole[0]!.keeper);
  });

  it("reads each frame's style with the same runner's other frames of the burst, the keeper with the frame alone", async () => {
    const linked = shoot.map((r) => ({ ...r, runners: [{ ...r.runners[0]!, person: "p1" }] }));
    const prior = (rows: readonly (readonly number[])[]) =>
      rows.map((r) => keeperReference(PRIOR_KEEPER_WEIGHTS, r));
    const withShare = (otherFramesShare: number) =>
      scoreShoot(
        linked,
        { ...DEFAULT_SCORING_OPTIONS, style: { ...DEFAULT_SCORING_OPTIONS.style, otherFramesShare } },
        prior,
      );
    const alone = await withShare(0);
    const pooled = await withShare(0.25);
    const [a, b] = alone.map((r) => r.runningStyle!);
    expect(Math.abs(a! - b!)).toBeGreaterThan(0.1);
    const mean = (a! + b!) / 2;
    expect(pooled[0]!.runningStyle).toBeCloseTo(a! + 0.25 * (mean - a!), 10);
    expect(pooled[1]!.runningStyle).toBeCloseTo(b! + 0.25 * (mean - b!), 10);
    expect(pooled[0]!.runners[0]!.runningStyle!.otherFrames).toBeCloseTo(0.25 * (mean - a!), 10);
    expect(alone[0]!.runners[0]!.runningStyle!.otherFrames).toBeUndefined();
    expect(pooled.map((r) => r.keeper)).toEqual(alone.map((r) => r.keeper));
  });
});

const sharp = {
  sharpness: 400,
  backgroundSharpness: 100,
  motionBlur: 0,
  highlightsClipped: 0,
  shadowsClipped: 0,
};
const one = (r: Runner) => ({ runners: [r], faces: [] });
/** A runner in stride at `box` with the given pixel measures. */
const posed = (box: Runner["box"], pixels: Runner["pixels"] = sharp): Runner => ({
  box,
  score: 0.9,
  keypoints: RUNNING,
  poseScore: 0.8,
  pixels,
});

describe("faults on the runner", () => {
  it("judges exposure on the runner: dark highlights are underexposed, washed-out mid-tones overexposed", () => {
    const box: Runner["box"] = [0.3, 0.2, 0.7, 0.9];
    const at = (lumaMedian: number, lumaP95: number, highlightsClipped = 0): Runner => ({
      box,
      score: 0.9,
      keypoints: RUNNING,
      poseScore: 0.8,
      pixels: { ...sharp, lumaMedian, lumaP95, highlightsClipped },
    });
    expect(technicalFlags(one(at(110, 225)), 0)).toEqual([]);
    expect(technicalFlags(one(at(45, 90)), 0)).toContain("underexposed");
    expect(technicalFlags(one(at(235, 255)), 0)).toContain("overexposed");
    // Two stops over: bright mid-tones and blown highlights. Bright mid-tones alone are a light wall behind a runner,
    // blown highlights alone a white singlet in the sun (flagged as clipped, not as overexposed).
    expect(technicalFlags(one(at(195, 255, 0.25)), 0)).toEqual(["highlights-clipped", "overexposed"]);
    expect(technicalFlags(one(at(195, 250, 0.02)), 0)).toEqual([]);
    expect(technicalFlags(one(at(150, 255, 0.25)), 0)).toEqual(["highlights-clipped"]);
  });

  it("reads a runner in dark kit by his bib and skin, not his shirt, and still sees him two stops under", () => {
    // Navy kit filling the box, a white bib on 3 % of it: the 95th percentile is the shirt's, the 99th the bib's.
    const runnerIn = (gain: number): RgbImage => {
      const [width, height] = [100, 100];
      // Two stops under: a quarter of the light, in linear terms (sRGB decoded and encoded again).
      const dim = (v: number) => Math.round(255 * (gain * (v / 255) ** 2.2) ** (1 / 2.2));
      const data = new Uint8Array(width * height * 3);
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const bib = x >= 45 && x < 56 && y >= 40 && y < 50;
          data.set(bib ? [dim(235), dim(235), dim(235)] : [dim(35), dim(40), dim(70)], (y * width + x) * 3);
        }
      return { data, width, height };
    };
    const box: Runner["box"] = [0.2, 0.2, 0.8, 0.8];
    const flagsOf = (image: RgbImage) => {
      const { lumaMedian, lumaP95, lumaP99 } = measureRunnerLook(image, toGrey(image), box, null);
      return technicalFlags(one(posed(box, { ...sharp, lumaMedian, lumaP95, lumaP99 })), 0);
    };
    expect(flagsOf(runnerIn(1))).not.toContain("underexposed");
    expect(flagsOf(runnerIn(0.25))).toContain("underexposed");
  });

  it("calls a crop through the shins cut, a tight portrait that ends above the knees framing", () => {
    // Hips at 0.6, knees at 0.85: a thigh of 0.25 leaves 0.15 below the knee, too little for a shin.
    const shins: Runner = {
      box: [0.3, 0.1, 0.7, 1],
      score: 0.9,
      poseScore: 0.8,
      keypoints: pose({
        ...HEAD,
        left_hip: [0.52, 0.6],
        right_hip: [0.48, 0.6],
        left_knee: [0.53, 0.85],
        right_knee: [0.47, 0.85],
        left_ankle: [0.53, 0.98],
        right_ankle: [0.47, 0.98],
      }),
    };
    const portrait: Runner = {
      box: [0.3, 0.1, 0.7, 1],
      score: 0.9,
      poseScore: 0.8,
      keypoints: pose({ ...HEAD, left_hip: [0.52, 0.9], right_hip: [0.48, 0.9] }),
    };
    const whole: Runner = { box: [0.3, 0.1, 0.7, 0.9], score: 0.9, poseScore: 0.8, keypoints: STANDING };
    expect(technicalFlags(one(shins), 0)).toContain("runner-cut");
    expect(technicalFlags(one(portrait), 0)).not.toContain("runner-cut");
    expect(technicalFlags(one(whole), 0)).not.toContain("runner-cut");
  });

  it("calls a head cut at the eyes cut, hair touching the top edge framing", () => {
    const at = (eyeY: number, boxTop = 0): Runner => ({
      box: [0.3, boxTop, 0.7, 0.9],
      score: 0.9,
      poseScore: 0.8,
      keypoints: pose({
        nose: [0.5, eyeY + 0.02],
        left_eye: [0.51, eyeY],
        right_eye: [0.49, eyeY],
        left_shoulder: [0.54, eyeY + 0.2],
        right_shoulder: [0.46, eyeY + 0.2],
      }),
    });
    expect(technicalFlags(one(at(0.03)), 0)).toContain("runner-cut");
    expect(technicalFlags(one(at(0.14)), 0)).not.toContain("runner-cut");
    // The detector's box stops a little short of a head the frame cuts through the forehead: the eyes decide.
    expect(technicalFlags(one(at(0.04, 0.03)), 0)).toContain("runner-cut");
    expect(technicalFlags(one(at(0.14, 0.03)), 0)).not.toContain("runner-cut");
    const row = (r: Runner) =>
      keeperFeatures({ record: one(r), runnerIndex: 0, style: null, flags: [], burst: null });
    const headRoom = KEEPER_FEATURES.indexOf("headRoom");
    expect(row(at(0.03))[headRoom]).toBe(0);
    expect(row(at(0.04, 0.03))[headRoom]).toBe(0);
    expect(row(at(0.14))[headRoom]).toBe(1);
  });

  it("flags focus that landed behind: a nearer, larger person much softer than the runner", () => {
    const runner = posed([0.5, 0.3, 0.6, 0.7]);
    const nearBlurred = posed([0.1, 0.1, 0.4, 1], { ...sharp, sharpness: 50 });
    expect(technicalFlags({ runners: [runner, nearBlurred], faces: [] }, 0)).toContain("focus-missed");
    expect(technicalFlags({ runners: [runner], faces: [] }, 0)).not.toContain("focus-missed");
    // The flag lowers the keeper like the runner's own soft pixels would: the focus feature at most the value at
    // which those are flagged (0.35 of the background's detail energy), however crisp the runner behind is.
    const focus = KEEPER_FEATURES.indexOf("focus");
    const row = (runners: Runner[]) =>
      keeperFeatures({
        record: { runners, faces: [] },
        runnerIndex: 0,
        style: null,
        flags: technicalFlags({ runners, faces: [] }, 0),
        burst: null,
      });
    expect(row([runner])[focus]).toBe(1);
    expect(row([runner, nearBlurred])[focus]).toBeCloseTo(0.5 + Math.log2(0.35) / 4, 6);
  });

  it("flags focus on a runner beside one as near that motion smeared, not on a fragment passing the lens", () => {
    const runner = posed([0.55, 0.2, 0.75, 0.9]);
    // Side by side: the smeared runner is a little shorter (stride, build) and as sharp as detail energy goes.
    const beside = (box: Runner["box"], motionBlur: number) => posed(box, { ...sharp, motionBlur });
    const flags = (other: Runner) => technicalFlags({ runners: [runner, other], faces: [] }, 0);
    expect(flags(beside([0.2, 0.25, 0.4, 0.9], 0.8))).toContain("focus-missed");
    // The same smear on a runner clearly further away, or a steady neighbour: the runner is the subject.
    expect(flags(beside([0.2, 0.4, 0.3, 0.9], 0.8))).not.toContain("focus-missed");
    expect(flags(beside([0.2, 0.25, 0.4, 0.9], 0.2))).not.toContain("focus-missed");
    // A body cut by the side edge is someone passing the lens, not the runner the frame was built around.
    expect(flags(beside([0, 0.1, 0.15, 1], 0.8))).not.toContain("focus-missed");
  });

  it("lowers subjectFocus when another runner of the same size is the crisp one", () => {
    const at = (crisp: number): Runner => ({
      box: [0.1, 0.2, 0.4, 0.9],
      score: 0.9,
      keypoints: RUNNING,
      poseScore: 0.8,
      pixels: { ...sharp, crispness: crisp },
    });
    const rival = { ...at(0.3), box: [0.5, 0.2, 0.8, 0.9] as Runner["box"] };
    const i = KEEPER_FEATURES.indexOf("subjectFocus");
    const f = (own: number) =>
      keeperFeatures({
        record: { runners: [at(own), rival], faces: [] },
        runnerIndex: 0,
        style: null,
        flags: [],
        burst: null,
      })[i]!;
    expect(f(0.05)).toBeLessThan(0.2);
    expect(f(0.3)).toBeCloseTo(0.5);
    expect(f(0.6)).toBeGreaterThan(0.7);
  });
});

/** A raster of vertical 12-px bars (crisp edges) or the same bars smeared over `blur` pixels. */
function stripes(width: number, height: number, blur = 1): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (let k = 0; k < blur; k++) v += (x + k) % 24 < 12 ? 230 : 20;
      data.fill(Math.round(v / blur), (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  return { data, width, height };
}

describe("pixels a photographer sees", () => {
  it("reads a smeared runner as less crisp than a sharp one, whatever the contrast", () => {
    const crisp = crispness(toGrey(stripes(120, 120)), { x0: 0, y0: 0, x1: 120, y1: 120 });
    const smeared = crispness(toGrey(stripes(120, 120, 5)), { x0: 0, y0: 0, x1: 120, y1: 120 });
    expect(crisp).toBeGreaterThan(2 * smeared);
  });

  it("measures the runner's exposure and kit on the runner's box", () => {
    const image = stripes(100, 100);
    const look = measureRunnerLook(image, toGrey(image), [0.2, 0.2, 0.8, 0.8], null);
    expect(look.lumaP95).toBeGreaterThan(200);
    expect(look.lumaMedian).toBeGreaterThan(10);
    expect(look.torsoColour).toHaveLength(3);
  });

  it("grids the scene outside the persons and marks the cells they cover", () => {
    const grid = sceneLayout(stripes(160, 160), [[0, 0, 0.5, 0.5]]);
    expect(grid).toHaveLength(48);
    expect(grid.slice(0, 3)).toEqual([-1, -1, -1]);
    expect(grid.at(-1)).toBeGreaterThan(0);
  });
});

describe("series without capture time", () => {
  const scene = (v: number) => Array.from({ length: 48 }, (_, i) => (i % 3 === 0 ? v : 100));
  const frame = (file: string, v: number, kit: number, phash: string): BurstPhoto => ({
    file,
    sha256: file,
    epochMs: null,
    phash,
    width: 1200,
    height: 800,
    runnerBox: [0.4, 0.2, 0.6, 0.9],
    scene: scene(v),
    kit: { torso: [kit, 50, 50], legs: [20, 20, 20] },
    quality: 0.5,
  });

  it("groups neighbouring frames of one place, and not a frame of another place between them", () => {
    const photos = [
      frame("/shoot/race-001.jpg", 100, 200, "0000000000000000"),
      frame("/shoot/race-002.jpg", 110, 200, "ffffffff00000000"),
      frame("/shoot/race-003.jpg", 200, 60, "00000000ffffffff"),
    ];
    const bursts = groupBursts(photos, DEFAULT_BURST_OPTIONS);
    expect(bursts.get("/shoot/race-001.jpg")!.id).toBe(bursts.get("/shoot/race-002.jpg")!.id);
    expect(bursts.get("/shoot/race-003.jpg")!.size).toBe(1);
  });

  it("follows a pan when the runner's kit matches, not when another runner arrives", () => {
    const same = groupBursts(
      [frame("/s/a-1.jpg", 100, 200, "0000000000000000"), frame("/s/a-2.jpg", 135, 205, "ffffffff00000000")],
      DEFAULT_BURST_OPTIONS,
    );
    expect(same.get("/s/a-1.jpg")!.size).toBe(2);
    const other = groupBursts(
      [frame("/s/a-1.jpg", 100, 200, "0000000000000000"), frame("/s/a-2.jpg", 135, 40, "ffffffff00000000")],
      DEFAULT_BURST_OPTIONS,
    );
    expect(other.get("/s/a-1.jpg")!.size).toBe(1);
  });

  it("keeps a frame in its series when the followed runner is in it but another person became the main runner", () => {
    const a = {
      ...frame("/s/f-1.jpg", 100, 200, "0000000000000000"),
      people: { main: "p1", all: ["p1", "p2"] },
    };
    const b = {
      ...frame("/s/f-2.jpg", 110, 40, "ffffffff00000000"),
      people: { main: "p2", all: ["p1", "p2"] },
    };
    const c = { ...frame("/s/f-3.jpg", 110, 40, "ffffffff00000000"), people: { main: "p3", all: ["p3"] } };
    const linked = groupBursts([a, b], DEFAULT_BURST_OPTIONS);
    expect(linked.get("/s/f-1.jpg")!.id).toBe(linked.get("/s/f-2.jpg")!.id);
    const strangers = groupBursts([a, c], DEFAULT_BURST_OPTIONS);
    expect(strangers.get("/s/f-1.jpg")!.size).toBe(1);
  });

  it("reads the time from file names that are epoch-millisecond stamps: the same runner hours later is another series", () => {
    const at = (ms: number, v: number) => ({
      ...frame(`/s/runnerbar-${ms}.jpg`, v, 200, v === 100 ? "0000000000000000" : "ffffffff00000000"),
      people: { main: "p1", all: ["p1"] },
    });
    const t = 1_705_808_332_197;
    const moments = groupBursts([at(t, 100), at(t + 2_500, 110)], DEFAULT_BURST_OPTIONS);
    expect(moments.get(`/s/runnerbar-${t}.jpg`)!.size).toBe(2);
    const hours = groupBursts([at(t, 100), at(t + 4 * 3_600_000, 110)], DEFAULT_BURST_OPTIONS);
    expect(hours.get(`/s/runnerbar-${t}.jpg`)!.size).toBe(1);
  });

  it("starts another series where the linked runner is met again at another place (a finish portrait after the pack)", () => {
    const pack = {
      ...frame("/s/g-1.jpg", 100, 200, "0000000000000000"),
      people: { main: "p1", all: ["p1", "p2"] },
    };
    const finish = {
      ...frame("/s/g-2.jpg", 250, 40, "ffffffff00000000"),
      people: { main: "p2", all: ["p2"] },
    };
    expect(groupBursts([pack, finish], DEFAULT_BURST_OPTIONS).get("/s/g-1.jpg")!.size).toBe(1);
  });

  it("keeps apart two runners in alike kit at one spot when their bibs tell them apart (a club's singlets)", () => {
    const runner = (file: string, bib: string) => ({
      ...frame(file, 100, 200, file.endsWith("1.jpg") ? "0000000000000000" : "ffffffff00000000"),
      bibs: { main: bib, all: [bib] },
    });
    const club = groupBursts(
      [runner("/s/club-1.jpg", "311"), runner("/s/club-2.jpg", "312")],
      DEFAULT_BURST_OPTIONS,
    );
    expect(club.get("/s/club-1.jpg")!.size).toBe(1);
    const one = groupBursts(
      [runner("/s/club-1.jpg", "311"), runner("/s/club-2.jpg", "311")],
      DEFAULT_BURST_OPTIONS,
    );
    expect(one.get("/s/club-1.jpg")!.size).toBe(2);
  });

  it("keeps apart runners passing one spot: the same background, another runner's kit", () => {
    const passing = groupBursts(
      [
        frame("/s/spot-1.jpg", 100, 200, "0000000000000000"),
        frame("/s/spot-2.jpg", 104, 40, "ffffffff00000000"),
      ],
      DEFAULT_BURST_OPTIONS,
    );
    expect(passing.get("/s/spot-1.jpg")!.size).toBe(1);
  });
});
