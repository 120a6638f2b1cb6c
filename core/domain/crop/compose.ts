/**
 * What composition needs to know about the photo, read from the analysis record: the prominent runner's extent,
 * its confident joints, head, torso, running direction and the runners that belong with it. Pixels, displayed frame.
 */
import type { KeypointName, Keypoints } from "../analysis.ts";
import { type PxBox, clipTo, heightOf, union, widthOf } from "./geometry.ts";
import type { CropPrior } from "./prior.ts";
import type { CropRecord } from "./types.ts";

export interface Joint {
  name: KeypointName | "neck";
  x: number;
  y: number;
}

export interface Subject {
  /** The runner plus every confident keypoint with its limb-end margin, clipped to the image. */
  box: PxBox;
  /** Head and torso: what a partial framing must keep. */
  core: PxBox;
  /** Top of the head (px), or the box top when the head was not seen. */
  headTop: number;
  /** Running direction in the displayed frame: -1 left, 1 right, 0 towards/away from the camera or unknown. */
  direction: -1 | 0 | 1;
  /** How side-on the runner is seen, 0 (square to the camera) to 1 (profile), from the shoulders' width. */
  sideOn: number;
  /** Confident keypoints, in pixels; the edges of a crop must not pass through these. */
  points: Joint[];
  /** Joints a crop edge must not cut at (ankles, knees, wrists, neck). */
  joints: Joint[];
  /** Other persons' boxes (pixels), to avoid slicing through them. */
  others: PxBox[];
  /** Runners that belong with the prominent one (close, same size and depth), pixels; empty when alone. */
  companions: PxBox[];
  /** Neither model saw the feet: the detector's box ends at the ankles or above, or no ankle was seen at all. */
  feetUnseen: boolean;
}

/** Shoulder width over runner height seen square on (hand, anatomy: ~0.23 of standing height). */
const FRONTAL_SHOULDERS = 0.22;

const HEAD: KeypointName[] = ["nose", "left_eye", "right_eye", "left_ear", "right_ear"];
const TORSO: KeypointName[] = ["left_shoulder", "right_shoulder", "left_hip", "right_hip"];
const CUT_JOINTS: KeypointName[] = [
  "left_ankle",
  "right_ankle",
  "left_knee",
  "right_knee",
  "left_wrist",
  "right_wrist",
];

function toPx(b: readonly number[], w: number, h: number): PxBox {
  return [b[0]! * w, b[1]! * h, b[2]! * w, b[3]! * h];
}

function confident(
  kps: Keypoints | null,
  names: readonly KeypointName[],
  min: number,
  w: number,
  h: number,
): Joint[] {
  if (kps === null) return [];
  return names.filter((n) => kps[n][2] >= min).map((n) => ({ name: n, x: kps[n][0] * w, y: kps[n][1] * h }));
}

function mean(js: Joint[], axis: "x" | "y"): number | null {
  return js.length === 0 ? null : js.reduce((s, j) => s + j[axis], 0) / js.length;
}

/** Neck: most of the way from the nose down to the middle of the shoulders. */
function neckOf(head: Joint[], shoulders: Joint[]): Joint | null {
  const nose = head.find((j) => j.name === "nose");
  const sx = mean(shoulders, "x");
  const sy = mean(shoulders, "y");
  if (nose === undefined || sx === null || sy === null || shoulders.length < 2) return null;
  return { name: "neck", x: nose.x + 0.7 * (sx - nose.x), y: nose.y + 0.7 * (sy - nose.y) };
}

/**
 * Running direction from the head in profile: the nose sits ahead of the ears (or, without ears, of the shoulders)
 * by a good part of the head's width, and outside the span of the ears — a frontal face has it between them.
 */
export function runningDirection(points: Joint[], runnerHeight: number, prior: CropPrior): -1 | 0 | 1 {
  const nose = points.find((j) => j.name === "nose");
  const ears = points.filter((j) => j.name === "left_ear" || j.name === "right_ear");
  const shoulders = points.filter((j) => j.name === "left_shoulder" || j.name === "right_shoulder");
  const back = ears.length > 0 ? ears : shoulders;
  const bx = mean(back, "x");
  if (nose === undefined || bx === null) return 0;
  const d = (nose.x - bx) / runnerHeight;
  const earSpan = ears.length === 2 ? Math.abs(ears[0]!.x - ears[1]!.x) / runnerHeight : 0;
  if (Math.abs(d) <= prior.profileOffset || Math.abs(d) <= earSpan / 2) return 0;
  return d > 0 ? 1 : -1;
}

/**
 * Side-on share from the shoulders: their width is about FRONTAL_SHOULDERS of the runner's height seen square on
 * and shrinks towards zero in profile. One shoulder hidden: in between.
 */
export function sideOnOf(points: Joint[], runnerHeight: number): number {
  const sh = points.filter((j) => j.name === "left_shoulder" || j.name === "right_shoulder");
  if (sh.length < 2) return 0.5;
  const width = Math.abs(sh[0]!.x - sh[1]!.x) / runnerHeight;
  return Math.min(1, Math.max(0, 1 - width / FRONTAL_SHOULDERS));
}

/** Box around the keypoints, each pushed out by the part of the body beyond it (head top, feet, hands). */
function keypointExtent(points: Joint[], h: number, prior: CropPrior): PxBox | null {
  if (points.length === 0) return null;
  const m = prior.limbMargin * h;
  const out: PxBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of points) {
    const up = HEAD.includes(p.name as KeypointName) ? prior.headMargin * h : m;
    const down = p.name.endsWith("ankle") ? prior.footMargin * h : m;
    const grown: PxBox = [p.x - m, p.y - up, p.x + m, p.y + down];
    Object.assign(out, union(out, grown));
  }
  return out;
}

