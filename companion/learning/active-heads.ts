/** Which version of each learned head is active (the store says), and its learned numbers (its card says). */
import { PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { NO_CROP_ADJUSTMENT } from "../../core/domain/learning/crop-trainer.ts";
import {
  reweightedStyleOptions,
  UNIT_MULTIPLIERS,
  type StyleMultipliers,
} from "../../core/domain/learning/style-trainer.ts";
import type { ActiveHeads } from "../../core/domain/learning/training.ts";
import { DEFAULT_STYLE_OPTIONS, type StyleOptions } from "../../core/domain/style/running-style.ts";
import { KEEPER_HEAD_ID } from "../../core/models/keeper-head.ts";
import {
  CROP_ADJUSTER_ID,
  cropAdjustmentOf,
  keeperWeightsOf,
  PRIOR_VERSION,
  STYLE_HEAD_ID,
  styleMultipliersOf,
  type LearnedHead,
  type TrainedHeadCard,
} from "../../core/models/trained-heads.ts";
import type { Store } from "../store/store.ts";
import type { HeadFiles } from "./head-files.ts";

export interface ActiveVersions {
  readonly versions: Readonly<Record<LearnedHead, string>>;
  readonly heads: ActiveHeads;
  /** Cards of the active trained versions (none for a prior). */
  readonly cards: Partial<Record<LearnedHead, TrainedHeadCard>>;
}

export function activeVersion(store: Store, head: LearnedHead): string {
  return store.models.active(head)?.version ?? PRIOR_VERSION;
}

function cardOf(files: HeadFiles, head: LearnedHead, version: string): TrainedHeadCard | null {
  if (version === PRIOR_VERSION) return null;
  const card = files.readCard(head, version);
  if (!card) throw new Error(`${head} ${version} is active but ${files.cardPath(head, version)} is missing`);
  return card;
}

export function loadActive(store: Store, files: HeadFiles): ActiveVersions {
  const versions = {
    [KEEPER_HEAD_ID]: activeVersion(store, KEEPER_HEAD_ID),
    [STYLE_HEAD_ID]: activeVersion(store, STYLE_HEAD_ID),
    [CROP_ADJUSTER_ID]: activeVersion(store, CROP_ADJUSTER_ID),
  } as Record<LearnedHead, string>;
  const keeper = cardOf(files, KEEPER_HEAD_ID, versions[KEEPER_HEAD_ID]);
  const style = cardOf(files, STYLE_HEAD_ID, versions[STYLE_HEAD_ID]);
  const crop = cardOf(files, CROP_ADJUSTER_ID, versions[CROP_ADJUSTER_ID]);
  const heads: ActiveHeads = {
    keeper: keeper ? keeperWeightsOf(keeper.parameters) : PRIOR_KEEPER_WEIGHTS,
    style: style ? styleMultipliersOf(style.parameters) : UNIT_MULTIPLIERS,
    crop: crop ? cropAdjustmentOf(crop.parameters) : NO_CROP_ADJUSTMENT,
  };
  const cards: ActiveVersions["cards"] = {};
  if (keeper) cards[KEEPER_HEAD_ID] = keeper;
  if (style) cards[STYLE_HEAD_ID] = style;
  if (crop) cards[CROP_ADJUSTER_ID] = crop;
  return { versions, heads, cards };
}

export const styleOptionsOf = (m: StyleMultipliers): StyleOptions =>
  reweightedStyleOptions(DEFAULT_STYLE_OPTIONS, m);
