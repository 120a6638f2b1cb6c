import { actionCues, cueWeight, DEFAULT_ACTION_OPTIONS, poseEvidence, type ActionCue } from "../action.ts";
import type { Runner } from "../analysis.ts";
import { reachesBottom } from "../flags.ts";
import { facing } from "./facing.ts";
import {
  armCarriage,
  handsAboveHead,
  kneeDrive,
  overstride,
  strideAngle,
  strideOpen,
  trailingLeg,
  trunkLean,
  type Measure,
} from "./features.ts";
import { flightPhase, type Flight } from "./flight.ts";
import { measureBody } from "./legs.ts";
import { clamp01, toSkeleton, type Frame, type Skeleton } from "./skeleton.ts";

export const STYLE_FEATURES = [
  "kneeDrive",
  "strideAngle",
  "strideOpen",
  "flight",
  "trailingLeg",
  "trunkLean",
  "overstride",
  "armCarriage",
  "running",
] as const;
export type StyleFeature = (typeof STYLE_FEATURES)[number];

/** How each feature moves the score: weight × (value − neutral), neutral being an ordinary mid-stride. */
export interface StyleTerm {
  readonly weight: number;
  readonly neutral: number;
}

export interface StyleOptions {
  readonly terms: Readonly<Record<StyleFeature, StyleTerm>>;
  /**
   * Added to the score when both hands are above the head (finish-line celebration). 0 by default: the rubric
   * judges the style from the legs, and the dev photographer rated the four celebrating full-length frames 1–3 (the
   * bonus took the style's Spearman with the form rating from 0.42 to 0.35). `handsAboveHead` still says it, and a
   * policy may label celebrations.
   */
  readonly handsAboveHeadBonus: number;
  /**
   * How far each frame's score moves toward the mean of the same runner's frames in its burst (other-frames.ts; 0 or
   * absent: each frame alone). 0.25 in the defaults: over the dev photos and three re-saved copies the style's
   * Spearman with the form rating reads 0.526 alone, 0.536 at a quarter (higher on every folder), 0.535 at a half,
   * 0.508 all the way to the mean; chosen leave-one-source-out in `npm run eval:resaves` (style-loso.ts).
   */
  readonly otherFramesShare?: number;
}

/**
 * Prior weights from the photographer's rubric (LABELING.md: 5 = knee drive, trailing leg extended, flight or
 * toe-off, upright trunk; 2 = legs straight and close together, shuffle, overstride), not fitted: the legs carry
 * 0.9 of the positive weight, arms 0.05; trunk lean and overstride only subtract. Neutral values are what an ordinary
 * mid-stride (rating 3) measures, so such a frame scores ~0.5. The keeper's weights were set with this stride
 * (KEEPER_STRIDE_OPTIONS); the style as scored and shown fits three choices over it (STYLE_WEIGHTS).
 */
export const RUBRIC_STYLE_TERMS: Readonly<Record<StyleFeature, StyleTerm>> = Object.freeze({
  kneeDrive: { weight: 0.2, neutral: 0.3 },
  strideAngle: { weight: 0.15, neutral: 0.4 },
  strideOpen: { weight: 0.25, neutral: 0.4 },
  flight: { weight: 0.1, neutral: 0.3 },
  trailingLeg: { weight: 0.2, neutral: 0.4 },
  trunkLean: { weight: -0.3, neutral: 0 },
  overstride: { weight: -0.2, neutral: 0 },
  armCarriage: { weight: 0.05, neutral: 0.5 },
  running: { weight: 0.5, neutral: 0.5 },
});

/**
 * The terms with the trailing leg carrying `share` of the stride's weight (every term's but `running`) and the other
 * stride terms keeping their proportions, so the stride's total weight, and with it the score's scale, stays.
 */
