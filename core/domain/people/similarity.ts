/**
 * Whether two sightings are the same person: evidence a photographer would use, summed as log-odds. A read bib is
 * the strongest (two different reads are two people), then the face, then the kit seen moments apart in about the
 * same place. Kit alone never links: a shoot has many white singlets.
 */
import { differentBibs } from "../bib/validate.ts";
import { sceneDistance } from "../bursts/layout.ts";
import { iou } from "../persons.ts";
import { sameNumbering } from "../bursts/name-sequence.ts";
import { kitPartsDistance } from "../pixels/kit.ts";
import { cosine } from "./face-embedding.ts";
import type { Sighting } from "./sighting.ts";
import { DEFAULT_TWIN_OPTIONS, headFromPose, sameSkeleton, type TwinOptions } from "./twins.ts";

export interface LinkOptions {
  /** Log-odds before any evidence: two sightings of a shoot are usually different people. */
  readonly prior: number;
  /** Log-odds added by the same bib read on both (case-insensitive). */
  readonly sameBib: number;
  /** Both read with at least this confidence and different: never the same person. */
  readonly differentBibConfidence: number;
  /** Face cosine at which the face is neutral evidence; per 0.1 above (below) it adds (removes) faceSlope. */
  readonly faceNeutral: number;
  readonly faceSlope: number;
  /** Face evidence is clamped to ±faceCap. */
  readonly faceCap: number;
  /** Kit distance (mean sRGB distance of torso and legs colours) that is neutral; per 10 below it adds kitSlope. */
  readonly kitNeutral: number;
  readonly kitSlope: number;
  readonly kitCap: number;
  /** Same camera and at most this far apart in capture time: "moments apart". */
  readonly momentMs: number;
  /** Untimed: at most this many numbers apart in one camera's file numbering, and the same background. */
  readonly momentFileStep: number;
  readonly momentScene: number;
  /** Log-odds added by moments apart; twice as much when the box also overlaps at least minOverlap. */
  readonly moment: number;
  readonly minOverlap: number;
  /** Sightings further apart than this many photos in shoot order are compared only by bib. */
  readonly window: number;
  /** Two sightings link when their log-odds reach this. */
  readonly linkAt: number;
  /** Log-odds added when two sightings of one photo are one body found twice (twins.ts); else one photo never links. */
  readonly twin: number;
  readonly twins: TwinOptions;
  /**
   * Two persons never join while any sighting of one and any of the other show faces this far apart (cosine
   * below), unless they share a read bib: the guard against chaining two runners through a doubtful middle. A face
   * unlike most of its own person's faces is no evidence about that person and is left out (link.ts agreeingFaces).
   */
  readonly faceVeto: number;
  /**
   * The faces of a person the veto compares: this many of its sightings' faces, the largest runners first (the
   * sharpest descriptors). Bounds each join to vetoFaces² comparisons however often the runner was photographed.
   */
  readonly vetoFaces: number;
}

/**
 * Defaults, chosen on the dev set's labelled series and bibs (companion/eval/people.ts reports them):
 * - prior −4: with nothing but a matching kit (+2 at most) nothing links.
 * - sameBib +8: a bib read on both outweighs any other evidence; differentBibConfidence 0.5.
 * - face: faceres cosines of the photographer's runner between frames of one labelled series: median 0.78 (a quarter
 *   under 0.5: turned heads, rear views); between different series of one source: median 0.45, 90 % under 0.62,
 *   at most 0.8. Neutral at 0.68, 1.5 per 0.1, capped at ±4.5 (a face alone, clearly the same, links).
 * - kit: the bursts' "same kit" is within 60 (changing light); neutral at 45, 0.8 per 10 closer, capped at +2 / −3.
 * - moments apart: 10 s of one camera (a photographer following a runner), or untimed two numbers apart with the
 *   background within 45 (dev series that pan with the runner reach 38–45, as the bursts' "same scene with the
 *   runner" allows 40); +1.5, +3 when the runner's box overlaps ≥ 0.3 (a followed runner stays put).
 * - window 8 photos: past it, only a bib links (a runner met again at km 30 is found by bib).
 * - twin +8: the same skeleton twice on one photo is one body, as sure as a bib read on both.
 * - faceVeto 0.3: of the 95 dev pairs of sightings reading one bib (one runner for sure) the lowest face cosine is
 *   0.41 (median 0.81); of the 12,147 pairs reading two bibs that cannot be one, a tenth are below 0.28 (median 0.38).
 * - vetoFaces 8: comparing every face of two persons is quadratic in how often the runner was photographed (a
 *   runner seen 300 times joined to another seen 300 times: 90,000 cosines of 1024 values, at every join); 8 a
 *   side (64 at most) covers every person of the dev set's labelled series whole, and the link there is unchanged.
 */
export const DEFAULT_LINK_OPTIONS: LinkOptions = Object.freeze({
  prior: -4,
  sameBib: 8,
  differentBibConfidence: 0.5,
  faceNeutral: 0.68,
  faceSlope: 1.5,
  faceCap: 4.5,
  kitNeutral: 45,
  kitSlope: 0.8,
  kitCap: 2,
  momentMs: 10_000,
  momentFileStep: 2,
  momentScene: 45,
  moment: 1.5,
  minOverlap: 0.3,
  window: 8,
  linkAt: 0,
  twin: 8,
  twins: DEFAULT_TWIN_OPTIONS,
  faceVeto: 0.3,
  vetoFaces: 8,
});

