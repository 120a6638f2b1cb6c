/**
 * The kit measured along the pose (core/domain/pixels/kit.ts) on a drawn runner: a red top between two arms with
 * blue background between arm and top, grey legs on blue road, white shoes below the ankles.
 */
import { describe, expect, it } from "vitest";
import { KEYPOINT_NAMES, type Box, type Keypoint, type Keypoints } from "../../core/domain/analysis.ts";
import { toGrey } from "../../core/domain/pixels/grey.ts";
import { kitDistance } from "../../core/domain/bursts/layout.ts";
import { colourDistance, kitPartsDistance } from "../../core/domain/pixels/kit.ts";
import { measureRunnerLook } from "../../core/domain/pixels/runner-look.ts";
import type { RgbImage } from "../../core/domain/ports.ts";

const SIZE = 200;
const BLUE = [30, 60, 200];
const RED = [210, 30, 40];
const SKIN = [220, 170, 140];
const GREY = [70, 70, 70];
const WHITE = [245, 245, 245];

function paint(image: RgbImage, [x0, y0, x1, y1]: Box, colour: number[]): void {
  for (let y = Math.round(y0 * SIZE); y < Math.round(y1 * SIZE); y++)
    for (let x = Math.round(x0 * SIZE); x < Math.round(x1 * SIZE); x++)
      image.data.set(colour, (y * SIZE + x) * 3);
}

/** The drawn runner: everything not painted is the blue background. */
function runnerImage(): RgbImage {
  const image: RgbImage = { data: new Uint8Array(SIZE * SIZE * 3), width: SIZE, height: SIZE };
  paint(image, [0, 0, 1, 1], BLUE);
  paint(image, [0.38, 0.22, 0.62, 0.52], RED);
  paint(image, [0.24, 0.24, 0.28, 0.5], SKIN); // arms hang apart from the top: background shows between
  paint(image, [0.72, 0.24, 0.76, 0.5], SKIN);
  paint(image, [0.42, 0.52, 0.46, 0.88], GREY);
  paint(image, [0.54, 0.52, 0.58, 0.88], GREY);
  paint(image, [0.41, 0.88, 0.47, 0.94], WHITE);
  paint(image, [0.53, 0.88, 0.59, 0.94], WHITE);
  return image;
}

const POSE: Partial<Record<(typeof KEYPOINT_NAMES)[number], Keypoint>> = {
  left_shoulder: [0.4, 0.25, 0.9],
  right_shoulder: [0.6, 0.25, 0.9],
  left_hip: [0.44, 0.5, 0.9],
  right_hip: [0.56, 0.5, 0.9],
  left_knee: [0.44, 0.7, 0.9],
  right_knee: [0.56, 0.7, 0.9],
  left_ankle: [0.44, 0.88, 0.9],
  right_ankle: [0.56, 0.88, 0.9],
};

function keypoints(sure: (name: string) => boolean = () => true): Keypoints {
  return Object.fromEntries(
    KEYPOINT_NAMES.map((n) => {
      const p = POSE[n];
      return [n, p && sure(n) ? p : [0.5, 0.5, 0.05]];
    }),
  ) as Keypoints;
}

const BOX: Box = [0.2, 0.1, 0.8, 0.96];

describe("kit colours from the pose", () => {
  const image = runnerImage();
  const look = (k: Keypoints | null) => measureRunnerLook(image, toGrey(image), BOX, k);

  it("measures the top inside the shoulders and hips, not the background between the arms", () => {
    expect(colourDistance(look(keypoints()).torsoColour, RED)).toBeLessThan(5);
  });

  it("measures the legs along hip→knee→ankle, not the road between them", () => {
    expect(colourDistance(look(keypoints()).legsColour, GREY)).toBeLessThan(5);
  });

  it("finds the shoes below the sure ankles, and none without a sure ankle", () => {
    expect(colourDistance(look(keypoints()).shoesColour!, WHITE)).toBeLessThan(5);
    const oneAnkle = look(keypoints((n) => n !== "left_ankle"));
    expect(colourDistance(oneAnkle.shoesColour!, WHITE)).toBeLessThan(5);
    const noAnkle = look(keypoints((n) => !n.endsWith("_ankle")));
    expect(noAnkle.shoesColour).toBeUndefined();
  });

  it("falls back to the box's rows without the joints", () => {
    const withoutPose = look(null);
    expect(withoutPose.shoesColour).toBeUndefined();
    // The box-wide torso rows hold background and arms: the old measure, kept for runners without a pose.
    expect(colourDistance(withoutPose.torsoColour, RED)).toBeGreaterThan(30);
    const noHips = look(keypoints((n) => !n.endsWith("_hip")));
    expect(colourDistance(noHips.torsoColour, RED)).toBeGreaterThan(30);
  });

  it("compares shoes only where both runners have them", () => {
    const a = { torso: RED, legs: GREY, shoes: WHITE };
    const b = { torso: RED, legs: GREY, shoes: [20, 20, 20] };
    expect(kitPartsDistance(a, { ...b, shoes: null })).toBe(0);
    expect(kitPartsDistance(a, b)).toBeCloseTo(colourDistance(WHITE, [20, 20, 20]) / 3, 5);
    // The series compare the main runners' kit the same way.
    expect(kitDistance({ phash: null, kit: a }, { phash: null, kit: b })).toBeCloseTo(
      kitPartsDistance(a, b),
      5,
    );
  });

  it("holds a top's colour under shade better than its lightness", () => {
    const shaded = RED.map((c) => c * 0.7);
    expect(colourDistance(RED, shaded)).toBeLessThan(colourDistance(RED, BLUE) / 5);
    expect(colourDistance(RED, shaded)).toBeLessThan(Math.hypot(...RED.map((c, i) => c - shaded[i]!)) / 2);
  });
});
