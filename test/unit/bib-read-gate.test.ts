import { describe, expect, it } from "vitest";
import type { Box, Runner } from "../../core/domain/analysis.ts";
import type { PersonCandidate } from "../../core/domain/persons.ts";
import {
  DEFAULT_READ_GATE,
  HIDDEN_BELOW,
  hiddenBelow,
  packToRead,
  personsToRead,
  readPlan,
} from "../../core/pipeline/bib-read-gate.ts";
import { DEFAULT_POSE_MIN_SHARE, personsToPose } from "../../core/pipeline/person-gate.ts";

/** A person standing on the ground line at x, `height` of the frame tall. */
const person = (x: number, height: number, score = 0.8): PersonCandidate => ({
  box: [x, 0.95 - height, x + height / 3, 0.95],
  score,
});

describe("personsToRead and packToRead", () => {
  /** A person of the pack, posed or not as the pose gate left it (the keypoints' content does not matter here). */
  const runner = (p: PersonCandidate, posed: boolean): Runner => ({
    ...p,
    keypoints: posed ? ({} as NonNullable<Runner["keypoints"]>) : null,
    poseScore: posed ? 0.6 : 0,
  });

  it("reads the bibs of a pack beyond the six posed runners, not the distant spectators", () => {
    const pack = Array.from({ length: 10 }, (_, i) => person(i * 0.09, 0.5 - i * 0.02));
    const posed = new Set(personsToPose(pack, DEFAULT_POSE_MIN_SHARE, 6));
    const runners = pack.map((p) => runner(p, posed.has(p)));
    const spectators = [person(0.1, 0.06), person(0.5, 0.05)].map((p) => runner(p, false));
    const all = [...spectators, ...runners];
    const looked = personsToRead(all, DEFAULT_POSE_MIN_SHARE, 6);
    expect(looked).toEqual(runners.filter((r) => r.keypoints !== null));
    expect(looked).toHaveLength(6);
    // The rest of the pack, tallest first; the spectators are deep background.
    expect(packToRead(all, DEFAULT_POSE_MIN_SHARE, 6)).toEqual(runners.slice(6));
    expect(packToRead(all, DEFAULT_POSE_MIN_SHARE, 6, { minShare: 1, max: 0 })).toEqual([]);
  });

  it("stops at the read gate's share of the tallest height and at its count, the looked-at ones counted", () => {
    const tallest = runner(person(0.1, 0.8), true);
    const atShare = runner(person(0.4, 0.8 * DEFAULT_READ_GATE.minShare + 0.005), false);
    const below = runner(person(0.6, 0.8 * DEFAULT_READ_GATE.minShare - 0.005), false);
    expect(packToRead([below, atShare, tallest], 1, 1)).toEqual([atShare]);
    const crowd = Array.from({ length: 30 }, (_, i) => runner(person(i * 0.03, 0.3 + i * 0.001), false));
    const pack = packToRead([tallest, ...crowd], 1, 1);
    expect(pack).toHaveLength(DEFAULT_READ_GATE.max - 1);
    expect(pack).toEqual(crowd.slice(-(DEFAULT_READ_GATE.max - 1)).reverse());
  });
});

describe("a pack runner hidden from the waist down by a nearer runner", () => {
  const at = (box: Box, posed = false): Runner => ({
    box,
    score: 0.8,
    keypoints: posed ? ({} as NonNullable<Runner["keypoints"]>) : null,
    poseScore: posed ? 0.6 : 0,
  });
  // The nearer runner's box starts at the far one's chest and reaches the bottom of the frame.
  const near = at([0.4, 0.3, 0.7, 0.98], true);
  const far = at([0.45, 0.1, 0.55, 0.35]);

  it("is one whose box bottom a taller, lower box covers across its width, his head above it", () => {
    expect(hiddenBelow(far, [near, far])).toBe(true);
    // Covered over less than minCover of its width: only beside the nearer runner.
    const beside = at([0.62, 0.1, 0.72, 0.35]);
    expect(hiddenBelow(beside, [near, beside])).toBe(false);
    // A box inside the nearer one's (it starts above the far one's top): a piece of the nearer body, not a head above it.
    const inside = at([0.45, 0.4, 0.6, 0.6]);
    expect(hiddenBelow(inside, [near, inside])).toBe(false);
    // Nobody nearer: the box is the whole body.
    expect(hiddenBelow(far, [far])).toBe(false);
  });

  it("is read on the whole body's box, the visible box its upper share; the others as they are", () => {
    const runners = [near, far];
    const plan = readPlan(runners, DEFAULT_POSE_MIN_SHARE, 1);
    expect(plan.persons).toEqual([near, far]);
    expect(plan.everyLook).toBe(1);
    expect(plan.asRead[0]).toBe(near);
    const whole = plan.asRead[1]!.box;
    expect(whole.slice(0, 3)).toEqual(far.box.slice(0, 3));
    expect(whole[3]).toBeCloseTo(0.1 + 0.25 / HIDDEN_BELOW.shown, 9);
  });
});
