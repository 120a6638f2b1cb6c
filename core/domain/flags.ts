import type { AnalysisRecord, Box, Keypoints, Runner } from "./analysis.ts";

/** Technical problems a photographer rejects or fixes a frame for, measured on the main runner, not the frame. */
export const FLAGS = [
  "no-runner",
  "not-running",
  "no-subject",
  "focus-missed",
  "motion-blur",
  "highlights-clipped",
  "shadows-clipped",
  "underexposed",
  "overexposed",
  "eyes-closed",
  "runner-cut",
  "runner-occluded",
  "runner-small",
  "duplicate",
] as const;
export type Flag = (typeof FLAGS)[number];

export interface FlagThresholds {
  /** Runner's detail energy below this share of the background's: the focus landed behind or in front. */
  readonly focusRatio: number;
  /** motionBlur (0–1) at or above this: smeared along one direction. */
  readonly motionBlur: number;
  /**
   * A weaker smear (motionBlur at or above this) is motion blur too when the runner is also far softer than the
   * background: log2(runner / background detail energy) at or below softRatioLog2.
   */
  readonly smearWithSoftness: number;
  readonly softRatioLog2: number;
  readonly highlightsClipped: number;
  readonly shadowsClipped: number;
  /** Probability of open eyes below this. */
  readonly eyesOpen: number;
  /** Share of the runner's box covered by a nearer person's box. */
  readonly occluded: number;
  /** Runner's box height as a share of the frame height below this: too small to deliver. */
  readonly smallHeight: number;
  /** Luma (0–255) of the runner's brightest pixels below this (flags.ts underexposed): even his bib and skin are dark. */
  readonly underexposedLuma: number;
  /** Median luma (0–255) of the runner above this: the runner's mid-tones are washed out. */
  readonly overexposedMedian: number;
  /**
   * Median luma above this, with at least `highlightsClipped` of the runner blown, is overexposed too: bright
   * mid-tones alone are a light wall or a white singlet, bright mid-tones with blown highlights are too much light.
   */
  readonly overexposedClippedMedian: number;
  /**
   * The eyes sit closer to the top edge than this share of the eyes-to-shoulders distance: the top of the head is
   * cut (the crown sits about 0.5 of that distance above the eyes; hair tips touching the edge is framing).
   */
  readonly headRoom: number;
}

/**
 * Defaults: motion blur at a smear of 0.6, or of 0.1 on a runner with about a third of the background's detail
 * energy or less (log2 −1.5: the paired-fault copies of dev keepers with the runner smeared sit at a median of −2.7,
 * the sharp originals above −1.05 in 95 %); focus missed at the same far-softer line, 0.35 (log2 −1.5: a sharp
 * runner's smooth shirt and face in front of a busy crowd or foliage has less Laplacian energy than that background,
 * and at half of it, 0.5, the flag called 18 dev main runners the photographer marks sharp against 3 of the 6 marked
 * soft; at 0.35, 8 against the same 3, keeper AUC unchanged); clipping 10 % highlights / 15 % shadows of the runner
 * (a white singlet blown out is visible at ~10 %); eyes 0.3 (the face model's open/closed boundary sits near 0.5,
 * below 0.3 is sure); occlusion 30 % of the box; small under 20 % of the frame height (a runner under that is
 * background in a print); underexposed when the runner's brightest pixels, the 99th-percentile luma, are under 150 (a
 * well exposed runner's bib and skin reach 190–250 whatever the background: every dev main runner reads 184 or more;
 * 2 stops under puts even a clipped 255 at 137; the 95th percentile, used before, read the shirt of a runner in dark
 * kit and flagged two dev keepers at 147–148); overexposed when the
 * runner's median luma is over 225 (about 2 EV above mid-grey's 118), or over 180 (1.3 EV above) with 10 % of its
 * highlights blown (a runner 2 stops over: median 136–237, 15–40 % clipped, where no dev runner's median passes 172
 * with its highlights blown); head cut when the eyes are closer than 0.45 eyes-to-shoulders to the top edge.
 */
export const DEFAULT_FLAG_THRESHOLDS: FlagThresholds = Object.freeze({
  focusRatio: 0.35,
  motionBlur: 0.6,
  smearWithSoftness: 0.1,
  softRatioLog2: -1.5,
  highlightsClipped: 0.1,
  shadowsClipped: 0.15,
  eyesOpen: 0.3,
  occluded: 0.3,
  smallHeight: 0.2,
  underexposedLuma: 150,
  overexposedMedian: 225,
  overexposedClippedMedian: 180,
  headRoom: 0.45,
});

/** The frame's edges: a box reaching this close to the top or bottom is cut there. */
const EDGE = 0.01;

