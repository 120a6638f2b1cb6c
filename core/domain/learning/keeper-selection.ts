/**
 * How far the keeper head may move from the prior, decided by the photographer's own labels — and only by the ones
 * it trains on. The fit is a residual on the prior (logistic.ts: an L2 pull toward the prior's weights is a penalty
 * on the change from them), and a fixed pull is a guess: on the dev photographer's real labels (131 photos, 36
 * rejects) the fixed pull 2 gave a head below the prior on held-out bursts (keeper AUC 0.81 against 0.85), while a
 * simulated photographer with a strong taste needs a weak pull to show it.
 *
 * So each candidate pull, and the prior itself, is judged by cross-validation over whole bursts of the training
 * labels (frames of a burst never straddle a fold, as in the outer split): every fold's photos are scored by a head
 * fitted on the other folds, and the candidates are compared on the pairs the photographer ordered within a shoot.
 * A pull wins only when it beats the prior there beyond chance, so with labels that cannot show a better head the
 * trainer returns the prior itself.
 */
import { KEEPER_FEATURES } from "../keeper/features.ts";
import { PRIOR_KEEPER_WEIGHTS, type KeeperWeights } from "../keeper/prior.ts";
import { keeperPairs, type LabelledPhoto, type PairOptions } from "./examples.ts";
import { keeperLogit, trainKeeper } from "./keeper-trainer.ts";
import type { LogisticParams } from "./logistic.ts";
import { mean } from "./metrics.ts";
import { gainZ } from "./promotion.ts";
import { hashString, seededRandom, shuffled } from "./random.ts";
import type { TrainingParams } from "./training-snapshot.ts";

export interface KeeperSelection {
  /** Candidate pulls toward the prior (LogisticParams.l2), strongest first; the prior itself is always a candidate. */
  readonly pulls: readonly number[];
  /** Folds of the inner cross-validation (by burst). */
  readonly folds: number;
  /**
   * At most this many photos (whole bursts, chosen by the seed) take part in the choice: 5 × the pulls fits over
   * ten thousand labels would take minutes; a thousand photos are plenty to tell the pulls apart, and a pull
   * chosen on fewer labels is, if anything, too strong for the full set.
   */
  readonly maxPhotos: number;
  /**
   * One-sided z a pull's cross-validated gain over the prior must reach. Milder than the promotion rule's 3.09: this
   * only keeps the trainer from moving on noise; the promotion rule still judges the head on labels it never saw.
   */
  readonly minZ: number;
}

/** Pulls from 300 (nearly the prior) to 1 (half the old fixed pull): two decades, about one half-decade apart. */
export const DEFAULT_KEEPER_SELECTION: KeeperSelection = Object.freeze({
  pulls: Object.freeze([300, 100, 30, 10, 3, 1]),
  folds: 5,
  maxPhotos: 1000,
  minZ: 1.645,
});

export interface SelectedKeeper {
  readonly head: KeeperWeights;
  /** The chosen pull, or null when the prior itself won. */
  readonly pull: number | null;
  /** Cross-validated pair agreement per candidate: the prior first, then `pulls` in order. */
  readonly scores: readonly number[];
}

/** A burst's fold: from its name and the seed only, so adding labels elsewhere does not reshuffle it. */
const foldOf = (burst: string, seed: number, folds: number) => hashString(`fold|${seed}|${burst}`) % folds;

/** Whole bursts in a seeded order up to `max` photos (all of them when there are fewer). */
function selectionPhotos(photos: readonly LabelledPhoto[], seed: number, max: number): LabelledPhoto[] {
  if (photos.length <= max) return [...photos];
  const bursts = new Map<string, LabelledPhoto[]>();
  for (const p of photos) bursts.set(p.burst, [...(bursts.get(p.burst) ?? []), p]);
  const chosen: LabelledPhoto[] = [];
  for (const b of shuffled([...bursts.keys()].sort(), seededRandom(hashString(`subset|${seed}`)))) {
    if (chosen.length >= max) break;
    chosen.push(...bursts.get(b)!);
  }
  return chosen;
}

