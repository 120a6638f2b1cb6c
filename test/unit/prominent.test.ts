import { describe, expect, it } from "vitest";
import { bodyHeight, chooseProminent, largestRunner, rankByProminence } from "../../core/domain/prominent.ts";
import { KEYPOINT_NAMES, Runner, type Box, type KeypointName } from "../../core/domain/analysis.ts";

function runner(box: Box, poseScore = 0.55, sharpness?: number): Runner {
  const plain = Runner.parse({ box, score: 0.6, keypoints: null, poseScore });
  return sharpness === undefined ? plain : withSharpness(plain, sharpness);
}

/** A runner with a pose: the named joints at (x, y) with confidence 0.6, every other joint unseen. */
function posed(box: Box, joints: Partial<Record<KeypointName, [number, number]>>): Runner {
  const keypoints = Object.fromEntries(
    KEYPOINT_NAMES.map((n) => [n, joints[n] ? [...joints[n], 0.6] : [box[0], box[1], 0.05]]),
  );
  return Runner.parse({ box, score: 0.6, keypoints, poseScore: 0.5 });
}

/** The runner with pixel measures: `sharpness` as his detail energy. */
function withSharpness(r: Runner, sharpness: number): Runner {
  const pixels = {
    sharpness,
    backgroundSharpness: 10,
    motionBlur: 0,
    highlightsClipped: 0,
    shadowsClipped: 0,
  };
  return Runner.parse({ ...r, pixels });
}

/** Shoulders at y0 + 0.1 and hips 0.26 further down: a torso that says "about 0.9 of the frame tall". */
function torsoAt(x: number, top: number): Partial<Record<KeypointName, [number, number]>> {
  const [s, h] = [top + 0.1, top + 0.36];
  return {
    left_shoulder: [x + 0.05, s],
    right_shoulder: [x - 0.05, s],
    left_hip: [x + 0.04, h],
    right_hip: [x - 0.04, h],
  };
}

describe("chooseProminent", () => {
  it("is null without runners", () => {
    expect(chooseProminent([])).toBeNull();
  });

  it("prefers the nearer (taller) runner", () => {
    expect(chooseProminent([runner([0.1, 0.3, 0.2, 0.7]), runner([0.5, 0.1, 0.65, 0.95])])).toBe(1);
  });

  it("lets a whole runner in the frame beat a slightly larger person cut by the side edge", () => {
    const cut = runner([0.82, 0.1, 1, 0.95]);
    const whole = runner([0.4, 0.12, 0.55, 0.92]);
    expect(largestRunner([cut, whole])).toBe(0);
    expect(chooseProminent([cut, whole])).toBe(1);
  });

  it("lets a runner with a readable pose beat a similar-sized person the pose model cannot read", () => {
    const spectator = runner([0.3, 0.1, 0.5, 0.9], 0.15);
    const athlete = runner([0.55, 0.12, 0.72, 0.88], 0.6);
    expect(largestRunner([spectator, athlete])).toBe(0);
    expect(chooseProminent([spectator, athlete])).toBe(1);
  });

  it("lets sharpness decide between two similar candidates", () => {
    const blurred = runner([0.2, 0.1, 0.4, 0.9], 0.55, 50);
    const sharp = runner([0.6, 0.12, 0.79, 0.9], 0.55, 800);
    expect(chooseProminent([blurred, sharp])).toBe(1);
  });

  it("still picks the much larger runner over a small sharp one far away", () => {
    const near = runner([0.3, 0.05, 0.6, 0.98], 0.5, 300);
    const far = runner([0.7, 0.4, 0.75, 0.6], 0.7, 900);
    expect(rankByProminence([far, near])).toEqual([1, 0]);
  });
});

describe("the nearest runner of a pack, cut by the bottom edge", () => {
  // Monaco-style pack: the nearest runner is cut at the thighs, so his box (0.30 to the edge) is shorter than the
  // full-length runner's behind him; his torso is that of a runner about 0.9 of the frame tall.
  const cutNear = posed([0.18, 0.3, 0.38, 1], torsoAt(0.28, 0.3));
  const wholeBehind = posed([0.5, 0.18, 0.7, 0.94], torsoAt(0.6, 0.18));

  it("measures him by the stature his torso implies, the full-length runner by the box", () => {
    expect(bodyHeight(cutNear)).toBeCloseTo(0.26 / 0.29, 5);
    expect(bodyHeight(wholeBehind)).toBeCloseTo(0.76, 5);
  });

  it("picks him over the taller box behind him (the largest box does not)", () => {
    expect(largestRunner([wholeBehind, cutNear])).toBe(0);
    expect(chooseProminent([wholeBehind, cutNear])).toBe(1);
  });

  it("does not stretch a body without a sure torso, nor one the side edge cuts too", () => {
    const noHips = posed([0.15, 0.3, 0.42, 1], { left_shoulder: [0.33, 0.4], right_shoulder: [0.23, 0.4] });
    expect(bodyHeight(noHips)).toBeCloseTo(0.7, 5);
    // Someone passing the lens, cut by the left and bottom edges, with a torso of a body 1.2 frames tall.
    const passing = posed([0, 0.28, 0.22, 1], {
      left_shoulder: [0.16, 0.38],
      right_shoulder: [0.06, 0.38],
      left_hip: [0.15, 0.73],
      right_hip: [0.07, 0.73],
    });
    const runnerBehind = posed([0.42, 0.35, 0.58, 0.95], torsoAt(0.5, 0.35));
    expect(chooseProminent([runnerBehind, passing])).toBe(0);
  });

  it("does not stretch a body far softer than the sharpest candidate: the foreground focused past", () => {
    // A start line: the nearest body, cut at the thighs, has a torso of someone 1.2 frames tall.
    const near = posed([0.15, 0.3, 0.4, 1], {
      left_shoulder: [0.33, 0.4],
      right_shoulder: [0.22, 0.4],
      left_hip: [0.32, 0.75],
      right_hip: [0.23, 0.75],
    });
    const sharpBehind = withSharpness(wholeBehind, 500);
    // Soft (under 0.35 of the sharpest's detail), he is the foreground the photographer focused past ...
    expect(chooseProminent([sharpBehind, withSharpness(near, 40)])).toBe(0);
    // ... while as sharp as a runner in focus (0.6 of it), he is the nearest runner and wins.
    expect(chooseProminent([sharpBehind, withSharpness(near, 300)])).toBe(1);
  });
});