/** Technical flags of one photo for its main runner (the one at `runnerIndex`, usually `prominent`). */
export function technicalFlags(
  record: Pick<AnalysisRecord, "runners" | "faces">,
  runnerIndex: number | null,
  t: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
): Flag[] {
  const runner = runnerIndex === null ? undefined : record.runners[runnerIndex];
  if (!runner || runnerIndex === null) return ["no-runner"];
  const flags: Flag[] = [...pixelFlags(runner, t)];
  if (!flags.includes("focus-missed") && focusBehind(record.runners, runnerIndex, t))
    flags.push("focus-missed");
  const face = record.faces.find((f) => f.runner === runnerIndex && f.eyesOpen !== null);
  if (face && face.eyesOpen! < t.eyesOpen) flags.push("eyes-closed");
  if (isCut(runner, t.headRoom)) flags.push("runner-cut");
  const others = record.runners.filter((_, i) => i !== runnerIndex);
  if (others.some((o) => inFront(o.box, runner.box) && coverage(runner.box, o.box) >= t.occluded))
    flags.push("runner-occluded");
  if (runner.box[3] - runner.box[1] < t.smallHeight) flags.push("runner-small");
  return flags;
}

/**
 * Focus landed behind or beside the subject, on a runner the frame was not built around:
 * - a person at least NEARER_HEIGHT times the runner's height (nearer the camera) is much softer than the runner,
 *   at most focusRatio of its detail energy;
 * - or a person at least AS_NEAR_HEIGHT times the runner's height (as near the camera: two runners side by side
 *   differ by a tenth in height with stride and build), whole in the frame from side to side, is smeared by motion
 *   (the motion-blur rule on that person's pixels). The pick takes the sharp runner between alike ones; a smear is
 *   the shutter, never depth of field, so it needs no margin in height. A body cut by the side edge is someone
 *   passing the lens, not the frame's subject.
 */
const NEARER_HEIGHT = 1.1;
const AS_NEAR_HEIGHT = 0.9;
function focusBehind(runners: readonly Runner[], index: number, t: FlagThresholds): boolean {
  const own = runners[index]!;
  const sharp = own.pixels?.sharpness;
  if (sharp === undefined) return false;
  const h = own.box[3] - own.box[1];
  return runners.some((r, i) => {
    if (i === index || r.pixels === undefined) return false;
    const height = r.box[3] - r.box[1];
    const softer = height >= NEARER_HEIGHT * h && r.pixels.sharpness < t.focusRatio * sharp;
    const smeared = height >= AS_NEAR_HEIGHT * h && wholeAcross(r.box) && isSmeared(r.pixels, t);
    return softer || smeared;
  });
}

/** The box lies inside the frame from the left edge to the right one. */
function wholeAcross(box: Box): boolean {
  return box[0] > EDGE && box[2] < 1 - EDGE;
}

/** The motion-blur rule: a strong smear, or a weaker one on a runner far softer than the background. */
function isSmeared(p: NonNullable<Runner["pixels"]>, t: FlagThresholds): boolean {
  return (
    p.motionBlur >= t.motionBlur || (p.motionBlur >= t.smearWithSoftness && softness(p) <= t.softRatioLog2)
  );
}

/** log2 of the runner's detail energy over the background's (0 when the background has none). */
function softness(p: NonNullable<Runner["pixels"]>): number {
  return p.backgroundSharpness > 0 ? Math.log2((p.sharpness + 1) / (p.backgroundSharpness + 1)) : 0;
}

function pixelFlags(runner: Runner, t: FlagThresholds): Flag[] {
  const p = runner.pixels;
  if (!p) return [];
  const flags: Flag[] = [];
  if (p.backgroundSharpness > 0 && p.sharpness < t.focusRatio * p.backgroundSharpness)
    flags.push("focus-missed");
  if (isSmeared(p, t)) flags.push("motion-blur");
  if (p.highlightsClipped >= t.highlightsClipped) flags.push("highlights-clipped");
  if (p.shadowsClipped >= t.shadowsClipped) flags.push("shadows-clipped");
  if (underexposed(p, t)) flags.push("underexposed");
  if (overexposed(p, t)) flags.push("overexposed");
  return flags;
}

/**
 * The runner's brightest pixels (the bib, the skin: the 99th percentile; the 95th on records analysed before it was
 * measured) under the line.
 */
function underexposed(p: NonNullable<Runner["pixels"]>, t: FlagThresholds): boolean {
  const brightest = p.lumaP99 ?? p.lumaP95;
  return brightest !== undefined && brightest < t.underexposedLuma;
}

