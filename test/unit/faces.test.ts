import { describe, expect, it } from "vitest";
import { KEYPOINT_NAMES, type Keypoints } from "../../core/domain/analysis.ts";
import { decodeBestFace, faceAnchors, ownFaceAt } from "../../core/domain/faces.ts";

/**
 * BlazeFace's outputs for a head region holding two faces: `sharp` (the runner behind, in focus: the higher score)
 * and `own` (the runner's, softer), each a 40 px box centred on its anchor with its eye points 8 px either side.
 */
function twoFaces(ownScoreLogit = 1) {
  const anchors = faceAnchors(256);
  const logits = new Float32Array(anchors.length / 2).fill(-10);
  const regressors = new Float32Array(logits.length * 16);
  const put = (i: number, logit: number) => {
    logits[i] = logit;
    regressors.set([0, 0, 40, 40, -8, -6, 8, -6], i * 16);
  };
  const sharp = 40; // two anchors of the 16x16 grid, far apart in the region
  const own = 250;
  put(sharp, 3);
  put(own, ownScoreLogit);
  const at = (i: number) => ({ x: anchors[i * 2]!, y: anchors[i * 2 + 1]! });
  return { anchors, logits, regressors, sharp: at(sharp), own: at(own) };
}

describe("decodeBestFace", () => {
  it("takes the best face, or with the runner's nose the best face that holds it", () => {
    const { anchors, logits, regressors, sharp, own } = twoFaces();
    const best = decodeBestFace(logits, regressors, anchors, 0.6)!;
    expect((best.x0 + best.x1) / 2).toBeCloseTo(sharp.x);
    const nose = { x: own.x + 3, y: own.y + 5 };
    const his = decodeBestFace(logits, regressors, anchors, 0.6, nose)!;
    expect([(his.x0 + his.x1) / 2, (his.y0 + his.y1) / 2]).toEqual([own.x, own.y]);
    expect(his.eyes).toEqual([
      { x: own.x - 8, y: own.y - 6 },
      { x: own.x + 8, y: own.y - 6 },
    ]);
    // No face at his nose: the face in his head region is someone else's.
    expect(decodeBestFace(logits, regressors, anchors, 0.6, { x: 5, y: 250 })).toBeNull();
  });

  it("keeps the score line for the face at the nose", () => {
    const { anchors, logits, regressors, own } = twoFaces(0);
    expect(decodeBestFace(logits, regressors, anchors, 0.6, own)).toBeNull();
  });
});

describe("ownFaceAt", () => {
  const pose = (noseScore: number): Keypoints =>
    Object.fromEntries(
      KEYPOINT_NAMES.map((n) => [n, [0.5, 0.2, n === "nose" ? noseScore : 0.9]]),
    ) as Keypoints;
  it("is the pose's nose in working pixels when the pose is sure of it", () => {
    expect(ownFaceAt(pose(0.8), { width: 1000, height: 600 })).toEqual({ x: 500, y: 120 });
    expect(ownFaceAt(pose(0.1), { width: 1000, height: 600 })).toBeNull();
  });
});