function withTrailingShare(
  terms: Readonly<Record<StyleFeature, StyleTerm>>,
  share: number,
): Record<StyleFeature, StyleTerm> {
  const stride = STYLE_FEATURES.filter((f) => f !== "running");
  const total = stride.reduce((s, f) => s + Math.abs(terms[f].weight), 0);
  const others = total - Math.abs(terms.trailingLeg.weight);
  const k = others > 0 ? ((1 - share) * total) / others : 0;
  const out = Object.fromEntries(
    STYLE_FEATURES.map((f) => [f, f === "running" ? terms[f] : { ...terms[f], weight: terms[f].weight * k }]),
  ) as Record<StyleFeature, StyleTerm>;
  return { ...out, trailingLeg: { ...terms.trailingLeg, weight: share * total } };
}

/**
 * The trailing leg's share of the stride's weight, where the rubric gave it 0.14 (0.2 of 1.45). Extended behind
 * (toe-off) or kicked up, it is the measure a 2-D pose sees best from any side, and alone it orders the form ratings
 * (dev, full length: median 0.38 at rating 2, 0.58 at 3, 0.94 at 4, on the originals and every re-saved copy alike).
 * Chosen with the running weight, leave-one-source-out (see STYLE_WEIGHTS).
 */
const TRAILING_SHARE = 0.35;

/** The numbers the style fits over the rubric's terms (the grid companion/eval/style-loso.ts chooses from). */
export interface StyleWeights {
  /** Weight of the `running` term (the rubric's 0.5). */
  readonly running: number;
  /** The trailing leg's share of the stride's weight (withTrailingShare; the rubric's 0.14). */
  readonly trailingShare: number;
  /** Whether the arm-carriage term counts (the rubric's 0.05 of 1.45); without it the stride is the legs' terms. */
  readonly arms: boolean;
}

/**
 * The style as scored and shown, chosen leave-one-source-out on the 82 full-body dev photos and their three re-saved
 * copies (companion/eval/style-loso.ts, `npm run eval:resaves`; grid running 0–1 × share 0.14–0.55 × arms on/off).
 * - `running` 0.25 and the trailing share 0.35 in 9 of 12 held-out sources (8 of 12 with the arms): Spearman with
 *   the form rating 0.489 → 0.515 over the copies, 0.481 → 0.507 held out (the running weight alone, chosen first:
 *   0.45 → 0.48, 0.476).
 * - No arms: the rubric judges how a stride looks "legs first" and names no arm position, and the arm term alone
 *   orders the dev ratings backwards (Spearman −0.13 to −0.22 on the originals and every copy: a jogger carries bent
 *   arms as well as a sprinter). Dropped by all 12 held-out sources: 0.515 → 0.521 over the copies, 0.507 → 0.522
 *   held out. The held-out figure is good to about ±0.01: with the arms zeroed after the share is taken (the share
 *   then slightly above its name) the folds chose less alike and it read 0.504.
 * - With the thighs' parting toward the camera read from their foreshortening (features.ts strideAngle, nothing
 *   fitted): 0.526 over the copies, 0.524 held out, the shipped numbers chosen by 11 of 12 sources.
 */
export const STYLE_WEIGHTS: StyleWeights = Object.freeze({
  running: 0.25,
  trailingShare: TRAILING_SHARE,
  arms: false,
});

/** The rubric's terms under these numbers. */
export function styleTerms(w: StyleWeights): Record<StyleFeature, StyleTerm> {
  const arms = RUBRIC_STYLE_TERMS.armCarriage;
  const stride = w.arms ? RUBRIC_STYLE_TERMS : { ...RUBRIC_STYLE_TERMS, armCarriage: { ...arms, weight: 0 } };
  const terms = withTrailingShare(stride, w.trailingShare);
  return { ...terms, running: { ...terms.running, weight: w.running } };
}

/**
 * The running style as scored and shown: the rubric's terms under STYLE_WEIGHTS. `running` is the pose's running
 * evidence (action.ts: knees bent, feet apart, a foot lifted, elbows bent — the rubric's 1 and 2 are a walk, a
 * shuffle, legs straight and together), neutral at 0.5 where the action calls a stride running; it takes its share of
 * the score's spread (`spreadShare`). The keeper reads none of these numbers (KEEPER_STRIDE_OPTIONS).
 */
export const DEFAULT_STYLE_OPTIONS: StyleOptions = Object.freeze({
  terms: Object.freeze(styleTerms(STYLE_WEIGHTS)),
  handsAboveHeadBonus: 0,
  otherFramesShare: 0.25,
});

