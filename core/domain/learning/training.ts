/**
 * One training run over a snapshot: split by burst, fit each head on the training side, judge candidate and active
 * head on the held-out side, and say for each head whether the candidate may replace the active one.
 */
import type { CropAdjustment } from "../crop/features.ts";
import type { KeeperWeights } from "../keeper/prior.ts";
import { cropAgreement, trainCropAdjustment } from "./crop-trainer.ts";
import { cropExamples, keeperPairs, stylePairs, type LabelledPhoto } from "./examples.ts";
import { fitKeeperHead } from "./keeper-selection.ts";
import { keeperLogit } from "./keeper-trainer.ts";
import type { PairRows } from "./logistic.ts";
import { mean, pairwiseAgreement, spearman } from "./metrics.ts";
import { decidePromotion, type Verdict } from "./promotion.ts";
import type { TrainingSnapshot } from "./training-snapshot.ts";
import { splitByBurst } from "./split.ts";
import { styleScore, trainStyle, type StyleMultipliers } from "./style-trainer.ts";

export interface ActiveHeads {
  readonly keeper: KeeperWeights;
  readonly style: StyleMultipliers;
  readonly crop: CropAdjustment;
}

export interface HeadMetrics {
  /** Pairwise accuracy (keeper, style) or mean IoU (crop) on the held-out side. */
  readonly heldOut: number;
  /** The active head on the same held-out items. */
  readonly activeHeldOut: number;
  /** Spearman of the head's score with the photographer's level on held-out photos (keeper only). */
  readonly spearman?: number;
  /** The keeper's pull toward the prior, chosen on the training side (null: the prior itself won; keeper only). */
  readonly pull?: number | null;
  readonly trainItems: number;
  readonly heldOutItems: number;
}

export interface HeadOutcome<T> {
  readonly candidate: T;
  readonly metrics: HeadMetrics;
  readonly verdict: Verdict;
}

export interface TrainingOutcome {
  readonly keeper: HeadOutcome<KeeperWeights>;
  readonly style: HeadOutcome<StyleMultipliers>;
  readonly crop: HeadOutcome<CropAdjustment>;
  readonly counts: { readonly photos: number; readonly train: number; readonly heldOut: number };
}

export function train(snapshot: TrainingSnapshot, active: ActiveHeads): TrainingOutcome {
  const { seed, params } = snapshot;
  const photos = snapshot.photos as LabelledPhoto[];
  const split = splitByBurst(photos, seed, params.heldOutShare);
  const learn = { seed, pairsPerPhoto: params.pairsPerPhoto };
  const judge = { seed, pairsPerPhoto: params.heldOutPairsPerPhoto };
  return {
    keeper: keeperOutcome(split.train, split.heldOut, active.keeper, snapshot, learn, judge),
    style: styleOutcome(split.train, split.heldOut, active.style, snapshot, learn, judge),
    crop: cropOutcome(split.train, split.heldOut, active.crop, snapshot),
    counts: { photos: photos.length, train: split.train.length, heldOut: split.heldOut.length },
  };
}

type Options = { seed: number; pairsPerPhoto: number };

const photosOf = (pairs: readonly PairRows[]) => pairs.map((p) => p.ids ?? []);

function keeperOutcome(
  train: LabelledPhoto[],
  heldOut: LabelledPhoto[],
  active: KeeperWeights,
  s: TrainingSnapshot,
  learn: Options,
  judge: Options,
): HeadOutcome<KeeperWeights> {
  const { head: candidate, pull } = fitKeeperHead(train, s.params, learn);
  const pairs = keeperPairs(heldOut, judge);
  const mine = pairwiseAgreement(keeperLogit(candidate), pairs);
  const theirs = pairwiseAgreement(keeperLogit(active), pairs);
  const rated = heldOut.filter((p) => p.keeperRow && p.level !== null);
  const rho = spearman(
    rated.map((p) => keeperLogit(candidate)(p.keeperRow!)),
    rated.map((p) => p.level!),
  );
  return {
    candidate,
    metrics: {
      heldOut: mine.accuracy,
      activeHeldOut: theirs.accuracy,
      spearman: rho,
      pull,
      trainItems: keeperPairs(train, learn).length,
      heldOutItems: pairs.length,
    },
    verdict: decidePromotion(mine.agreed, theirs.agreed, s.params.promotion, photosOf(pairs)),
  };
}

function styleOutcome(
  train: LabelledPhoto[],
  heldOut: LabelledPhoto[],
  active: StyleMultipliers,
  s: TrainingSnapshot,
  learn: Options,
  judge: Options,
): HeadOutcome<StyleMultipliers> {
  const candidate = trainStyle(train, s.params.style, learn);
  const pairs = stylePairs(heldOut, judge);
  const mine = pairwiseAgreement(styleScore(candidate), pairs);
  const theirs = pairwiseAgreement(styleScore(active), pairs);
  return {
    candidate,
    metrics: {
      heldOut: mine.accuracy,
      activeHeldOut: theirs.accuracy,
      trainItems: stylePairs(train, learn).length,
      heldOutItems: pairs.length,
    },
    verdict: decidePromotion(mine.agreed, theirs.agreed, s.params.promotion, photosOf(pairs)),
  };
}

function cropOutcome(
  train: LabelledPhoto[],
  heldOut: LabelledPhoto[],
  active: CropAdjustment,
  s: TrainingSnapshot,
): HeadOutcome<CropAdjustment> {
  const candidate = trainCropAdjustment(cropExamples(train), s.params.crop);
  const examples = cropExamples(heldOut);
  const mine = cropAgreement(examples, candidate);
  const theirs = cropAgreement(examples, active);
  // Crops are few next to pairs: a quarter of the pairs' minimum is enough to judge a mean IoU.
  const rule = {
    ...s.params.promotion,
    margin: 0.01,
    minHeldOut: Math.ceil(s.params.promotion.minHeldOut / 4),
  };
  return {
    candidate,
    metrics: {
      heldOut: mean(mine),
      activeHeldOut: mean(theirs),
      trainItems: cropExamples(train).length,
      heldOutItems: examples.length,
    },
    verdict: decidePromotion(mine, theirs, rule),
  };
}
