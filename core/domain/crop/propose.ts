/**
 * Crop proposals for one photo: for every aspect the photographer delivers, the crop that frames the prominent
 * runner the way the prior says, moved only as far as the composition rules require. Pure.
 *
 * No runner: a single "original" full-frame proposal with score 0 ("no runner found"), so the editors always have
 * something to show and nothing suggests a crop the analysis cannot justify.
 */
import { pixelRatio } from "./aspects.ts";
import { toCameraRaw } from "./camera-raw.ts";
import { type Subject, subjectOf } from "./compose.ts";
import { type CropAdjustment, NO_ADJUSTMENT, adjustedTargets, cropFeatures } from "./features.ts";
import { type PxBox, iou, union } from "./geometry.ts";
import { CROP_PRIOR, type CropPrior } from "./prior.ts";
import { reasonFor } from "./reason.ts";
import { idealCrop, searchCrop } from "./search.ts";
import type { CropBox, CropProposal, CropRecord } from "./types.ts";
import { DEFAULT_ASPECTS } from "./aspects.ts";

/**
 * Long side in pixels below which a proposal is flagged: 1600 px covers the common deliveries (Instagram portrait
 * 1080x1350, a 4x6 in print at ~270 dpi, web galleries at 1600 px) with a little room to spare.
 */
export const DEFAULT_MIN_RESOLUTION = 1600;

/**
 * The crop that keeps the runners together is offered second, below the prominent runner's own crop: on the dev
 * labels the photographer framed the prominent runner alone even beside a close companion (hand-set).
 */
const GROUP_PREFERENCE = 0.9;

/** Penalty that costs a proposal about two thirds of its score (a whole runner cut at the knees, hand-set). */
const SCORE_SOFTNESS = 3;

export interface CropOptions {
  aspects?: readonly string[];
  /** Long side in pixels; proposals below it are flagged. */
  minResolution?: number;
  /** Override the prior's least side margin and head room (fractions of the runner's height). */
  margins?: { side?: number; head?: number };
  prior?: CropPrior;
  /** Learned offset on top of the prior (see features.ts); none by default. */
  adjustment?: CropAdjustment;
}

interface Context {
  record: CropRecord;
  prior: CropPrior;
  adjustment: CropAdjustment;
  minResolution: number;
}

function withMargins(prior: CropPrior, m: CropOptions["margins"]): CropPrior {
  return { ...prior, sideMargin: m?.side ?? prior.sideMargin, headRoom: m?.head ?? prior.headRoom };
}

function normalised(c: PxBox, W: number, H: number): CropBox {
  const u = (v: number, d: number) => Math.min(1, Math.max(0, v / d));
  return [u(c[0], W), u(c[1], H), u(c[2], W), u(c[3], H)];
}

function proposal(
  ctx: Context,
  aspect: string,
  crop: PxBox,
  score: number,
  reason: (px: CropProposal["pixels"], low: boolean) => string,
): CropProposal {
  const { width: W, height: H } = ctx.record;
  const pixels = { width: Math.round(crop[2] - crop[0]), height: Math.round(crop[3] - crop[1]) };
  const low = Math.max(pixels.width, pixels.height) < ctx.minResolution;
  const box = normalised(crop, W, H);
  const crs = toCameraRaw(box, ctx.record.source?.orientation ?? null);
  return { aspect, box, crs, score, reason: reason(pixels, low), belowMinResolution: low, pixels };
}

function proposeFor(ctx: Context, s: Subject, aspect: string, group: number): CropProposal {
  const { width: W, height: H } = ctx.record;
  const ratio = pixelRatio(aspect, W, H);
  const targets = adjustedTargets(cropFeatures(s, ratio, W, H), ctx.prior, ctx.adjustment);
  const found = searchCrop(s, idealCrop(s, ratio, targets, ctx.prior, W, H), ratio, ctx.prior, W, H);
  const score = Math.exp(-found.penalty / SCORE_SOFTNESS);
  return proposal(ctx, aspect, found.crop, score, (pixels, low) =>
    reasonFor({
      aspect,
      subject: s,
      crop: found.crop,
      check: found.check,
      group,
      pixels,
      belowMinResolution: low,
    }),
  );
}

/** The runners that belong together, framed as one subject (the main runner still sets head, joints, direction). */
function groupOf(s: Subject): Subject {
  const box = s.companions.reduce((b, c) => union(b, c), s.box);
  return { ...s, box, others: s.others.filter((o) => !s.companions.includes(o)) };
}

function forAspect(ctx: Context, s: Subject, aspect: string): CropProposal[] {
  const single = proposeFor(ctx, s, aspect, 1);
  if (s.companions.length === 0) return [single];
  const group = proposeFor(ctx, groupOf(s), aspect, 1 + s.companions.length);
  const pxOf = (b: CropBox): PxBox => [b[0], b[1], b[2], b[3]];
  if (iou(pxOf(single.box), pxOf(group.box)) > 0.9) return [single];
  return [single, { ...group, score: Math.min(group.score, single.score * GROUP_PREFERENCE) }];
}

function fullFrame(ctx: Context): CropProposal {
  const { width: W, height: H } = ctx.record;
  return proposal(ctx, "original", [0, 0, W, H], 0, (px, low) =>
    low
      ? `no runner found: full frame kept, only ${Math.max(px.width, px.height)} px long side`
      : "no runner found: full frame kept",
  );
}

export function proposeCrops(record: CropRecord, options: CropOptions = {}): CropProposal[] {
  const prior = withMargins(options.prior ?? CROP_PRIOR, options.margins);
  const ctx: Context = {
    record,
    prior,
    adjustment: options.adjustment ?? NO_ADJUSTMENT,
    minResolution: options.minResolution ?? DEFAULT_MIN_RESOLUTION,
  };
  const subject = subjectOf(record, prior);
  if (subject === null) return [fullFrame(ctx)];
  return (options.aspects ?? DEFAULT_ASPECTS).flatMap((aspect) => forAspect(ctx, subject, aspect));
}
