/**
 * Faces per runner: where to look for the head (from the pose, else the top of the person box), BlazeFace decoding
 * with its anchors, and the expression label from the emotion model. Eye openness lives in eyes.ts (iris model).
 */
import { EXPRESSIONS, type Box, type Keypoints } from "./analysis.ts";
import type { Region } from "./raster.ts";
import type { Point } from "./style/skeleton.ts";

export const FACE_DETECT_INPUT = 256;
export const FACE_MESH_INPUT = 192;
export const EMOTION_INPUT = 64;

/** Below this head size (working pixels) a face is too small to judge: no face rather than noise. */
export const MIN_HEAD_PX = 20;
/** Below this face width (working pixels) the eyes are under ~7 px wide and the expression is noise: not judged. */
export const MIN_EYES_PX = 40;

const HEAD_POINTS = ["nose", "left_eye", "right_eye", "left_ear", "right_ear"] as const;
/** A head keypoint at or above this score places the head (and the nose, the runner's own face: ownFaceAt). */
const HEAD_POINT_SCORE = 0.3;

/**
 * Where the runner's own face is (working pixels): the pose's nose when it is sure of it, else null. The head region
 * of a runner in a pack holds other faces too, often sharper (the runner behind, in focus); the face detector's best
 * one there is not always his (decodeBestFace `at`).
 */
export function ownFaceAt(k: Keypoints, image: { width: number; height: number }): Point | null {
  const nose = k.nose;
  return nose[2] >= HEAD_POINT_SCORE ? { x: nose[0] * image.width, y: nose[1] * image.height } : null;
}

/**
 * The square region (working pixels) to search for the runner's face: around the head keypoints when the pose saw
 * them, else the top of the person box. Null when the head would be too small to judge.
 */
export function headRegion(
  box: Box,
  keypoints: Keypoints | null,
  image: { width: number; height: number },
): Region | null {
  const fromPose = keypoints ? headFromPose(keypoints, image) : null;
  const head = fromPose ?? headFromBox(box, image);
  if (head.size < MIN_HEAD_PX) return null;
  const side = head.size * 2.2;
  return { x: head.cx - side / 2, y: head.cy - side / 2, width: side, height: side };
}

interface Head {
  readonly cx: number;
  readonly cy: number;
  readonly size: number;
}

function headFromPose(k: Keypoints, image: { width: number; height: number }): Head | null {
  const seen = HEAD_POINTS.map((n) => k[n]).filter((p) => p[2] >= HEAD_POINT_SCORE);
  if (seen.length < 2) return null;
  const xs = seen.map((p) => p[0] * image.width);
  const ys = seen.map((p) => p[1] * image.height);
  const spread = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  const shoulders = shoulderWidth(k, image);
  // Ears and eyes span about 70 % of a head's width; shoulders are about two and a half heads across.
  const size = Math.max(spread / 0.7, shoulders / 2.5);
  return { cx: mean(xs), cy: mean(ys), size };
}

function shoulderWidth(k: Keypoints, image: { width: number; height: number }): number {
  const l = k.left_shoulder;
  const r = k.right_shoulder;
  if (l[2] < 0.3 || r[2] < 0.3) return 0;
  return Math.hypot((l[0] - r[0]) * image.width, (l[1] - r[1]) * image.height);
}

function headFromBox(box: Box, image: { width: number; height: number }): Head {
  const w = (box[2] - box[0]) * image.width;
  const h = (box[3] - box[1]) * image.height;
  // A standing adult is about seven heads tall; a box cut at the frame edge may be shorter, so bound by its width.
  const size = Math.min(h / 7, w * 0.6);
  return { cx: ((box[0] + box[2]) / 2) * image.width, cy: box[1] * image.height + size * 0.6, size };
}

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

export interface FaceHit {
  /** Box in the detector input's pixels. */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly score: number;
  /** The detector's two eye points (its first two landmarks), in the input's pixels. */
  readonly eyes: readonly [Point, Point];
}

/** BlazeFace anchor centres (input pixels): 16x16 cells with 2 anchors, then 8x8 cells with 6 anchors. */
export function faceAnchors(input = FACE_DETECT_INPUT): Float32Array {
  const specs: [number, number][] = [
    [16, 2],
    [32, 6],
  ];
  const out: number[] = [];
  for (const [stride, perCell] of specs) {
    const cells = Math.ceil(input / stride);
    for (let gy = 0; gy < cells; gy++) {
      for (let gx = 0; gx < cells; gx++) {
        for (let n = 0; n < perCell; n++) out.push(stride * (gx + 0.5), stride * (gy + 0.5));
      }
    }
  }
  return Float32Array.from(out);
}

/**
 * The best face among BlazeFace's anchors. `logits` holds one raw score per anchor and `regressors` 16 values per
 * anchor (centre offset x, y, width, height, then 6 landmarks as offsets from the anchor: the two eyes, nose tip,
 * mouth and the two ears), both in anchor order. With `at` (input pixels: the runner's nose, ownFaceAt) only a face
 * whose box holds it: another face in the head region is another person's. Null below `minScore`.
 */
export function decodeBestFace(
  logits: ArrayLike<number>,
  regressors: ArrayLike<number>,
  anchors: Float32Array,
  minScore = 0.6,
  at?: Point,
): FaceHit | null {
  const boxAt = (i: number) => {
    const r = i * 16;
    const [cx, cy] = [anchors[i * 2]! + regressors[r]!, anchors[i * 2 + 1]! + regressors[r + 1]!];
    return { cx, cy, w: regressors[r + 2]!, h: regressors[r + 3]! };
  };
  // With `at`, only the anchors sure enough to be a face whose box holds the runner's nose compete.
  const competes = (i: number) => !at || (logits[i]! >= logit(minScore) && holds(boxAt(i), at));
  let best = -1;
  for (let i = 0; i < logits.length; i++)
    if (competes(i) && (best < 0 || logits[i]! > logits[best]!)) best = i;
  if (best < 0) return null;
  const score = 1 / (1 + Math.exp(-logits[best]!));
  if (score < minScore) return null;
  const r = best * 16;
  const { cx, cy, w, h } = boxAt(best);
  const landmark = (k: number): Point => ({
    x: anchors[best * 2]! + regressors[r + 4 + 2 * k]!,
    y: anchors[best * 2 + 1]! + regressors[r + 5 + 2 * k]!,
  });
  const eyes = [landmark(0), landmark(1)] as const;
  return { x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2, score, eyes };
}

function holds(b: { cx: number; cy: number; w: number; h: number }, p: Point): boolean {
  return Math.abs(p.x - b.cx) <= b.w / 2 && Math.abs(p.y - b.cy) <= b.h / 2;
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** The square region FaceMesh wants: the face box enlarged 1.4x (as the model was trained), in working pixels. */
export function meshRegion(face: Region): Region {
  const side = Math.max(face.width, face.height) * 1.4;
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}

/** The expression label with the highest probability, from the emotion model's 7 softmax outputs. */
export function expressionOf(probabilities: ArrayLike<number>): {
  label: (typeof EXPRESSIONS)[number];
  score: number;
} {
  let best = 0;
  for (let i = 1; i < EXPRESSIONS.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
  return { label: EXPRESSIONS[best]!, score: Math.min(1, Math.max(0, probabilities[best]!)) };
}
