/**
 * The learning curve: agreement with the photographer on held-out pairs against the number of photos they
 * labelled. 0 labels = the prior head.
 */
import { PRIOR_KEEPER_WEIGHTS } from "../keeper/prior.ts";
import { keeperPairs, type LabelledPhoto } from "./examples.ts";
import { fitKeeperHead } from "./keeper-selection.ts";
import { keeperLogit } from "./keeper-trainer.ts";
import { pairwiseAgreement } from "./metrics.ts";
import { seededRandom, shuffled } from "./random.ts";
import type { TrainingParams } from "./training-snapshot.ts";
import { splitByBurst } from "./split.ts";

export interface CurvePoint {
  readonly labels: number;
  readonly agreement: number;
  readonly heldOutPairs: number;
}

/** Photos are labelled burst by burst in a seeded random order (a photographer culls a shoot a burst at a time). */
function labellingOrder(photos: readonly LabelledPhoto[], seed: number): LabelledPhoto[] {
  const bursts = new Map<string, LabelledPhoto[]>();
  for (const p of photos) bursts.set(p.burst, [...(bursts.get(p.burst) ?? []), p]);
  const order = shuffled([...bursts.keys()].sort(), seededRandom(seed));
  return order.flatMap((b) => bursts.get(b)!);
}

export function learningCurve(
  photos: readonly LabelledPhoto[],
  sizes: readonly number[],
  seed: number,
  params: TrainingParams,
): CurvePoint[] {
  const split = splitByBurst(photos, seed, params.heldOutShare);
  const pairs = keeperPairs(split.heldOut, { seed, pairsPerPhoto: params.heldOutPairsPerPhoto });
  const order = labellingOrder(split.train, seed);
  const learn = { seed, pairsPerPhoto: params.pairsPerPhoto };
  return [0, ...sizes].map((n) => {
    const weights = n === 0 ? PRIOR_KEEPER_WEIGHTS : fitKeeperHead(order.slice(0, n), params, learn).head;
    return {
      labels: n,
      agreement: pairwiseAgreement(keeperLogit(weights), pairs).accuracy,
      heldOutPairs: pairs.length,
    };
  });
}
