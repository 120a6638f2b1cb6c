/**
 * Whose bib is read, and where its torso is looked for: the posed runners with every look, then the rest of a pack
 * (the persons the pose gate left out) once each. Decided from the boxes and poses alone, before the OCR runs.
 */
import type { Box, Runner } from "../domain/analysis.ts";
import { heightOf, personsToPose, tallFirst } from "./person-gate.ts";

/** Who else gets the bib reader: a gate of its own, wider than the pose's. */
export interface ReadGate {
  /** Persons shorter than this share of the tallest person's height are not read. */
  readonly minShare: number;
  /** At most this many persons are read on a photo, the posed ones included. */
  readonly max: number;
}

/**
 * A bib is sold on whoever wears it, not only on the runners the judgement looks at: a pack or a start line holds
 * more legible bibs than the pose gate's six persons. Measured on the dev set (main c7261f1's records, every person
 * read with every look): the pose gate left 15 bibs unread on 10 photos, every one read right by eye (runners ranked
 * 6th–14th by height in packs of 10–15, 0.23–0.39 of the tallest person's height, 194–540 px tall in the photo); a
 * quarter of the tallest and 16 persons read 11 of them, 0.12 and 20 all 15, and every person found (no share, up
 * to 40) nothing more. 0.15 keeps a margin below the smallest read; 20 bounds a stadium crowd's cost (the dev set's
 * largest pack has 15). The pack gets second looks only where its first look read digits (bib-reader.ts): 13 of
 * the 15, for about half the cost of every look.
 */
export const DEFAULT_READ_GATE: ReadGate = Object.freeze({ minShare: 0.15, max: 20 });

/**
 * A pack's runner hidden from the waist down behind a nearer runner: the nearer one's box (taller, reaching lower)
 * crosses this box's bottom edge over at least `minCover` of its width and starts below this box's top (his head
 * shows above the nearer runner). The box then holds only the upper body, and the torso placed on it for a whole
 * body sits above the bib; it is placed on the whole body's box instead, the visible box taken as its upper `shown`
 * share. Measured on the dev set (the pack read as above): 50 pack persons so hidden; three more bibs read (861 of
 * monaco-0058, listed in the truth; 453 and 491, right by eye), none lost, none wrong; the same three at minCover
 * 0.7 and shown 0.7, two at minCover 0.9 or shown 0.8. Not for the posed runners: their skeleton places the torso.
 */
export const HIDDEN_BELOW: Readonly<{ minCover: number; shown: number }> = Object.freeze({
  minCover: 0.8,
  shown: 0.75,
});

/**
 * The persons whose bib is read with every look: those with a pose (the torso placed by the skeleton), and those
 * gated for a pose whose pose went to a twin (posePersons: every gated person gets keypoints, so gated and without
 * keypoints means that), read on the torso their own box places, never on the twin's skeleton.
 */
export function personsToRead<T extends Runner>(runners: readonly T[], minShare: number, max: number): T[] {
  const gated = new Set(personsToPose(runners, minShare, max));
  return runners.filter((r) => r.keypoints !== null || gated.has(r));
}

/**
 * The pack beyond them (personsToRead with the same pose gate): persons the pose gate left out, tallest first, as far
 * as the read gate admits, the persons read with every look counted in its `max`. Read once each, on the torso their
 * box places; they get no pose and no judgement.
 */
export function packToRead<T extends Runner>(
  runners: readonly T[],
  minShare: number,
  max: number,
  read: ReadGate = DEFAULT_READ_GATE,
): T[] {
  return packBeyond(runners, personsToRead(runners, minShare, max), read);
}

/** The pack beyond the persons `looked` at with every look (see packToRead). */
function packBeyond<T extends Runner>(runners: readonly T[], looked: readonly T[], read: ReadGate): T[] {
  const taken = new Set(looked);
  const tallest = Math.max(0, ...runners.map(heightOf));
  const others = runners.filter((r) => !taken.has(r));
  return tallFirst(others, read.minShare * tallest).slice(0, Math.max(0, read.max - taken.size));
}

/** What the bib reader is given for one photo. */
export interface ReadPlan<T extends Runner> {
  /** The persons read, in reading order: personsToRead's, then the pack's (packToRead). */
  readonly persons: readonly T[];
  /** The same persons as the reader sees them: a pack person hidden below the waist has his whole body's box. */
  readonly asRead: readonly Runner[];
  /** How many of them, the first ones, get every second look (bib-reader.ts readBibsCosted). */
  readonly everyLook: number;
}

/** The read plan of one photo's runners under the pose gate (minShare, max) and the read gate. */
export function readPlan<T extends Runner>(
  runners: readonly T[],
  minShare: number,
  max: number,
  read: ReadGate = DEFAULT_READ_GATE,
): ReadPlan<T> {
  const looked = personsToRead(runners, minShare, max);
  const pack = packBeyond(runners, looked, read);
  const asRead = [
    ...looked,
    ...pack.map((r) => (hiddenBelow(r, runners) ? { ...r, box: wholeBody(r.box) } : r)),
  ];
  return { persons: [...looked, ...pack], asRead, everyLook: looked.length };
}

/** See HIDDEN_BELOW. */
export function hiddenBelow(runner: Runner, runners: readonly Runner[]): boolean {
  const [x0, top, x1, bottom] = runner.box;
  const height = bottom - top;
  return runners.some((near) => {
    const [nx0, ntop, nx1, nbottom] = near.box;
    // A nearer runner: taller, and standing lower in the frame.
    if (near === runner || nbottom <= bottom + 0.01 || nbottom - ntop <= height) return false;
    if (!(ntop > top && ntop < bottom)) return false;
    return Math.min(x1, nx1) - Math.max(x0, nx0) >= HIDDEN_BELOW.minCover * (x1 - x0);
  });
}

/** The box of the whole body whose upper HIDDEN_BELOW.shown share `box` shows (it may reach below the frame). */
function wholeBody(box: Box): Box {
  const [x0, top, x1, bottom] = box;
  return [x0, top, x1, top + (bottom - top) / HIDDEN_BELOW.shown];
}
