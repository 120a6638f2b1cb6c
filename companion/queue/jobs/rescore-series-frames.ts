/**
 * The work of a series re-score: the frames of a stretch of a folder in file order, scored together with the frames
 * around them as the score step scores one untimed frame (its neighbours in file order), the bursts that have a
 * frame in the stretch taken whole, and each finished untimed frame of them brought up to date
 * (rescore-burst-frames.ts).
 */
import { DEFAULT_BURST_OPTIONS } from "../../../core/domain/bursts.ts";
import { fileOrder } from "../../store/photos.ts";
import type { JobContext } from "../catalogue.ts";
import { analyzed, SERIES_REACH, scoreTogether } from "../steps/score-step.ts";
import type { StepContext } from "../steps/step.ts";
import {
  bringUpToDate,
  MAX_WIDENINGS,
  regionStep,
  type RegionOutcome,
  type ScoredFrame,
} from "./rescore-burst-frames.ts";
import type { RescoreSeriesPayload } from "./rescore-series.ts";

/** A series links a frame to the next this many frames in file order (bursts/clusters.ts). */
const LINK_REACH = DEFAULT_BURST_OPTIONS.series.window;

interface PlacedFrame extends ScoredFrame {
  /** Place in the folder's file order. */
  readonly place: number;
}

export async function rescoreSeriesRegion(
  region: RescoreSeriesPayload,
  ctx: JobContext,
): Promise<RegionOutcome> {
  const step = regionStep(region.folder, ctx);
  return bringUpToDate(await framesOfSeries(region, step), step);
}

/** The frames of every burst with a frame in the region, scored together with all their neighbours in file order. */
async function framesOfSeries(region: RescoreSeriesPayload, ctx: StepContext): Promise<PlacedFrame[]> {
  const order = ctx.store.photos.analyzedInFileOrder(region.folder);
  const inRegion = (path: string) =>
    fileOrder(path, region.fromPath) >= 0 && fileOrder(path, region.toPath) <= 0;
  const asked = order.flatMap((p, place) => (inRegion(p.path) ? [place] : []));
  if (asked.length === 0) return [];
  let lo = Math.max(0, asked[0]! - SERIES_REACH);
  let hi = Math.min(order.length - 1, asked[asked.length - 1]! + SERIES_REACH);
  for (let widened = 0; ; widened++) {
    const scored = await scoredStretch(order.slice(lo, hi + 1), lo, ctx);
    const touched = new Set(scored.filter((f) => inRegion(f.photo.path)).map((f) => f.score.burst.id));
    // Timed frames are the burst re-score's (rescore-burst.ts): it scores them with their neighbours in time.
    const frames = scored.filter((f) => touched.has(f.score.burst.id) && f.photo.captureMs === null);
    // A series may go on past an end of the loaded stretch when one of its frames is within a link of that end.
    const before = lo > 0 && frames.some((f) => f.place - lo < LINK_REACH);
    const after = hi < order.length - 1 && frames.some((f) => hi - f.place < LINK_REACH);
    if ((!before && !after) || widened >= MAX_WIDENINGS) return frames;
    if (before) lo = Math.max(0, lo - SERIES_REACH);
    if (after) hi = Math.min(order.length - 1, hi + SERIES_REACH);
  }
}

async function scoredStretch(
  places: readonly { id: number }[],
  first: number,
  ctx: StepContext,
): Promise<PlacedFrame[]> {
  const loaded = places.flatMap((p, k) => {
    const photo = ctx.store.photos.get(p.id);
    return photo && analyzed(photo) ? [{ photo, place: first + k }] : [];
  });
  if (loaded.length === 0) return [];
  // Linked with the frames around them in file order, as each was when scored alone (score-step.ts).
  const scores = await scoreTogether(
    loaded.map((l) => l.photo),
    ctx,
  );
  return loaded.map((l, i) => ({ ...l, score: scores[i]! }));
}
