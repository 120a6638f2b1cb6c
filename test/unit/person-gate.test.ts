import { describe, expect, it } from "vitest";
import {
  DEFAULT_POSE_MIN_SHARE,
  DEFAULT_READ_GATE,
  packToRead,
  personsToPose,
  personsToRead,
} from "../../core/pipeline/person-gate.ts";
import type { Runner } from "../../core/domain/analysis.ts";
import type { PersonCandidate } from "../../core/domain/persons.ts";

/** A person standing on the ground line at x, `height` of the frame tall. */
const person = (x: number, height: number, score = 0.8): PersonCandidate => ({
  box: [x, 0.95 - height, x + height / 3, 0.95],
  score,
});

describe("personsToPose", () => {
  it("leaves out a crowd of distant spectators but keeps the runner and a companion", () => {
    const runner = person(0.4, 0.8);
    const companion = person(0.6, 0.55);
    const crowd = Array.from({ length: 12 }, (_, i) => person(i * 0.08, 0.12, 0.6));
    const posed = personsToPose([...crowd, companion, runner], DEFAULT_POSE_MIN_SHARE, 6);
    expect(posed).toEqual([runner, companion]);
  });

  it("keeps a person just above the share of the tallest's height, leaves one just below it out", () => {
    const tallest = person(0.1, 0.8);
    const atShare = person(0.5, 0.8 * 0.25 + 0.005);
    const below = person(0.7, 0.8 * 0.25 - 0.005);
    expect(personsToPose([below, atShare, tallest], 0.25, 6)).toEqual([tallest, atShare]);
  });

  it("poses a crowd of equals, largest and surest first, at most max of them", () => {
    const people = [
      person(0.1, 0.3, 0.5),
      person(0.3, 0.32, 0.9),
      person(0.5, 0.31, 0.7),
      person(0.7, 0.3, 0.9),
    ];
    const posed = personsToPose(people, 0.25, 3);
    expect(posed).toEqual([people[1], people[3], people[2]]);
  });

  it("a lone person, however small, is posed; no persons, nothing", () => {
    const lone = person(0.5, 0.07);
    expect(personsToPose([lone], DEFAULT_POSE_MIN_SHARE, 6)).toEqual([lone]);
    expect(personsToPose([], DEFAULT_POSE_MIN_SHARE, 6)).toEqual([]);
  });
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
