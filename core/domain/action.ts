/**
 * Is this person running? Told from one 2-D pose the way a photographer tells it at a glance: a runner's knees are
 * bent (the swing leg folds, the support leg flexes on landing), the feet are apart (one driven forward or kicked up
 * behind) and the elbows are bent; a person standing, posing or cheering has straight legs under the hips and feet
 * level; a walker has nearly straight knees and both feet low. A celebrating finisher, a walker at a water station
 * and a sprinter leaving the blocks are still in a race: the bib counts for running (see ActionOptions.bibBonus).
 */
import type { Keypoints, Runner } from "./analysis.ts";
import { distance, jointAngle, toSkeleton, type Frame, type Joint, type Skeleton } from "./style/skeleton.ts";
import { measureBody, type Body } from "./style/legs.ts";

export const ACTIONS = ["running", "walking", "standing", "other"] as const;
export type Action = (typeof ACTIONS)[number];

export interface PersonAction {
  readonly action: Action;
  /** 0–1: how sure the call is (1 − the margin taken by the runner-up). */
  readonly confidence: number;
  /** 0–1: how much the pose looks like running (the evidence the call is made from). */
  readonly running: number;
}

/** The pose's measures the call is made from, each scaled to about 0–1 (1 = clearly running). */
export interface ActionCues {
  /** Knee flexion of the more bent knee: 0 at ≤ 15° (a standing leg), 1 at ≥ 75° (a folded swing leg). */
  readonly kneeBend: number;
  /** Feet apart, in leg lengths: 0 at ≤ 0.15 (standing, feet together), 1 at ≥ 0.55 (a stride). */
  readonly feetApart: number;
  /** One foot higher than the other, in leg lengths: 0 at ≤ 0.04, 1 at ≥ 0.2 (a foot lifted off the ground). */
  readonly footLifted: number;
  /** Elbow flexion: 0 at ≤ 25° (arms hanging), 1 at ≥ 80° (a runner's carriage). */
  readonly elbowBend: number;
}

export interface ActionOptions {
  /** Weights of the cues in the running evidence (they sum to 1). */
  readonly weights: Readonly<Record<keyof ActionCues, number>>;
  /** Evidence at or above this is running. */
  readonly runningFrom: number;
  /** Below runningFrom: a person whose feetApart cue reaches this (a step, knees nearly straight) is walking. */
  readonly walkingFeetApart: number;
  /** Added to the evidence when a bib was read on the person: a participant, most likely in motion. */
  readonly bibBonus: number;
  /**
   * Leg joints below this confidence do not count as seen: with a knee or an ankle unseen on both sides the legs are
   * hidden or cut, and the call is "other" (no verdict), never "standing".
   */
  readonly minLegScore: number;
}

/**
 * Set from the biomechanics of gait, before looking at photos: running knee flexion peaks at 90–130° in swing and
 * 35–45° at mid-stance, walking at ~60° in swing and ~15° in stance, standing at 0–10°; a runner's elbows stay bent
 * at ~90°, a walker's swing nearly straight. Legs weigh most (the rubric judges style from the legs); a frame of
 * mid-stance (feet together, support knee flexed ~40°) still reaches runningFrom through the knee and the arms.
 */
export const DEFAULT_ACTION_OPTIONS: ActionOptions = Object.freeze({
  weights: Object.freeze({ kneeBend: 0.35, feetApart: 0.2, footLifted: 0.2, elbowBend: 0.25 }),
  runningFrom: 0.4,
  walkingFeetApart: 0.35,
  bibBonus: 0.15,
  minLegScore: 0.3,
});

const ramp = (v: number, lo: number, hi: number) => Math.min(1, Math.max(0, (v - lo) / (hi - lo)));

/** The action of one person; `other` when the legs cannot be seen. */
export function personAction(
  runner: Pick<Runner, "keypoints" | "bib">,
  frame: Frame,
  options: ActionOptions = DEFAULT_ACTION_OPTIONS,
): PersonAction {
  const cues = runner.keypoints ? actionCues(runner.keypoints, frame, options) : null;
  if (!cues) return { action: "other", confidence: 0.5, running: 0.5 };
  const running = Math.min(1, poseEvidence(cues, options) + (runner.bib ? options.bibBonus : 0));
  if (running >= options.runningFrom)
    return { action: "running", confidence: margin(running, options.runningFrom), running };
  const walking = cues.feetApart >= options.walkingFeetApart;
  return {
    action: walking ? "walking" : "standing",
    confidence: margin(running, options.runningFrom),
    running,
  };
}

export type ActionCue = keyof ActionCues;
const ALL_CUES: readonly ActionCue[] = ["kneeBend", "feetApart", "footLifted", "elbowBend"];

/**
 * How much the pose alone looks like running: the named cues weighed (all four by default, whose weights sum to 1, so
 * 0–1). No bib: a read bib says who, not how.
 */