function overexposed(p: NonNullable<Runner["pixels"]>, t: FlagThresholds): boolean {
  if (p.lumaMedian === undefined) return false;
  return (
    p.lumaMedian > t.overexposedMedian ||
    (p.lumaMedian > t.overexposedClippedMedian && p.highlightsClipped >= t.highlightsClipped)
  );
}

/**
 * Feet or head cut by the frame in a shot meant to show them. Feet: the box reaches the bottom edge, a knee is in
 * the frame (a full-length or three-quarter shot) and less room is left below the lower knee than a shin needs
 * (measured against the thigh, not the ankles: the pose places a cut-off foot on the edge); a tight portrait that
 * ends above the knees is framing, not a fault. Head: the box reaches the top edge
 * and the eyes are missing or closer to it than `headRoom` eyes-to-shoulders lengths.
 */
export function isCut(runner: Runner, headRoom = DEFAULT_FLAG_THRESHOLDS.headRoom): boolean {
  const [, y0, , y1] = runner.box;
  const k = runner.keypoints;
  if (!k) return y1 >= 1 - EDGE || y0 <= EDGE;
  return (reachesBottom(runner.box) && feetCut(k)) || (reachesTop(runner.box) && headCut(k, headRoom));
}

const SURE = 0.3;
/** A knee is a knee at the pose's usual threshold: near the frame's edge MoveNet's confidence drops. */
const KNEE_SURE = 0.2;
/**
 * Within this of the top or bottom edge a box reaches it: the detector and the pose stop a little short of a body
 * the frame cuts (a head cut through the forehead leaves the box 0.01–0.03 below the top edge). The eyes' or knees'
 * own distance from the edge then decides; this only says the frame may have cut the runner.
 */
const FRAME_EDGE_SLACK = 0.05;
/** The box comes within FRAME_EDGE_SLACK of the bottom edge: the frame may cut the body there. */
export const reachesBottom = (box: Box): boolean => box[3] >= 1 - FRAME_EDGE_SLACK;
/** The box comes within FRAME_EDGE_SLACK of the top edge. */
export const reachesTop = (box: Box): boolean => box[1] <= FRAME_EDGE_SLACK;
/** A shin is about as long as a thigh (Drillis & Contini); much shorter, and the frame cut it. */
const SHIN_PER_THIGH = 0.75;
const seenInside = (p: readonly [number, number, number], sure = SURE) =>
  p[2] >= sure && p[1] >= 0 && p[1] <= 1 - EDGE && p[0] >= 0 && p[0] <= 1;

/**
 * A knee in the frame and below it an ankle the pose places beyond the bottom edge, or less room below the lower
 * knee than SHIN_PER_THIGH of its thigh: the shin is cut.
 */
function feetCut(k: Keypoints): boolean {
  const legs = (["left", "right"] as const).flatMap((side) => {
    const knee = k[`${side}_knee`];
    const hip = k[`${side}_hip`];
    return seenInside(knee, KNEE_SURE) && hip[2] >= KNEE_SURE && knee[1] > hip[1] ? [{ knee, hip }] : [];
  });
  if (legs.length === 0) return false;
  const ankleBelow = [k.left_ankle, k.right_ankle].some((a) => a[2] >= SURE && a[1] > 1);
  const lower = legs.reduce((a, b) => (b.knee[1] > a.knee[1] ? b : a));
  return ankleBelow || 1 - lower.knee[1] < SHIN_PER_THIGH * (lower.knee[1] - lower.hip[1]);
}

function headCut(k: Keypoints, headRoom: number): boolean {
  const room = headRoomOf(k);
  return room === null
    ? !(seenInside(k.nose) || seenInside(k.left_eye) || seenInside(k.right_eye))
    : room < headRoom;
}

/**
 * Distance of the eyes (the highest of nose and eyes) from the top edge, in eyes-to-shoulders lengths; null when the
 * pose did not see both an eye or the nose and a shoulder.
 */
export function headRoomOf(k: Keypoints): number | null {
  const eyes = [k.nose, k.left_eye, k.right_eye].filter((p) => p[2] >= SURE).map((p) => p[1]);
  const shoulders = [k.left_shoulder, k.right_shoulder].filter((p) => p[2] >= SURE).map((p) => p[1]);
  if (eyes.length === 0 || shoulders.length === 0) return null;
  const eye = Math.min(...eyes);
  const shoulder = shoulders.reduce((s, v) => s + v, 0) / shoulders.length;
  return shoulder - eye > 0.01 ? eye / (shoulder - eye) : null;
}

/** A person whose feet are lower in the frame stands nearer the camera. */
function inFront(other: Box, runner: Box): boolean {
  return other[3] > runner[3];
}

/** Share of box a covered by box b. */
export function coverage(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const area = (a[2] - a[0]) * (a[3] - a[1]);
  return area > 0 ? (ix * iy) / area : 0;
}
