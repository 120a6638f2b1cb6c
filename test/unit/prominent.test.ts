import { describe, expect, it } from "vitest";
import { chooseProminent, largestRunner, rankByProminence } from "../../core/domain/prominent.ts";
import { Runner, type Box } from "../../core/domain/analysis.ts";

function runner(box: Box, poseScore = 0.55, sharpness?: number): Runner {
  const pixels =
    sharpness === undefined
      ? undefined
      : { sharpness, backgroundSharpness: 10, motionBlur: 0, highlightsClipped: 0, shadowsClipped: 0 };
  return Runner.parse({ box, score: 0.6, keypoints: null, poseScore, ...(pixels ? { pixels } : {}) });
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
