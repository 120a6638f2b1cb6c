import { describe, expect, it } from "vitest";
import { withOtherFrames, type StyleSighting } from "../../core/domain/style/other-frames.ts";
import type { RunningStyle } from "../../core/domain/style/running-style.ts";

const style = (score: number): RunningStyle => ({
  score,
  confidence: 0.9,
  contributions: {
    kneeDrive: score - 0.5,
    strideAngle: 0,
    strideOpen: 0,
    flight: 0,
    trailingLeg: 0,
    trunkLean: 0,
    overstride: 0,
    armCarriage: 0,
    running: 0,
    handsAboveHead: 0,
  },
  flight: "no",
  handsAboveHead: false,
});

const seen = (burst: string, person: string | undefined, score: number): StyleSighting => ({
  burst,
  person,
  style: style(score),
});

describe("a runner's style read with his other frames of the burst", () => {
  it("moves each frame the share of the way toward his frames' mean, keeps their order and says by how much", () => {
    const out = withOtherFrames([[seen("b1", "p1", 0.4)], [seen("b1", "p1", 0.8)]], 0.25);
    const a = out[0]![0]!;
    const b = out[1]![0]!;
    expect(a.score).toBeCloseTo(0.45, 10);
    expect(b.score).toBeCloseTo(0.75, 10);
    expect(a.otherFrames).toBeCloseTo(0.05, 10);
    expect(b.otherFrames).toBeCloseTo(-0.05, 10);
    // The explanation still adds up: 0.5 + contributions + otherFrames.
    const sum = Object.values(a.contributions).reduce((x: number, y: number) => x + y, 0);
    expect(0.5 + sum + (a.otherFrames ?? 0)).toBeCloseTo(a.score, 10);
  });

  it("leaves a runner alone in his burst, another person, an unlinked runner and a share of 0 as they were", () => {
    const photos = [
      [seen("b1", "p1", 0.4), seen("b1", "p2", 0.9), seen("b1", undefined, 0.2)],
      [seen("b2", "p1", 0.8), seen("b1", undefined, 0.7)],
    ];
    const out = withOtherFrames(photos, 0.25);
    out.flat().forEach((s, i) => {
      expect(s).toBe(photos.flat()[i]!.style);
      expect(s!.otherFrames).toBeUndefined();
    });
    const same = [[seen("b1", "p1", 0.4)], [seen("b1", "p1", 0.8)]];
    expect(withOtherFrames(same, 0).flat()).toEqual(same.flat().map((s) => s.style));
  });

  it("keeps a frame without a style without one, and its runner's other frames still count each other", () => {
    const photos = [
      [{ burst: "b1", person: "p1", style: null }],
      [seen("b1", "p1", 0.4)],
      [seen("b1", "p1", 0.6)],
    ];
    const out = withOtherFrames(photos, 0.5);
    const [none, a, b] = [out[0]![0], out[1]![0]!, out[2]![0]!];
    expect(none).toBeNull();
    expect(a.score).toBeCloseTo(0.45, 10);
    expect(b.score).toBeCloseTo(0.55, 10);
  });
});
