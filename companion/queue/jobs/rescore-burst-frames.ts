/**
 * The work of a burst re-score: score every analyzed frame around the region together (as the score step does for
 * one frame), take the bursts that have a frame in the region, and bring each finished frame of them up to date:
 * its scores in the store, then its XMP when what we would write differs from what we wrote last.
 */
import { DEFAULT_BURST_OPTIONS } from "../../../core/domain/bursts.ts";
import type { ScoreRecord } from "../../../core/domain/score-record.ts";
import type { Photo } from "../../store/photos.ts";
import { burstsReachEdges, framesOfTouchedBursts } from "../bursts/reach.ts";
import type { BurstRegion } from "../bursts/region.ts";
import { withFreshBibs } from "../bursts/bibs-change.ts";
import { withStoredLinks } from "../people/stored-links.ts";
import { burstChanged, verdictChanged } from "../bursts/verdict-change.ts";
import type { JobContext } from "../catalogue.ts";
import { analyzed, NEIGHBOUR_WINDOW_MS, scoreTogether, toPhotoScores } from "../steps/score-step.ts";
import type { StepContext } from "../steps/step.ts";
import { writeXmpStep } from "../steps/write-xmp-step.ts";
import { xmpBehind } from "../steps/xmp-plan.ts";

/**
 * A burst or series longer than the loaded stretch makes it grow (by NEIGHBOUR_WINDOW_MS, or SERIES_REACH frames, a
 * side) at most this often.
 */
export const MAX_WIDENINGS = 8;

interface Frame extends ScoredFrame {
  readonly captureMs: number;
  readonly burstId: string;
}

export interface RegionOutcome {
  readonly frames: number;
  readonly changed: number;
  readonly written: number;
}

export async function rescoreRegion(region: BurstRegion, ctx: JobContext): Promise<RegionOutcome> {
  const step = regionStep(region.folder, ctx);
  return bringUpToDate(await framesOfRegion(region, step), step);
}

export function regionStep(folder: string, ctx: JobContext): StepContext {
  return { ...ctx, folder: ctx.folderConfig(folder), urgent: false };
}

/**
 * Each finished frame re-scored with its whole burst: its scores saved when its verdict changed (or only the bibs
 * carried since), then its XMP when the plan for its scores is not the last one written.
 */
export async function bringUpToDate(
  rescored: readonly ScoredFrame[],
  step: StepContext,
): Promise<RegionOutcome> {
  // A frame still in its own photo job is scored with the rest but left alone: that job scores it and asks again.
  // A frame only analyzed on request (no scores) stays unscored: nobody asked for its verdict or its XMP.
  const frames = rescored.filter((f) => f.photo.status === "done" && f.photo.scores !== null);
  const changed = frames.filter((f) => saveIfChanged(f, step));
  const written: Photo[] = [];
  for (const f of frames) if (await writeIfBehind(f.photo.id, step)) written.push(f.photo);
  for (const p of new Set([...changed.map((f) => f.photo), ...written])) announce(p, step);
  return { frames: frames.length, changed: changed.length, written: written.length };
}

/** A frame and what the re-score says of it. */
export interface ScoredFrame {
  readonly photo: Photo;
  readonly score: ScoreRecord;
}

function saveIfChanged(f: ScoredFrame, ctx: JobContext): boolean {
  // A frame already re-linked keeps the bibs the re-link carried from the whole folder (relink-people).
  const fresh = withStoredLinks(ctx.store, f.photo, toPhotoScores(f.score));
  if (!burstChanged(f.photo.scores, fresh) || !verdictChanged(f.photo.scores, fresh)) {
    // The verdict stays; bibs carried (or letters completed) from frames that arrived since are brought up to date alone.
    const bibs = withFreshBibs(f.photo.scores, fresh);
    if (bibs) ctx.store.photos.saveScores(f.photo.id, bibs);
    return bibs !== null;
  }
  ctx.store.photos.saveScores(f.photo.id, fresh);
  return true;
}

function announce(p: Photo, ctx: JobContext): void {
  ctx.events.emit({ type: "photo", id: p.id, status: p.status, folder: p.folder, path: p.path });
}

/** The frames of every burst touching the region, scored together with all their neighbours. */
async function framesOfRegion(region: BurstRegion, ctx: StepContext): Promise<Frame[]> {
  let lo = region.fromMs - NEIGHBOUR_WINDOW_MS;
  let hi = region.toMs + NEIGHBOUR_WINDOW_MS;
  for (let widened = 0; ; widened++) {
    const frames = framesOfTouchedBursts(
      await scoredBetween(region.folder, lo, hi, ctx),
      region.fromMs,
      region.toMs,
    );
    const reach = burstsReachEdges(frames, lo, hi, DEFAULT_BURST_OPTIONS.maxGapMs);
    if ((!reach.before && !reach.after) || widened >= MAX_WIDENINGS) return frames;
    if (reach.before) lo -= NEIGHBOUR_WINDOW_MS;
    if (reach.after) hi += NEIGHBOUR_WINDOW_MS;
  }
}

async function scoredBetween(folder: string, lo: number, hi: number, ctx: StepContext): Promise<Frame[]> {
  const photos = ctx.store.photos
    .neighbours(folder, (lo + hi) / 2, (hi - lo) / 2)
    .filter((p) => p.captureMs !== null && analyzed(p) !== null);
  if (!photos.length) return [];
  // Linked with the frames around them in file order, as each was when scored alone (score-step.ts).
  const scores = await scoreTogether(photos, ctx);
  return photos.map((photo, i) => ({
    photo,
    captureMs: photo.captureMs!,
    burstId: scores[i]!.burst.id,
    score: scores[i]!,
  }));
}

/** Writes the photo's XMP when the plan for its current scores is not the last one written to its target. */
async function writeIfBehind(photoId: number, ctx: StepContext): Promise<boolean> {
  const photo = ctx.store.photos.get(photoId);
  if (!photo || !xmpBehind(photo, ctx)) return false;
  await writeXmpStep.run(photo, ctx);
  return true;
}