/**
 * Keypoints may stretch the detector's box only a little: one far outside it is more likely a neighbour's limb
 * (MoveNet on a crowded crop) than a hand the detector missed.
 */
function capped(ext: PxBox, det: PxBox, reach: number): PxBox {
  return [
    Math.max(ext[0], det[0] - reach),
    Math.max(ext[1], det[1] - reach),
    Math.min(ext[2], det[2] + reach),
    Math.min(ext[3], det[3] + reach),
  ];
}

/**
 * Feet the pose did not see: a confident knee without a confident ankle means the shin continues about one thigh
 * length below the knee (anatomy), unless the photo ends first. Detectors often stop the box at the knees when the
 * feet are blurred or dark, and a crop from that box cuts the runner off at the shins.
 */
function unseenFeet(kps: Keypoints | null, prior: CropPrior, W: number, H: number): Joint[] {
  if (kps === null) return [];
  const min = prior.minKeypointScore;
  const legs = ["left_knee", "right_knee", "left_ankle", "right_ankle"] as const;
  if (legs.every((n) => kps[n][2] < min)) return unseenLegs(kps, prior, W, H);
  const out: Joint[] = [];
  for (const side of ["left", "right"] as const) {
    const [hip, knee, ankle] = [kps[`${side}_hip`], kps[`${side}_knee`], kps[`${side}_ankle`]];
    if (ankle[2] >= min || knee[2] < min || hip[2] < min || knee[1] <= hip[1]) continue;
    const y = Math.min(1, knee[1] + (knee[1] - hip[1]));
    out.push({ name: `${side}_ankle`, x: knee[0] * W, y: y * H });
  }
  return out;
}

/**
 * Legs the pose did not see at all (motion blur, dark tights): the feet lie below the hips by about the nose-to-hip
 * distance times legToTorso. Detectors often end such a runner's box at the shorts.
 */
function unseenLegs(kps: Keypoints, prior: CropPrior, W: number, H: number): Joint[] {
  const min = prior.minKeypointScore;
  const hips = [kps.left_hip, kps.right_hip].filter((p) => p[2] >= min);
  if (kps.nose[2] < min || hips.length === 0) return [];
  const hy = hips.reduce((s, p) => s + p[1], 0) / hips.length;
  const hx = hips.reduce((s, p) => s + p[0], 0) / hips.length;
  if (hy <= kps.nose[1]) return [];
  const y = Math.min(1, hy + prior.legToTorso * (hy - kps.nose[1]));
  return [{ name: "left_ankle", x: hx * W, y: y * H }];
}

/** Persons that belong with the main runner: beside it, about as tall, feet on about the same line. */
function companionsOf(main: PxBox, others: PxBox[], prior: CropPrior): PxBox[] {
  const h = heightOf(main);
  return others.filter((o) => {
    const gap = Math.max(o[0] - main[2], main[0] - o[2]);
    return (
      gap < prior.groupGap * h &&
      heightOf(o) >= prior.groupMinHeight * h &&
      Math.abs(o[3] - main[3]) < prior.groupFeetLine * h
    );
  });
}

function coreOf(box: PxBox, head: Joint[], torso: Joint[], headTop: number): PxBox {
  const pts = [...head, ...torso];
  if (pts.length < 3) return [box[0], box[1], box[2], box[1] + 0.55 * heightOf(box)];
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  return [Math.min(...xs), headTop, Math.max(...xs), Math.max(...ys)];
}

/** The subject of the photo, or null when the analysis found no prominent runner. */
export function subjectOf(record: CropRecord, prior: CropPrior): Subject | null {
  const { width: W, height: H, runners, prominent } = record;
  const runner = prominent === null ? undefined : runners[prominent];
  if (runner === undefined) return null;
  const det = toPx(runner.box, W, H);
  const h = Math.max(1, heightOf(det));
  const points = confident(
    runner.keypoints,
    Object.keys(runner.keypoints ?? {}) as KeypointName[],
    prior.minKeypointScore,
    W,
    H,
  );
  const head = points.filter((p) => HEAD.includes(p.name as KeypointName));
  const torso = points.filter((p) => TORSO.includes(p.name as KeypointName));
  const ext = keypointExtent(points, h, prior);
  const feet = keypointExtent(unseenFeet(runner.keypoints, prior, W, H), h, prior);
  const seen = ext === null ? det : union(det, capped(ext, det, prior.maxKeypointReach * h));
  const box = clipTo(feet === null ? seen : union(seen, feet), W, H);
  const headTop =
    head.length > 0 ? Math.max(0, Math.min(...head.map((p) => p.y)) - prior.headMargin * h) : box[1];
  const neck = neckOf(
    head,
    torso.filter((p) => p.name.endsWith("shoulder")),
  );
  const joints = points.filter((p) => CUT_JOINTS.includes(p.name as KeypointName));
  const others = runners.filter((r) => r !== runner).map((r) => toPx(r.box, W, H));
  const ankles = points.filter((p) => p.name.endsWith("ankle")).map((p) => p.y);
  const feetUnseen = ankles.length === 0 || det[3] < Math.max(...ankles) + prior.limbMargin * h;
  return {
    box,
    core: clipTo(coreOf(box, head, torso, headTop), W, H),
    headTop,
    direction: runningDirection(points, h, prior),
    sideOn: sideOnOf(points, h),
    points,
    joints: neck === null ? joints : [...joints, neck],
    others,
    companions: companionsOf(det, others, prior),
    feetUnseen,
  };
}

/** Height and width of a box, at least one pixel (a degenerate detection must not divide by zero). */
export function sizeOf(b: PxBox): { w: number; h: number } {
  return { w: Math.max(1, widthOf(b)), h: Math.max(1, heightOf(b)) };
}
