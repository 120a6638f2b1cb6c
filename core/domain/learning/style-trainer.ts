/**
 * The running-style head: a reweighting of the style features' contributions. The style score is
 * 0.5 + Σ contribution (core/domain/style/running-style.ts); the learned head multiplies each feature's
 * contribution, so a photographer who values flight more than knee drive gets a style score that says so, and the
 * result is again a StyleOptions (weights × multipliers) the scorer already understands.
 */
import {
  STYLE_FEATURES,
  type RunningStyle,
  type StyleFeature,
  type StyleOptions,
} from "../style/running-style.ts";
import { stylePairs, stylePoints, type LabelledPhoto, type PairOptions } from "./examples.ts";
import { dot } from "./linalg.ts";
import { fitLogistic, type LogisticParams } from "./logistic.ts";

export const STYLE_HEAD_INPUTS = [...STYLE_FEATURES, "handsAboveHead"] as const;
export type StyleHeadInput = (typeof STYLE_HEAD_INPUTS)[number];

/**
 * Contributions are a few tenths at most: as logits they would say "no idea". Scaled by 10, a contribution of 0.1
 * is a logit of 1 — the prior head is 10 × (score − 0.5), a confident but not certain judge.
 */
export const STYLE_LOGIT_SCALE = 10;

export type StyleMultipliers = Readonly<Record<StyleHeadInput, number>>;

export const UNIT_MULTIPLIERS: StyleMultipliers = Object.freeze(
  Object.fromEntries(STYLE_HEAD_INPUTS.map((f) => [f, 1])) as Record<StyleHeadInput, number>,
);

export function styleRowOf(style: RunningStyle): number[] {
  return STYLE_HEAD_INPUTS.map((f) => style.contributions[f] ?? 0);
}

export function trainStyle(
  photos: readonly LabelledPhoto[],
  params: LogisticParams,
  pairs: PairOptions,
): StyleMultipliers {
  const prior = { weights: STYLE_HEAD_INPUTS.map(() => STYLE_LOGIT_SCALE), bias: 0 };
  const fitted = fitLogistic(stylePairs(photos, pairs), stylePoints(photos), prior, params);
  return Object.fromEntries(
    STYLE_HEAD_INPUTS.map((f, i) => [f, fitted.weights[i]! / STYLE_LOGIT_SCALE]),
  ) as Record<StyleHeadInput, number>;
}

/** The style score a reweighted head gives (before clamping): what ranks strides. */
export const styleScore =
  (m: StyleMultipliers) =>
  (row: readonly number[]): number =>
    0.5 +
    dot(
      STYLE_HEAD_INPUTS.map((f) => m[f]),
      row,
    );

/** The scorer's options with each feature's weight multiplied; the hands-above-head bonus likewise. */
export function reweightedStyleOptions(base: StyleOptions, m: StyleMultipliers): StyleOptions {
  const terms = Object.fromEntries(
    STYLE_FEATURES.map((f: StyleFeature) => [f, { ...base.terms[f], weight: base.terms[f].weight * m[f] }]),
  ) as unknown as StyleOptions["terms"];
  return { ...base, terms, handsAboveHeadBonus: base.handsAboveHeadBonus * m.handsAboveHead };
}
