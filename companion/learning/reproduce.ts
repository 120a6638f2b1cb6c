/**
 * `stridelight train --reproduce <head> <version>`: train the recorded snapshot again with its recorded parameters
 * and seed, and compare the result with the stored head byte for byte.
 */
import { snapshotHash } from "../../core/domain/learning/training-snapshot.ts";
import { train, type ActiveHeads } from "../../core/domain/learning/training.ts";
import { PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { NO_CROP_ADJUSTMENT } from "../../core/domain/learning/crop-trainer.ts";
import { UNIT_MULTIPLIERS } from "../../core/domain/learning/style-trainer.ts";
import type { LearnedHead } from "../../core/models/trained-heads.ts";
import type { HeadFiles } from "./head-files.ts";
import { buildHeads } from "./retrain.ts";

export interface Reproduction {
  readonly head: LearnedHead;
  readonly version: string;
  readonly snapshotHash: string;
  readonly expected: string;
  readonly rebuilt: string;
  readonly identical: boolean;
  readonly bytes: Uint8Array;
}

/** The candidate does not depend on the active head (only the verdict does): the priors stand in for it. */
const PRIORS: ActiveHeads = {
  keeper: PRIOR_KEEPER_WEIGHTS,
  style: UNIT_MULTIPLIERS,
  crop: NO_CROP_ADJUSTMENT,
};

export function reproduce(files: HeadFiles, head: LearnedHead, version: string): Reproduction {
  const card = files.readCard(head, version);
  if (!card) throw new Error(`${head} ${version}: no card at ${files.cardPath(head, version)}`);
  const snapshot = files.readSnapshot(card.training.snapshotHash);
  const hash = snapshotHash(snapshot);
  if (hash !== card.training.snapshotHash)
    throw new Error(
      `${files.snapshotPath(card.training.snapshotHash)}: its content hashes to ${hash}, not the card's`,
    );
  const rebuilt = buildHeads(train(snapshot, PRIORS))[head];
  return {
    head,
    version,
    snapshotHash: hash,
    expected: card.sha256,
    rebuilt: rebuilt.sha256,
    identical: rebuilt.sha256 === card.sha256,
    bytes: rebuilt.bytes,
  };
}
