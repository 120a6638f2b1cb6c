/**
 * Which persons are worth the per-person models (pose, face search, bib reading): decided from the detector's boxes
 * alone, before any of those models runs, so a crowd of distant spectators costs little more than a portrait.
 */
import type { Box, Runner } from "../domain/analysis.ts";
import type { PersonCandidate } from "../domain/persons.ts";
import type { Pose } from "../domain/pose.ts";
import { poseKeepers, sameSkeleton, skeletonFit } from "../domain/people/twins.ts";

/**
 * Measured on the dev set (147 photos, 642 posed persons before this gate): a quarter of the tallest person's
 * height skips 106 poses (17 %) and with them no read bib and no prominent runner; a third would have lost 3 bibs.
 * Conservative on purpose: a companion beside the runner, or a sharper runner a little further back, is far taller.
 */
export const DEFAULT_POSE_MIN_SHARE = 0.25;

/**
 * The persons worth a pose, most likely to matter first (tall and confident); at most `max` of them. Persons
 * shorter than `minShare` of the tallest person's height are left out.
 */
export function personsToPose<T extends PersonCandidate>(
  persons: readonly T[],
  minShare: number,
  max: number,
): T[] {
  const tallest = Math.max(0, ...persons.map(heightOf));
  return tallFirst(persons, minShare * tallest).slice(0, max);
}

/** Persons at least `minHeight` tall (share of the frame height), tallest and surest first. */
export function tallFirst<T extends PersonCandidate>(persons: readonly T[], minHeight: number): T[] {
  const weight = (p: T) => heightOf(p) * Math.sqrt(p.score);
  return persons.filter((p) => heightOf(p) >= minHeight).sort((a, b) => weight(b) - weight(a));
}

/** A person's height as a share of the frame's. */
export function heightOf(p: PersonCandidate): number {
  return p.box[3] - p.box[1];
}

/** The pose model on one person box; `cropPad`: the square crop's side over the box's longer side (else the model's). */
export type PoseOf = (box: Box, cropPad?: number) => Promise<Pose>;

export interface PoseGate {
  /** See DEFAULT_POSE_MIN_SHARE. */
  readonly minShare: number;
  /** At most this many persons get a pose. */
  readonly max: number;
}

/**
 * Pose on each gated person's own crop; the others keep keypoints null. In a pack the pose on one person's crop can
 * land on the neighbour whose body fills it: one body found twice. The skeleton then stays only with the box that
 * holds it best (people/twins.ts poseKeepers) and the other box loses its pose, so that body's face and bib are
 * searched once, on the runner who is it. A person box itself is never dropped. `aspect`: the photo's height over
 * its width.
 */
export async function posePersons(
  persons: readonly PersonCandidate[],
  poseOf: PoseOf,
  aspect: number,
  gate: PoseGate,
): Promise<Runner[]> {
  const posed = new Set(personsToPose(persons, gate.minShare, gate.max));
  const runners: Runner[] = [];
  for (const p of persons) {
    const pose = posed.has(p) ? await poseOf(p.box) : null;
    runners.push({
      box: p.box,
      score: p.score,
      keypoints: pose?.keypoints ?? null,
      poseScore: pose?.poseScore ?? 0,
    });
  }
  const keep = poseKeepers(runners, aspect);
  const kept = runners.map((r, i) => (keep[i] ? r : { ...r, keypoints: null, poseScore: 0 }));
  const lost = runners.map((r, i) => r.keypoints !== null && !keep[i]);
  return repose(kept, lost, poseOf, aspect);
}

/**
 * A box whose pose went to a twin may be a real person whose own body the model missed (in a pack the crop around a
 * box holds the neighbour too). It gets one more pose on a tighter crop, kept when it is another body and the box
 * holds it. cropPad 1.0 (the box's longer side, against 1.2): on the dev set 9 of the 68 boxes that lost their pose
 * got a skeleton of their own this way (fit 0.31-0.55), the photographer's runner of kunming-644-000074 among them;
 * 0.8 gave fewer (fits 0.2-0.3 on the same runner). minFit 0.3: the twins' losers fit their boxes at most 0.2.
 */
export const REPOSE = Object.freeze({ cropPad: 1.0, minFit: 0.3 });

async function repose(
  kept: Runner[],
  lost: readonly boolean[],
  poseOf: PoseOf,
  aspect: number,
): Promise<Runner[]> {
  const out = [...kept];
  for (const [i, r] of kept.entries()) {
    if (!lost[i]) continue;
    const pose = await poseOf(r.box, REPOSE.cropPad);
    const taken = out.flatMap((o) => (o.keypoints ? [o.keypoints] : []));
    if (taken.some((k) => sameSkeleton(pose.keypoints, k, aspect))) continue;
    if (skeletonFit(r.box, pose.keypoints) < REPOSE.minFit) continue;
    out[i] = { ...r, keypoints: pose.keypoints, poseScore: pose.poseScore };
  }
  return out;
}
