import { describe, expect, it } from "vitest";
import { DEFAULT_POSE_MIN_SHARE, personsToPose } from "../../core/pipeline/person-gate.ts";
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
