/**
 * One body found twice by the pose model: the skeleton stays on the box that holds it, the other box loses its pose
 * (no face search, description or bib reading on the duplicate torso) but stays a person.
 */
import { describe, expect, it } from "vitest";
import { KEYPOINT_NAMES, type Box, type Keypoints } from "../../core/domain/analysis.ts";
import { poseKeepers, skeletonFit } from "../../core/domain/people/twins.ts";
import type { PersonCandidate } from "../../core/domain/persons.ts";
import type { Pose } from "../../core/domain/pose.ts";
import { personsToRead } from "../../core/pipeline/bib-read-gate.ts";
import { posePersons, type PoseOf } from "../../core/pipeline/person-gate.ts";

/** A standing skeleton: head at the top, ankles at the bottom, centred on x, `height` tall from `top`. */
function body(x: number, top: number, height: number, jitter = 0): Keypoints {
  const w = height / 4;
  const rows: Record<string, [number, number]> = {
    nose: [0, 0.05],
    left_eye: [0.05, 0.03],
    right_eye: [-0.05, 0.03],
    left_ear: [0.1, 0.05],
    right_ear: [-0.1, 0.05],
    left_shoulder: [0.5, 0.2],
    right_shoulder: [-0.5, 0.2],
    left_elbow: [0.6, 0.35],
    right_elbow: [-0.6, 0.35],
    left_wrist: [0.6, 0.5],
    right_wrist: [-0.6, 0.5],
    left_hip: [0.3, 0.5],
    right_hip: [-0.3, 0.5],
    left_knee: [0.3, 0.75],
    right_knee: [-0.3, 0.75],
    left_ankle: [0.3, 1],
    right_ankle: [-0.3, 1],
  };
  return Object.fromEntries(
    KEYPOINT_NAMES.map((n) => {
      const [dx, dy] = rows[n]!;
      return [n, [x + dx * w + jitter, top + dy * height, 0.8]];
    }),
  ) as Keypoints;
}

const runnerBox: Box = [0.4, 0.1, 0.6, 0.95];
/** A sliver box at the runner's edge: the pose model on its crop lands on the runner. */
const sliverBox: Box = [0.56, 0.12, 0.62, 0.9];
const neighbourBox: Box = [0.7, 0.15, 0.88, 0.9];
const runner = body(0.5, 0.12, 0.8);

describe("poseKeepers", () => {
  it("keeps one skeleton found on two boxes only on the box that holds it", () => {
    expect(skeletonFit(runnerBox, runner)).toBeGreaterThan(skeletonFit(sliverBox, runner));
    const persons = [
      { box: sliverBox, keypoints: body(0.5, 0.12, 0.8, 0.004) },
      { box: runnerBox, keypoints: runner },
      { box: neighbourBox, keypoints: body(0.79, 0.16, 0.72) },
      { box: [0, 0, 0.1, 0.3] as Box, keypoints: null },
    ];
    expect(poseKeepers(persons, 1)).toEqual([false, true, true, false]);
  });

  it("keeps both poses of two runners side by side", () => {
    const beside = [
      { box: runnerBox, keypoints: runner },
      { box: [0.55, 0.1, 0.75, 0.95] as Box, keypoints: body(0.65, 0.12, 0.8) },
    ];
    expect(poseKeepers(beside, 1)).toEqual([true, true]);
  });
});

describe("posePersons", () => {
  // The pose model's behaviour in a pack, as measured on the dev set: on the sliver's crop it finds the runner.
  const landsOnRunner: PoseOf = (box) =>
    Promise.resolve<Pose>({
      keypoints:
        box === neighbourBox ? body(0.79, 0.16, 0.72) : body(0.5, 0.12, 0.8, box === sliverBox ? 0.004 : 0),
      poseScore: 0.6,
    });

  it("poses one body once: the box that is not its own keeps no keypoints, and stays a person", async () => {
    const persons: PersonCandidate[] = [
      { box: sliverBox, score: 0.7 },
      { box: runnerBox, score: 0.9 },
      { box: neighbourBox, score: 0.85 },
    ];
    const runners = await posePersons(persons, landsOnRunner, 1, { minShare: 0.25, max: 6 });
    expect(runners.map((r) => r.box)).toEqual([sliverBox, runnerBox, neighbourBox]);
    expect(runners.map((r) => r.keypoints !== null)).toEqual([false, true, true]);
    expect(runners[0]!.poseScore).toBe(0);
    expect(runners[1]!.keypoints).toEqual(runner);
    // Its bib is still read, on the torso its own box places; the far-away spectator's is not.
    const spectator = { box: [0, 0.8, 0.02, 0.85] as Box, score: 0.5, keypoints: null, poseScore: 0 };
    expect(personsToRead([...runners, spectator], 0.25, 6)).toEqual(runners);
  });
});
