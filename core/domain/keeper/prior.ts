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
 * - style 2: the stride is why one frame of a burst beats another, but an ordinary stride is still delivered.
 * - legsSeen 1, uncut 1: legs cut by the frame are rated 1 by photographers, though tight portraits still sell.
 * - burstRank 1, faceSeen 0.5, unoccluded 0.5, expression 0.5: secondary.
 * - exposure 0.25: clipped highlights on a runner are mostly a white singlet in sun, which photographers deliver
 *   (first set at 1; lowered after the dev photos showed 6 keepers and no reject among the clipped frames).
 * - bias: a typical frame (ordinary stride, in focus, eyes open, runner at ~40 % of the height, best of its burst)
 *   lands at logit ≈ 1.5, keeper ≈ 0.82 — the share of running frames a race photographer delivers (dev: 81/94).
 */
const PRIOR: Readonly<Record<KeeperFeature, number>> = {
  runnerFound: 3,
  style: 2,
  legsSeen: 1,
  focus: 3,
  steadiness: 2,
  exposure: 0.25,
  eyesOpen: 2,
  faceSeen: 0.5,
  size: 2.5,
  uncut: 1,
  unoccluded: 0.5,
  expression: 0.5,
  burstRank: 1,
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
};
const TYPICAL_LOGIT = 1.5;

export const PRIOR_KEEPER_WEIGHTS: KeeperWeights = Object.freeze({
  features: KEEPER_FEATURES,
  weights: KEEPER_FEATURES.map((f) => PRIOR[f]),
  bias: TYPICAL_LOGIT - KEEPER_FEATURES.reduce((s, f) => s + PRIOR[f] * TYPICAL_FRAME[f], 0),
});

/** The TypeScript reference of the head: what the ONNX head must compute, for tests and for runs without onnxruntime. */
export function keeperReference(w: KeeperWeights, features: readonly number[]): number {
  const logit = w.weights.reduce((s, wi, i) => s + wi * (features[i] ?? 0), w.bias);
  return 1 / (1 + Math.exp(-logit));
}