export function poseEvidence(
  cues: ActionCues,
  options: ActionOptions = DEFAULT_ACTION_OPTIONS,
  names: readonly ActionCue[] = ALL_CUES,
): number {
  return Math.min(
    1,
    names.reduce((s, c) => s + options.weights[c] * cues[c], 0),
  );
}

/** The weight of the named cues (all four: 1). */
export function cueWeight(options: ActionOptions, names: readonly ActionCue[] = ALL_CUES): number {
  return names.reduce((s, c) => s + options.weights[c], 0);
}

/** 0.5 at the boundary, 1 far from it on either side. */
function margin(evidence: number, boundary: number): number {
  const span = evidence >= boundary ? 1 - boundary : boundary;
  return Math.min(1, 0.5 + (0.5 * Math.abs(evidence - boundary)) / Math.max(span, 1e-6));
}

/** The cues, or null when the legs are not seen (no knee or no ankle above minLegScore, or cut by the frame). */
export function actionCues(keypoints: Keypoints, frame: Frame, options: ActionOptions): ActionCues | null {
  const s = toSkeleton(keypoints, frame);
  const seen = (n: "knee" | "ankle") =>
    (["left", "right"] as const).some((side) => (s[`${side}_${n}`]?.score ?? 0) >= options.minLegScore);
  const body = measureBody(s);
  if (!seen("knee") || !seen("ankle") || !body) return null;
  return {
    kneeBend: ramp(maxFlexion(s, "knee"), 15, 75),
    feetApart: ramp(feetDistance(s, body), 0.15, 0.55),
    footLifted: ramp(footHeightGap(s, body), 0.04, 0.2),
    elbowBend: ramp(maxFlexion(s, "elbow"), 25, 80),
  };
}

/** Largest flexion (180° − joint angle) of the left and right knee (hip–knee–ankle) or elbow (shoulder–elbow–wrist). */
function maxFlexion(s: Skeleton, joint: "knee" | "elbow"): number {
  const [a, c] = joint === "knee" ? (["hip", "ankle"] as const) : (["shoulder", "wrist"] as const);
  const flex = (["left", "right"] as const).flatMap((side) => {
    const p = s[`${side}_${a}`];
    const b = s[`${side}_${joint}`];
    const q = s[`${side}_${c}`];
    return p && b && q ? [180 - jointAngle(p, b, q)] : [];
  });
  return flex.length === 0 ? 0 : Math.max(...flex);
}

function feetDistance(s: Skeleton, body: Body): number {
  const feet = ankles(s);
  return feet ? distance(feet[0], feet[1]) / body.leg : 0;
}

function footHeightGap(s: Skeleton, body: Body): number {
  const feet = ankles(s);
  return feet ? Math.abs(feet[0].y - feet[1].y) / body.leg : 0;
}

function ankles(s: Skeleton): [Joint, Joint] | null {
  return s.left_ankle && s.right_ankle ? [s.left_ankle, s.right_ankle] : null;
}

/** What the photo says about running: each person's action and the verdict on the main person. */
export interface PhotoActivity {
  readonly actions: readonly PersonAction[];
  /** How much the main person looks like a runner in a race, 0–1, as the keeper reads it. */
  readonly mainRunning: number;
  /** The main person is not running and nothing in the photo says race (no bib read, nobody else running). */
  readonly notRunning: boolean;
}

/**
 * Legs hidden or cut give no verdict from the pose; the rest of the photo then decides how much a portrait is a
 * race photo: 0.5 (neutral) with a bib or a runner in sight, NO_CONTEXT_RUNNING without. A person not running in
 * a photo with no race in it is held at NOT_RUNNING at most.
 */
const NO_CONTEXT_RUNNING = 0.25;
const NOT_RUNNING = 0.15;

export function photoActivity(
  record: {
    readonly runners: readonly Pick<Runner, "keypoints" | "bib">[];
    readonly width: number;
    readonly height: number;
  },
  main: number | null,
  options: ActionOptions = DEFAULT_ACTION_OPTIONS,
): PhotoActivity {
  // A record is its own frame: keypoints are measured in its displayed full-resolution pixels.
  const actions = record.runners.map((r) => personAction(r, record, options));
  if (main === null || !actions[main]) return { actions, mainRunning: 0, notRunning: false };
  const race =
    record.runners.some((r) => typeof r.bib === "string" && r.bib.length > 0) ||
    actions.some((a, i) => i !== main && a.action === "running");
  const own = actions[main];
  const notRunning = own.action !== "running" && !race;
  const evidence = own.action === "other" ? (race ? 0.5 : NO_CONTEXT_RUNNING) : own.running;
  return { actions, mainRunning: notRunning ? Math.min(evidence, NOT_RUNNING) : evidence, notRunning };
}