/**
 * The stride alone: the terms without the running term, which the keeper weighs on its own (its `running` feature is
 * the same evidence) and would otherwise count twice. The keeper reads the rubric's stride this way
 * (KEEPER_STRIDE_OPTIONS).
 */
export function strideOnly(options: StyleOptions): StyleOptions {
  return { ...options, terms: { ...options.terms, running: { ...options.terms.running, weight: 0 } } };
}

/**
 * The stride the keeper reads: the rubric's, without the running term (the keeper weighs that evidence on its own,
 * its `running` feature). The keeper's weights were set with this stride; read with the style's trailing-leg share
 * instead, the keeper's AUC over the re-saved dev copies stayed within a thousandth (0.8496 → 0.8493) but its
 * ranking within a shoot slipped (held-out-by-shoot playback: pairs agreed 0.875 → 0.866), so the share stays the
 * style's.
 */
export const KEEPER_STRIDE_OPTIONS: StyleOptions = Object.freeze(
  strideOnly({ terms: RUBRIC_STYLE_TERMS, handsAboveHeadBonus: 0 }),
);

export interface RunningStyle {
  /** 0–1; ~0.5 for an ordinary mid-stride. */
  readonly score: number;
  /** 0–1: share of the feature weight that could be measured, times how sure the pose was of the joints used. */
  readonly confidence: number;
  /** Signed share of the score each feature added or took away (they sum to score − 0.5 − bonus, before clamping). */
  readonly contributions: Record<StyleFeature | "handsAboveHead", number>;
  readonly flight: Flight;
  readonly handsAboveHead: boolean;
  /**
   * What the runner's other frames of the burst moved the score by (other-frames.ts); absent when none did. The
   * score is 0.5 + the contributions + this, clamped.
   */
  readonly otherFrames?: number;
}

/** Unseen features leave the score where the seen ones put it, but at most this much extrapolation. */
const MAX_RESCALE = 2.5;
const FLIGHT_VALUE: Record<Exclude<Flight, "unclear">, number> = { yes: 1, no: 0 };

/** Running style of one runner, judged from the legs; null when the runner has no pose or no hip in sight. */
export function runningStyle(
  runner: Runner,
  frame: Frame,
  options: StyleOptions = DEFAULT_STYLE_OPTIONS,
): RunningStyle | null {
  if (!runner.keypoints) return null;
  const skeleton = toSkeleton(runner.keypoints, frame);
  const body = measureBody(skeleton);
  if (!body) return null;
  const direction = facing(skeleton);
  const flight = flightInFrame(flightPhase(body), runner.box);
  const ankles = body.legs.filter((l) => l.ankleSeen).length / 2;
  const measures: Record<StyleFeature, Measure | undefined> = {
    kneeDrive: kneeDrive(body, direction),
    strideAngle: strideAngle(body, direction),
    strideOpen: strideOpen(body),
    // "unclear" because an ankle is hidden is not evidence either way: left out, not scored as half-flight.
    flight: flight !== "unclear" ? { value: FLIGHT_VALUE[flight], seen: ankles } : undefined,
    trailingLeg: trailingLeg(body, direction),
    trunkLean: trunkLean(body),
    overstride: overstride(body, direction),
    armCarriage: armCarriage(skeleton),
    running: runningLook(runner, skeleton, frame),
  };
  const hands = handsAboveHead(skeleton);
  return combine(measures, hands, jointCertainty(runner), flight, options);
}

/**
 * The pose's running evidence (action.ts: knees bent, feet apart, a foot lifted, elbows bent), over the cues the pose
 * lets us measure: the action reads a hidden foot as feet together and a hidden arm as a hanging one, which in a
 * stride would move the score where an unseen joint should only lower the confidence. The bib plays no part here.
 */