/** Per inner pair (within a shoot): 1 the out-of-fold scores order it as the photographer did, 0.5 tie, 0 not. */
interface Judged {
  readonly agreed: readonly number[];
  readonly photos: readonly (readonly string[])[];
}

/** Each photo scored by the candidate fitted without its fold, judged on the photographer's pairs. */
function crossValidated(
  photos: readonly LabelledPhoto[],
  fitFold: (train: LabelledPhoto[]) => KeeperWeights,
  selection: KeeperSelection,
  pairs: PairOptions,
): Judged {
  const score = new Map<string, number>();
  for (let f = 0; f < selection.folds; f++) {
    const inFold = (p: LabelledPhoto) => foldOf(p.burst, pairs.seed, selection.folds) === f;
    const held = photos.filter((p) => inFold(p) && p.keeperRow);
    if (held.length === 0) continue;
    const logit = keeperLogit(fitFold(photos.filter((p) => !inFold(p))));
    for (const p of held) score.set(p.id, logit(p.keeperRow!));
  }
  const judged = keeperPairs(photos, pairs).filter((p) => p.ids);
  return {
    agreed: judged.map((p) => {
      const d = score.get(p.ids![0])! - score.get(p.ids![1])!;
      return d > 1e-12 ? 1 : d < -1e-12 ? 0 : 0.5;
    }),
    photos: judged.map((p) => p.ids!),
  };
}

/**
 * The keeper head at the pull the training labels' own cross-validation prefers, or the prior: a pull must beat the
 * prior's cross-validated agreement beyond chance (z over pairs that share photos, as the promotion rule counts
 * it), else the best of seven noisy figures would move the head on random labels.
 */
export function trainKeeperSelected(
  photos: readonly LabelledPhoto[],
  params: LogisticParams,
  selection: KeeperSelection,
  pairs: PairOptions,
  prior: KeeperWeights = PRIOR_KEEPER_WEIGHTS,
): SelectedKeeper {
  const inner = selectionPhotos(photos, pairs.seed, selection.maxPhotos);
  const fitAt = (pull: number) => (train: readonly LabelledPhoto[]) =>
    trainKeeper(train, { ...params, l2: pull }, pairs, prior);
  const base = crossValidated(inner, () => prior, selection, pairs);
  const judged = selection.pulls.map((pull) => crossValidated(inner, fitAt(pull), selection, pairs));
  const scores = [base, ...judged].map((j) => mean(j.agreed));
  let best = 0;
  judged.forEach((j, i) => {
    const clear = gainZ(j.agreed, base.agreed, base.photos) >= selection.minZ;
    if (clear && scores[i + 1]! > scores[best]! + 1e-12) best = i + 1;
  });
  if (best === 0) return { head: { ...prior, features: KEEPER_FEATURES }, pull: null, scores };
  const pull = selection.pulls[best - 1]!;
  return { head: fitAt(pull)(photos), pull, scores };
}

/**
 * The keeper head a training run produces, and the pull it was fitted at (null: the prior itself won): the chosen
 * pull when the parameters ask for a choice, else the fixed `keeper.l2` (snapshots recorded before the choice).
 */
export function fitKeeperHead(
  photos: readonly LabelledPhoto[],
  params: Pick<TrainingParams, "keeper" | "keeperSelection">,
  pairs: PairOptions,
  prior: KeeperWeights = PRIOR_KEEPER_WEIGHTS,
): { readonly head: KeeperWeights; readonly pull: number | null } {
  if (params.keeperSelection)
    return trainKeeperSelected(photos, params.keeper, params.keeperSelection, pairs, prior);
  return { head: trainKeeper(photos, params.keeper, pairs, prior), pull: params.keeper.l2 };
}
