/**
 * One retraining of the learned heads from the store's feedback: snapshot the labels, train, write every candidate
 * as a version with its card, and activate a candidate only when the promotion rule says it beats the active head.
 */
import {
  makeSnapshot,
  snapshotHash,
  DEFAULT_TRAINING_PARAMS,
  type TrainingParams,
  type TrainingSnapshot,
} from "../../core/domain/learning/training-snapshot.ts";
import { train, type HeadOutcome, type TrainingOutcome } from "../../core/domain/learning/training.ts";
import { KEEPER_HEAD_ID } from "../../core/models/keeper-head.ts";
import {
  buildCropAdjuster,
  buildStyleHead,
  buildTrainedKeeper,
  CROP_ADJUSTER_ID,
  PRIOR_VERSION,
  STYLE_HEAD_ID,
  TrainedHeadCard,
  type BuiltHead,
  type LearnedHead,
} from "../../core/models/trained-heads.ts";
import type { Store } from "../store/store.ts";
import { loadActive, styleOptionsOf, type ActiveVersions } from "./active-heads.ts";
import type { HeadFiles } from "./head-files.ts";
import { labelledPhotos } from "./labelled-photos.ts";

export interface RetrainOptions {
  readonly seed: number;
  readonly params?: TrainingParams;
  /** Fewer labelled photos than this: nothing is trained. */
  readonly minLabels?: number;
  readonly now?: Date;
}

export interface HeadResult {
  readonly head: LearnedHead;
  readonly version: string | null;
  readonly promoted: boolean;
  readonly reason: string;
  readonly heldOut: number;
  readonly activeHeldOut: number;
}

export interface RetrainResult {
  readonly snapshotHash: string | null;
  readonly labelled: number;
  readonly heads: readonly HeadResult[];
}

/** Builds each head's ONNX from a training outcome: the same outcome always gives the same bytes. */
export function buildHeads(outcome: TrainingOutcome): Record<LearnedHead, BuiltHead> {
  return {
    [KEEPER_HEAD_ID]: buildTrainedKeeper(outcome.keeper.candidate),
    [STYLE_HEAD_ID]: buildStyleHead(outcome.style.candidate),
    [CROP_ADJUSTER_ID]: buildCropAdjuster(outcome.crop.candidate),
  };
}

export function retrain(store: Store, files: HeadFiles, options: RetrainOptions): RetrainResult {
  const active = loadActive(store, files);
  const photos = labelledPhotos(store, styleOptionsOf(active.heads.style));
  if (photos.length < (options.minLabels ?? 1))
    return { snapshotHash: null, labelled: photos.length, heads: [] };
  const snapshot = makeSnapshot(photos, options.seed, options.params ?? DEFAULT_TRAINING_PARAMS);
  const hash = snapshotHash(snapshot);
  const outcome = train(snapshot, active.heads);
  files.writeSnapshot(hash, snapshot);
  const built = buildHeads(outcome);
  const outcomes: Record<LearnedHead, HeadOutcome<unknown>> = {
    [KEEPER_HEAD_ID]: outcome.keeper,
    [STYLE_HEAD_ID]: outcome.style,
    [CROP_ADJUSTER_ID]: outcome.crop,
  };
  const context = {
    store,
    files,
    snapshot,
    hash,
    outcome,
    active,
    date: (options.now ?? new Date()).toISOString(),
  };
  const heads = (Object.keys(outcomes) as LearnedHead[]).map((head) =>
    record(context, head, outcomes[head], built[head]),
  );
  return { snapshotHash: hash, labelled: photos.length, heads };
}

interface Context {
  readonly store: Store;
  readonly files: HeadFiles;
  readonly snapshot: TrainingSnapshot;
  readonly hash: string;
  readonly outcome: TrainingOutcome;
  readonly active: ActiveVersions;
  readonly date: string;
}

/** Writes the candidate as a version; activates it only on a promotion verdict. A head with no labels is left alone. */
function record(ctx: Context, head: LearnedHead, o: HeadOutcome<unknown>, built: BuiltHead): HeadResult {
  const base = { head, heldOut: o.metrics.heldOut, activeHeldOut: o.metrics.activeHeldOut };
  if (o.metrics.trainItems === 0)
    return { ...base, version: null, promoted: false, reason: "no labels for this head yet" };
  const known = ctx.store.models
    .list()
    .filter((m) => m.model === head)
    .map((m) => m.version);
  const version = ctx.files.nextVersion(head, known);
  const card = TrainedHeadCard.parse({
    schemaVersion: 1,
    id: head,
    version,
    date: ctx.date,
    origin: "fitted",
    parameters: built.parameters,
    metrics: o.metrics,
    verdict: { promote: o.verdict.promote, reason: o.verdict.reason },
    comparedWith: ctx.active.versions[head],
    data: ctx.outcome.counts,
    training: { seed: ctx.snapshot.seed, snapshotHash: ctx.hash, params: ctx.snapshot.params },
    inputs: built.inputs,
    outputs: built.outputs,
    sha256: built.sha256,
  });
  ctx.files.write(card, built.bytes);
  if (o.verdict.promote) activate(ctx.store, head, version, built.sha256);
  return { ...base, version, promoted: o.verdict.promote, reason: o.verdict.reason };
}

/** Makes a version active; the prior is recorded first so there is always a version to roll back to. */
export function activate(store: Store, head: LearnedHead, version: string, sha256: string | null): void {
  if (!store.models.list().some((m) => m.model === head))
    store.models.activate(head, PRIOR_VERSION, { prior: true });
  store.models.activate(head, version, { sha256 });
}
