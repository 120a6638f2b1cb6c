import { describe, expect, it } from "vitest";
import {
  KEYPOINT_NAMES,
  type Box,
  type Face,
  type Keypoints,
  type Runner,
} from "../../core/domain/analysis.ts";
import { technicalFlags } from "../../core/domain/flags.ts";

/** Keypoints spread over the box (head at the top, ankles at the bottom), all confidently seen. */
function poseIn(box: Box, ankleY?: number): Keypoints {
  const [x0, y0, x1, y1] = box;
  return Object.fromEntries(
    KEYPOINT_NAMES.map((n, i) => {
      const y = n.endsWith("ankle") ? (ankleY ?? y1 - 0.01) : y0 + ((y1 - y0) * i) / KEYPOINT_NAMES.length;
      return [n, [(x0 + x1) / 2, y, 0.8]];
    }),
  ) as Keypoints;
}

const sharpPixels = {
  sharpness: 400,
  backgroundSharpness: 100,
  motionBlur: 0.1,
  highlightsClipped: 0,
  shadowsClipped: 0,
};

function runner(box: Box, extra: Partial<Runner> = {}): Runner {
  return { box, score: 0.9, keypoints: poseIn(box), poseScore: 0.7, pixels: sharpPixels, ...extra };
}

const face = (eyesOpen: number | null, runnerIndex = 0): Face => ({
  box: [0.45, 0.1, 0.55, 0.2],
  score: 0.9,
  runner: runnerIndex,
  eyesOpen,
  eyes: null,
  expression: null,
});

describe("technicalFlags", () => {
  it("flags nothing on a sharp, well exposed, whole runner with open eyes", () => {
    expect(technicalFlags({ runners: [runner([0.3, 0.1, 0.7, 0.9])], faces: [face(0.9)] }, 0)).toEqual([]);
  });

  it("flags missed focus and motion blur from the runner's pixels against the background", () => {
    const soft = runner([0.3, 0.1, 0.7, 0.9], { pixels: { ...sharpPixels, sharpness: 30, motionBlur: 0.8 } });
    expect(technicalFlags({ runners: [soft], faces: [] }, 0)).toEqual(["focus-missed", "motion-blur"]);
  });

  it("flags clipped highlights and shadows on the runner", () => {
    const r = runner([0.3, 0.1, 0.7, 0.9], {
      pixels: { ...sharpPixels, highlightsClipped: 0.2, shadowsClipped: 0.3 },
    });
    expect(technicalFlags({ runners: [r], faces: [] }, 0)).toEqual(["highlights-clipped", "shadows-clipped"]);
  });

  it("flags closed eyes of the runner's own face only, and not unknown eyes", () => {
    const two = [runner([0.1, 0.1, 0.4, 0.9]), runner([0.6, 0.1, 0.9, 0.9])];
    expect(technicalFlags({ runners: two, faces: [face(0.1, 1)] }, 0)).toEqual([]);
    expect(technicalFlags({ runners: two, faces: [face(0.1, 0)] }, 0)).toEqual(["eyes-closed"]);
    expect(technicalFlags({ runners: two, faces: [face(null, 0)] }, 0)).toEqual([]);
  });

  it("flags a runner whose feet are outside the frame, not one that merely reaches the edge", () => {
    const box: Box = [0.3, 0.3, 0.7, 1];
    const cut = runner(box, { keypoints: poseIn(box, 1.1) });
    const whole = runner(box, { keypoints: poseIn(box, 0.98) });
    expect(technicalFlags({ runners: [cut], faces: [] }, 0)).toContain("runner-cut");
    expect(technicalFlags({ runners: [whole], faces: [] }, 0)).not.toContain("runner-cut");
  });

  it("flags a runner covered by a nearer person, not by one behind", () => {
    const main = runner([0.3, 0.1, 0.6, 0.8]);
    const nearer = runner([0.4, 0.2, 0.7, 0.95]);
    const behind = runner([0.4, 0.1, 0.7, 0.7]);
    expect(technicalFlags({ runners: [main, nearer], faces: [] }, 0)).toContain("runner-occluded");
    expect(technicalFlags({ runners: [main, behind], faces: [] }, 0)).not.toContain("runner-occluded");
  });

  it("flags a small runner and a photo without one", () => {
    expect(technicalFlags({ runners: [runner([0.45, 0.5, 0.5, 0.62])], faces: [] }, 0)).toContain(
      "runner-small",
    );
    expect(technicalFlags({ runners: [], faces: [] }, null)).toEqual(["no-runner"]);
  });
});
