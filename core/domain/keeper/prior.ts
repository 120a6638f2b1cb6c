import { KEEPER_FEATURES, type KeeperFeature } from "./features.ts";

/** A logistic keeper head: keeper = sigmoid(bias + Σ weight·feature). The format the ONNX head stores. */
export interface KeeperWeights {
  readonly features: readonly KeeperFeature[];
  readonly weights: readonly number[];
  readonly bias: number;
}

/**
 * Prior weights, set by hand from the photographer's rubric (LABELING.md) before looking at any fit; the logit
 * change a feature can make is its weight (features are 0–1).
 *
 * - runnerFound 3: a frame without a runner is not delivered to anyone.
 * - focus 3, steadiness 2: "main runner sharp" is the first thing a photographer checks; soft frames are rejected
 *   whatever the stride.
 * - eyesOpen 2: closed eyes are the most common reason a sharp frame of a good stride is dropped (dev notes).
 * - size 2.5: a runner filling the frame is what sells; runner size alone separates keepers well (dev-eval.py).
 * - style 2 → 0: set first because the stride is why one frame of a burst beats another; but photographers deliver
 *   ordinary strides, and what the keeper needs of the legs the running look (running) and the legs seen already
 *   carry. Chosen leave-one-source-out from 0–2 over the dev photos and three re-saved copies, every source's photos
 *   scored with the weight the others chose: 0 in all 12 folds, keeper AUC 0.864 against 0.860, best-of-burst 12.25
 *   against 12.0, every paired fault as before (`npm run eval:resaves`, companion/eval/keeper-inputs.ts). The style
 *   stays in the record, the keywords and the learner's inputs: a photographer whose keepers follow the stride
 *   teaches the head that weight back.
 * - legsSeen 1: legs hidden or cut are rated 1 by photographers, though tight portraits still sell.
 * - uncut 1 → 2.5: since runner-cut fires only on a full-length shot cut through the shins or a head cut at the
 *   eyes (a tight portrait is framing), it marks frames a photographer rejects (dev bursts: visor or glasses cut).
 * - burstRank 1, faceSeen 0.5, unoccluded 0.5, expression 0.5: secondary.
 * - exposure 0.25 → 1.5: clipped highlights alone are mostly a white singlet in sun, which photographers deliver
 *   (6 dev keepers, no reject), so the clipping part stays mild; a runner flagged under- or overexposed sets the
 *   feature to 0, and a frame two stops under is not delivered.
 * - running 2.5: "is anyone running?" — a spectator, a person posing or a runner with both legs together at
 *   mid-stance is not the frame a race photographer sells (rubric: form 1–2, the bursts' rejects).
 * - headRoom 1.5: a head cut by the top edge is a reject within a burst (dev: visor or glasses cut, all rejects).
 * - subjectFocus 1.5: focus on another runner of the same size is a reject however good the stride.
 * - bias: a typical frame (ordinary stride, in focus, eyes open, runner at ~40 % of the height, best of its burst)
 *   lands at logit ≈ 1.5, keeper ≈ 0.82 — the share of running frames a race photographer delivers (dev: 81/94).
 */
const PRIOR: Readonly<Record<KeeperFeature, number>> = {
  runnerFound: 3,
  style: 0,
  legsSeen: 1,
  focus: 3,
  steadiness: 2,
  exposure: 1.5,
  eyesOpen: 2,
  faceSeen: 0.5,
  size: 2.5,
  uncut: 2.5,
  unoccluded: 0.5,
  expression: 0.5,
  burstRank: 1,
  running: 2.5,
  headRoom: 1.5,
  subjectFocus: 1.5,
};

const TYPICAL_FRAME: Readonly<Record<KeeperFeature, number>> = {
  runnerFound: 1,
  style: 0.5,
  legsSeen: 0.8,
  focus: 0.75,
  steadiness: 1,
  exposure: 1,
  eyesOpen: 1,
  faceSeen: 1,
  size: 0.6,
  uncut: 1,
  unoccluded: 1,
  expression: 0.5,
  burstRank: 1,
  running: 0.6,
  headRoom: 1,
  subjectFocus: 0.8,
};
const TYPICAL_LOGIT = 1.5;

/** A head weighing the features as given, its bias set so that a typical frame lands at TYPICAL_LOGIT. */
function headOf(weights: Readonly<Record<KeeperFeature, number>>): KeeperWeights {
  return Object.freeze({
    features: KEEPER_FEATURES,
    weights: KEEPER_FEATURES.map((f) => weights[f]),
    bias: TYPICAL_LOGIT - KEEPER_FEATURES.reduce((s, f) => s + weights[f] * TYPICAL_FRAME[f], 0),
  });
}

export const PRIOR_KEEPER_WEIGHTS: KeeperWeights = headOf(PRIOR);

/** The prior's weight of one feature. */
export function priorWeight(feature: KeeperFeature): number {
  return PRIOR[feature];
}

/**
 * The prior with one feature's weight changed, a typical frame still at TYPICAL_LOGIT: what that weight is worth
 * (companion/eval/keeper-inputs.ts). Moving the bias with it keeps frames scored with different weights comparable,
 * as a held-out evaluation that pools them needs.
 */
export function priorWith(feature: KeeperFeature, weight: number): KeeperWeights {
  return headOf({ ...PRIOR, [feature]: weight });
}

/** The TypeScript reference of the head: what the ONNX head must compute, for tests and for runs without onnxruntime. */
export function keeperReference(w: KeeperWeights, features: readonly number[]): number {
  const logit = w.weights.reduce((s, wi, i) => s + wi * (features[i] ?? 0), w.bias);
  return 1 / (1 + Math.exp(-logit));
}
