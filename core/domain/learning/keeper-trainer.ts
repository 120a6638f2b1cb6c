/** The keeper ranker: the prior head's logistic, refitted on the photographer's preferences and picks. */
import { KEEPER_FEATURES } from "../keeper/features.ts";
import { PRIOR_KEEPER_WEIGHTS, type KeeperWeights } from "../keeper/prior.ts";
import { keeperPairs, keeperPoints, type LabelledPhoto, type PairOptions } from "./examples.ts";
import { fitLogistic, type LogisticParams } from "./logistic.ts";
import { dot } from "./linalg.ts";

export function trainKeeper(
  photos: readonly LabelledPhoto[],
  params: LogisticParams,
  pairs: PairOptions,
  prior: KeeperWeights = PRIOR_KEEPER_WEIGHTS,
): KeeperWeights {
  const fitted = fitLogistic(keeperPairs(photos, pairs), keeperPoints(photos), prior, params);
  return { features: KEEPER_FEATURES, weights: fitted.weights, bias: fitted.bias };
}

/** The head's logit: ranks exactly as the sigmoid output does. */
export const keeperLogit =
  (w: KeeperWeights) =>
  (row: readonly number[]): number =>
    dot(w.weights, row) + w.bias;