export interface Evidence {
  /** Total log-odds that the two sightings are the same person; -Infinity when they cannot be. */
  readonly logOdds: number;
  readonly bib: number;
  readonly face: number | null;
  readonly kit: number | null;
  readonly moment: number;
}

/**
 * The evidence that two sightings are the same person: of different photos, or of one photo when they are one
 * body found twice (the same skeleton: see twins.ts).
 */
export function samePersonEvidence(
  a: Sighting,
  b: Sighting,
  o: LinkOptions = DEFAULT_LINK_OPTIONS,
): Evidence {
  if (a.photo === b.photo) return twinEvidence(a, b, o);
  const bib = bibEvidence(a, b, o);
  if (bib === -Infinity) return cannot();
  const face = faceEvidence(a, b, o);
  const kit = kitEvidence(a, b, o);
  const moment = momentEvidence(a, b, o);
  const logOdds = o.prior + bib + (face ?? 0) + (kit ?? 0) + moment;
  return { logOdds, bib, face, kit, moment };
}

/** 0–1: the probability-like score that two sightings are the same person (the logistic of the log-odds). */
export function samePersonSimilarity(
  a: Sighting,
  b: Sighting,
  o: LinkOptions = DEFAULT_LINK_OPTIONS,
): number {
  return logistic(samePersonEvidence(a, b, o).logOdds);
}

export function logistic(x: number): number {
  return x === -Infinity ? 0 : 1 / (1 + Math.exp(-x));
}

/**
 * Whether two sightings of one photo are one body found twice: the same skeleton, and their faces (where described)
 * that skeleton's face.
 */
export function areTwins(a: Sighting, b: Sighting, o: LinkOptions = DEFAULT_LINK_OPTIONS): boolean {
  if (a.photo !== b.photo || a.runner === b.runner || !a.keypoints || !b.keypoints) return false;
  if (!sameSkeleton(a.keypoints, b.keypoints, a.aspect, o.twins)) return false;
  if ((a.face && !headFromPose(a.keypoints, o.twins)) || (b.face && !headFromPose(b.keypoints, o.twins)))
    return false;
  return !a.face || !b.face || cosine(a.face, b.face) >= o.twins.minFaceCosine;
}

/** One photo: twins link (unless their reads cannot be one bib: then the second box's own torso was read). */
function twinEvidence(a: Sighting, b: Sighting, o: LinkOptions): Evidence {
  if (!areTwins(a, b, o)) return cannot();
  const bib = bibEvidence(a, b, o);
  if (bib === -Infinity) return cannot();
  return { logOdds: o.prior + o.twin, bib: 0, face: null, kit: null, moment: 0 };
}

function cannot(): Evidence {
  return { logOdds: -Infinity, bib: -Infinity, face: null, kit: null, moment: 0 };
}

function bibEvidence(a: Sighting, b: Sighting, o: LinkOptions): number {
  if (!a.bib || !b.bib) return 0;
  if (a.bib === b.bib) return o.sameBib;
  if (!differentBibs(a.bib, b.bib)) return 0;
  const sure = Math.min(a.bibConfidence, b.bibConfidence) >= o.differentBibConfidence;
  return sure ? -Infinity : 0;
}

function faceEvidence(a: Sighting, b: Sighting, o: LinkOptions): number | null {
  if (!a.face || !b.face) return null;
  const c = cosine(a.face, b.face);
  return clamp(((c - o.faceNeutral) / 0.1) * o.faceSlope, -o.faceCap, o.faceCap);
}

/**
 * Mean colour distance of torso, legs and (where both have them) shoes; null when either sighting has no kit
 * colours.
 */
export function kitDistance(a: Sighting, b: Sighting): number | null {
  if (!a.torso || !b.torso || !a.legs || !b.legs) return null;
  return kitPartsDistance(
    { torso: a.torso, legs: a.legs, shoes: a.shoes },
    { torso: b.torso, legs: b.legs, shoes: b.shoes },
  );
}

function kitEvidence(a: Sighting, b: Sighting, o: LinkOptions): number | null {
  const d = kitDistance(a, b);
  if (d === null) return null;
  return clamp(((o.kitNeutral - d) / 10) * o.kitSlope, -1.5 * o.kitCap, o.kitCap);
}

/** Shot moments apart in about the same place (the bursts' own rules of what one series is). */
export function momentsApart(a: Sighting, b: Sighting, o: LinkOptions = DEFAULT_LINK_OPTIONS): boolean {
  if (a.camera && b.camera && a.camera !== b.camera) return false;
  if (a.landscape !== b.landscape) return false;
  if (a.epochMs !== null && b.epochMs !== null) return Math.abs(a.epochMs - b.epochMs) <= o.momentMs;
  if (!a.sequence || !b.sequence || !sameNumbering(a.sequence, b.sequence)) return false;
  if (
    Math.abs(a.sequence.number - b.sequence.number) > (a.sequence.isTimeStamp ? o.momentMs : o.momentFileStep)
  )
    return false;
  const scene = sceneDistance({ phash: null, scene: a.scene }, { phash: null, scene: b.scene });
  return scene !== null && scene <= o.momentScene;
}

function momentEvidence(a: Sighting, b: Sighting, o: LinkOptions): number {
  if (!momentsApart(a, b, o)) return 0;
  return iou(a.box, b.box) >= o.minOverlap ? 2 * o.moment : o.moment;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