function runningLook(runner: Runner, skeleton: Skeleton, frame: Frame): Measure | undefined {
  const cues = runner.keypoints ? actionCues(runner.keypoints, frame, DEFAULT_ACTION_OPTIONS) : null;
  if (!cues) return undefined;
  const bothFeet = skeleton.left_ankle !== undefined && skeleton.right_ankle !== undefined;
  const arm = (["left", "right"] as const).some(
    (side) => skeleton[`${side}_shoulder`] && skeleton[`${side}_elbow`] && skeleton[`${side}_wrist`],
  );
  const measured: ActionCue[] = [
    "kneeBend",
    ...(bothFeet ? (["feetApart", "footLifted"] as const) : []),
    ...(arm ? (["elbowBend"] as const) : []),
  ];
  const weight = cueWeight(DEFAULT_ACTION_OPTIONS, measured);
  return {
    value: poseEvidence(cues, DEFAULT_ACTION_OPTIONS, measured) / weight,
    seen: weight / cueWeight(DEFAULT_ACTION_OPTIONS),
  };
}

/**
 * Both feet off the ground needs both feet in the picture: on a runner whose box reaches the bottom edge the pose
 * places cut-off feet at the edge, above their real ground line, where they read as airborne (dev: 8 of the 12
 * "yes" calls, each on a frame the photographer marked "unclear", legs cut). A grounded foot still says "no".
 */
function flightInFrame(flight: Flight, box: Runner["box"]): Flight {
  return flight === "yes" && reachesBottom(box) ? "unclear" : flight;
}

function combine(
  measures: Record<StyleFeature, Measure | undefined>,
  hands: boolean,
  certainty: number,
  flight: Flight,
  options: StyleOptions,
): RunningStyle {
  let total = 0;
  let seen = 0;
  const raw: Partial<Record<StyleFeature, number>> = {};
  for (const f of STYLE_FEATURES) {
    const { weight, neutral } = options.terms[f];
    total += Math.abs(weight);
    const m = measures[f];
    if (!m) continue;
    seen += Math.abs(weight) * m.seen;
    raw[f] = weight * (m.value - neutral);
  }
  const rescale = seen > 0 ? Math.min(MAX_RESCALE, total / seen) * spreadShare(options, total) : 0;
  const contributions = Object.fromEntries(STYLE_FEATURES.map((f) => [f, (raw[f] ?? 0) * rescale])) as Record<
    StyleFeature | "handsAboveHead",
    number
  >;
  contributions.handsAboveHead = hands ? options.handsAboveHeadBonus : 0;
  const sum = Object.values(contributions).reduce((a, b) => a + b, 0);
  const confidence = total > 0 ? (seen / total) * certainty : 0;
  return {
    score: clamp01(0.5 + sum),
    confidence: clamp01(confidence),
    contributions,
    flight,
    handsAboveHead: hands,
  };
}

/**
 * The stride's share of the terms' weight (`total`, every term's). The running term takes its part of the score's
 * spread instead of widening it: the style keeps the scale the stride's measures alone gave it, so the keyword levels
 * (0.7 / 0.55 / 0.4) keep their meaning (widened by the running term at 0.5, a quarter of the full-body dev photos
 * read "excellent" instead of a tenth). With the trailing leg's measured share (the stride's total weight kept) and
 * no arms 26 of 85 read "excellent", 22 "good", 19 "ordinary", 18 "poor", and the levels rank the photographer's form
 * ratings in order: 3.31, 3.09, 2.74, 2.56 (the rubric's weights: 17 / 23 / 18 / 27, 3.47, 3.04, 2.83, 2.67). 1 for
 * the stride alone.
 */
function spreadShare(options: StyleOptions, total: number): number {
  const running = Math.abs(options.terms.running.weight);
  return total > running ? (total - running) / total : 1;
}

/** Mean confidence of the leg joints the pose reported (hidden joints count as 0): a guessed leg is a weak leg. */
function jointCertainty(runner: Runner): number {
  const k = runner.keypoints!;
  const legs = [k.left_hip, k.right_hip, k.left_knee, k.right_knee, k.left_ankle, k.right_ankle];
  const mean = legs.reduce((a, j) => a + j[2], 0) / legs.length;
  // MoveNet rarely exceeds 0.7 even on a clear leg: 0.6 and up counts as certain.
  return clamp01(mean / 0.6);
}
