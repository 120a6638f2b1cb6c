/**
 * The photographer's rules, as penalties on a candidate crop (pixels, displayed frame). 0 = rule met. The search in
 * propose.ts trades them against the prior placement; the proposal's score is exp(−sum of penalties).
 */
import type { Joint, Subject } from "./compose.ts";
import { sizeOf } from "./compose.ts";
import { type PxBox, heightOf, intersection, widthOf } from "./geometry.ts";
import type { CropPrior } from "./prior.ts";

export interface RuleCheck {
  /** Runner's extent (keypoints with margins) outside the crop, fraction of its height, summed over the sides. */
  runnerOut: number;
  /** Feet outside the crop, same unit, counted again on top of runnerOut; 0 when head and feet cannot both fit. */
  feetOut: number;
  /** Head and torso outside the crop, same unit. */
  coreOut: number;
  /** Head cut at the top, same unit: a partial framing gives up the hips before the head. */
  headOut: number;
  /** Joints a crop edge passes through. */
  cutJoints: Joint[];
  /** Missing head room, fraction of the runner's height. */
  headRoomMissing: number;
  /** Other people sliced by an edge (partly in, partly out), weighted by how much of them is in. */
  slicedPeople: number;
}

/** Weights of the rules in the cost (hand-set: keeping the runner whole dominates everything else). */
export const RULE_WEIGHTS = {
  runnerOut: 12,
  // Cut feet spoil a running photo more than a trimmed cap or hair above the head: the bottom counts double.
  feetOut: 12,
  coreOut: 60,
  headOut: 120,
  cutJoint: 1.5,
  headRoom: 8,
  slicedPeople: 0.25,
};

function overflow(inner: PxBox, crop: PxBox): number {
  return (
    Math.max(0, crop[0] - inner[0]) +
    Math.max(0, crop[1] - inner[1]) +
    Math.max(0, inner[2] - crop[2]) +
    Math.max(0, inner[3] - crop[3])
  );
}

/** Edges that the photo itself does not impose: a cut made by the photo's border is not ours to avoid. */
function innerEdges(crop: PxBox, width: number, height: number): boolean[] {
  const e = 0.5;
  return [crop[0] > e, crop[1] > e, crop[2] < width - e, crop[3] < height - e];
}

function cutJoints(s: Subject, crop: PxBox, band: number, width: number, height: number): Joint[] {
  const inner = innerEdges(crop, width, height);
  return s.joints.filter((j) => {
    const inX = j.x > crop[0] - band && j.x < crop[2] + band;
    const inY = j.y > crop[1] - band && j.y < crop[3] + band;
    const nearX =
      (inner[0] && Math.abs(j.x - crop[0]) < band) || (inner[2] && Math.abs(j.x - crop[2]) < band);
    const nearY =
      (inner[1] && Math.abs(j.y - crop[1]) < band) || (inner[3] && Math.abs(j.y - crop[3]) < band);
    return (nearX && inY) || (nearY && inX);
  });
}

function sliced(others: PxBox[], crop: PxBox, runnerHeight: number): number {
  return others.reduce((sum, o) => {
    const area = widthOf(o) * heightOf(o);
    const share = area > 0 ? intersection(o, crop) / area : 0;
    // Only people about as big as the runner draw the eye when sliced; the crowd behind does not.
    const big = heightOf(o) >= 0.6 * runnerHeight ? 1 : 0;
    return sum + (share > 0.15 && share < 0.85 ? big * Math.min(share, 1 - share) * 2 : 0);
  }, 0);
}

/**
 * Feet outside the crop, where keeping them costs at most the top of the head's hair or cap (head-to-feet longer
 * than the crop by less than a foot); a partial framing lets the legs go instead.
 */
function feetOut(s: Subject, crop: PxBox, footMargin: number): number {
  const h = sizeOf(s.box).h;
  const keepable = s.box[3] - s.headTop - heightOf(crop) <= footMargin * h;
  return keepable ? Math.max(0, s.box[3] - crop[3]) : 0;
}

export function checkRules(
  s: Subject,
  crop: PxBox,
  prior: CropPrior,
  width: number,
  height: number,
): RuleCheck {
  const h = sizeOf(s.box).h;
  const room = s.headTop - crop[1];
  return {
    runnerOut: overflow(s.box, crop) / h,
    feetOut: feetOut(s, crop, prior.footMargin) / h,
    coreOut: overflow(s.core, crop) / h,
    headOut: Math.max(0, crop[1] - s.headTop) / h,
    cutJoints: cutJoints(s, crop, prior.jointBand * h, width, height),
    headRoomMissing: crop[1] > 0.5 ? Math.max(0, prior.headRoom - room / h) : 0,
    slicedPeople: sliced(s.others, crop, h),
  };
}

export function penalty(c: RuleCheck): number {
  const w = RULE_WEIGHTS;
  return (
    w.runnerOut * c.runnerOut +
    w.feetOut * c.feetOut +
    w.coreOut * c.coreOut +
    w.headOut * c.headOut +
    w.cutJoint * c.cutJoints.length +
    w.headRoom * c.headRoomMissing +
    w.slicedPeople * c.slicedPeople
  );
}
