/**
 * When two frames are neighbours in one burst. Three kinds of evidence, strongest first:
 * identical bytes; capture time (same camera, seconds apart, no scene change); the camera's file numbering
 * (same folder, consecutive numbers, same orientation, the same runner in about the same place). Numbering and
 * series never link two runners told apart by their bibs (differentRunners): a race spot shows one runner after
 * another against one background. Capture time and near duplicates link whatever the bibs say: a pack shot at
 * several frames a second is one burst whoever leads it.
 */
import {
  differentRunners,
  kitDistance,
  phashBits,
  runnerOverlap,
  sameOrientation,
  sameRunnerSeen,
  sceneDistance,
} from "./layout.ts";
import { sameNumbering, type NameSequence } from "./name-sequence.ts";
import type { BurstOptions, BurstPhoto } from "./types.ts";

/** False only when both cameras are known and differ: two photographers' frames never form one burst. */
export function sameCamera(a: BurstPhoto, b: BurstPhoto): boolean {
  return !a.camera || !b.camera || a.camera === b.camera;
}

export function identical(a: BurstPhoto, b: BurstPhoto): boolean {
  return a.sha256 !== null && a.sha256 !== "" && a.sha256 === b.sha256;
}

/** Both timed: close in time and not a different scene (a pan with a passing pack keeps a burst together). */
export function timeLink(a: BurstPhoto, b: BurstPhoto, o: BurstOptions): boolean {
  if (a.epochMs === null || b.epochMs === null || !sameCamera(a, b)) return false;
  const bits = phashBits(a, b);
  return Math.abs(a.epochMs - b.epochMs) <= o.maxGapMs && (bits === null || bits <= o.sceneChangeBits);
}

/**
 * Neighbours in one numbering, at least one without a capture time (when both have one, time decides). A 13-digit
 * epoch-ms number is a time stamp: its step is measured against maxGapMs instead of maxNameStep.
 */
export function nameLink(
  a: { photo: BurstPhoto; seq: NameSequence },
  b: { photo: BurstPhoto; seq: NameSequence },
  o: BurstOptions,
): boolean {
  if (a.photo.epochMs !== null && b.photo.epochMs !== null) return false;
  if (!sameNumbering(a.seq, b.seq) || !sameCamera(a.photo, b.photo)) return false;
  if (differentRunners(a.photo, b.photo)) return false;
  const step = Math.abs(a.seq.number - b.seq.number);
  if (step === 0 || step > (a.seq.isTimeStamp ? o.maxGapMs : o.maxNameStep)) return false;
  return sameScene(a.photo, b.photo, o);
}

/** Same orientation, pHash not far apart and the prominent runner in about the same place. */
export function sameScene(a: BurstPhoto, b: BurstPhoto, o: BurstOptions): boolean {
  if (!sameOrientation(a, b)) return false;
  const bits = phashBits(a, b);
  if (bits !== null && bits <= o.nearDuplicateBits) return true;
  const overlap = runnerOverlap(a, b);
  return bits !== null && bits <= o.nameSceneBits && (overlap === null || overlap >= o.minRunnerOverlap);
}

/** Untimed near duplicates (same scene, a few bits apart), the only link that needs no neighbourhood. */
export function nearDuplicate(a: BurstPhoto, b: BurstPhoto, o: BurstOptions): boolean {
  if ((a.epochMs !== null && b.epochMs !== null) || !sameCamera(a, b)) return false;
  const bits = phashBits(a, b);
  return bits !== null && bits <= o.nearDuplicateBits && sameOrientation(a, b);
}

/**
 * Frames of one series (neighbours in file order). Timed frames of one camera, at most series.maxGapMs apart: the
 * same runner (linked across the shoot, or his kit in the same place: the background outside the persons), as a
 * photographer following a runner shoots them; names that are epoch-millisecond stamps count as capture times.
 * Untimed frames (services and exports strip the capture time): near duplicates, or nearly the same
 * place with the same runner's kit (a pan moves the background); the same place alone when no runner is measured.
 */
export function seriesLink(
  x: { photo: BurstPhoto; seq: NameSequence | null },
  y: { photo: BurstPhoto; seq: NameSequence | null },
  o: BurstOptions,
): boolean {
  const a = x.photo;
  const b = y.photo;
  if (!sameCamera(a, b) || !sameOrientation(a, b) || differentRunners(a, b)) return false;
  const scene = sceneDistance(a, b);
  const kit = kitDistance(a, b);
  const nearScene = scene !== null && scene <= o.series.sameSceneWithRunner;
  const alikeKit = kit !== null && kit <= o.series.sameKit;
  // The runner linked across the shoot, seen where the series was shot (the place or the main runners' kit alike):
  // the same runner met again hours later at the finish is another series.
  const sameRunnerHere = (sameRunnerSeen(a, b) && (nearScene || alikeKit)) || (nearScene && alikeKit);
  const [ta, tb] = seriesTimes(x, y);
  if (ta !== null && tb !== null) return Math.abs(ta - tb) <= o.series.maxGapMs && sameRunnerHere;
  const bits = phashBits(a, b);
  if (bits !== null && bits <= o.nearDuplicateBits) return true;
  // The place alone links frames only when no runner can be compared: a race spot shows one runner after another
  // against the same background, and those are different series.
  return sameRunnerHere || (kit === null && scene !== null && scene <= o.series.sameScene);
}

/**
 * The capture times a series compares: the cameras' when both have one, else the file names' when both are
 * epoch-milliseconds stamps of one numbering (race-photo services and web exports strip the capture time and name
 * each file by it: two such frames hours apart are not one series however alike the runner).
 */
function seriesTimes(
  x: { photo: BurstPhoto; seq: NameSequence | null },
  y: { photo: BurstPhoto; seq: NameSequence | null },
): [number | null, number | null] {
  if (x.photo.epochMs !== null && y.photo.epochMs !== null) return [x.photo.epochMs, y.photo.epochMs];
  const sa = x.seq;
  const sb = y.seq;
  if (!sa?.isTimeStamp || !sb?.isTimeStamp || !sameNumbering(sa, sb)) return [null, null];
  return [sa.number, sb.number];
}
