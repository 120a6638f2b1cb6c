/**
 * The dev figures' intervals draw whole sources again (companion/eval/intervals.ts): a source's photos stay together,
 * the same seed gives the same interval, and one source alone leaves nothing to vary.
 */
import { describe, expect, it } from "vitest";
import { sourceInterval } from "../../companion/eval/intervals.ts";

interface Photo {
  readonly source: string;
  readonly value: number;
}
const mean = (ps: readonly Photo[]) => ps.reduce((s, p) => s + p.value, 0) / ps.length;
const bySource = (p: Photo) => p.source;

describe("sourceInterval", () => {
  const photos: Photo[] = [
    { source: "a", value: 0 },
    { source: "a", value: 0 },
    { source: "b", value: 1 },
    { source: "b", value: 1 },
    { source: "b", value: 1 },
    { source: "b", value: 1 },
  ];

  it("draws a source's photos together: only whole-source mixtures can come out", () => {
    // Two sources drawn twice: a+a (0), a+b (4 of 6), b+b (1). Photos drawn one by one would give other means.
    const seen = new Set<number>();
    for (const level of [0.5, 0.8, 0.9, 0.98]) {
      const i = sourceInterval(photos, bySource, mean, { draws: 400, level, seed: 7 });
      seen.add(Math.round(i.low * 1000)).add(Math.round(i.high * 1000));
    }
    expect([...seen].every((v) => [0, 667, 1000].includes(v))).toBe(true);
    expect(seen.size).toBeGreaterThan(1);
  });

  it("gives the figure on the photos as they are, inside its interval, the same for the same seed", () => {
    const options = { draws: 500, level: 0.9, seed: 3 };
    const i = sourceInterval(photos, bySource, mean, options);
    expect(i.figure).toBeCloseTo(4 / 6);
    expect(i.low).toBeLessThanOrEqual(i.figure);
    expect(i.high).toBeGreaterThanOrEqual(i.figure);
    expect(sourceInterval(photos, bySource, mean, options)).toEqual(i);
  });

  it("one source leaves nothing to vary; draws where the figure does not exist are left out", () => {
    const one = photos.filter((p) => p.source === "b");
    expect(sourceInterval(one, bySource, mean)).toMatchObject({ figure: 1, low: 1, high: 1 });
    const onlyWithA = (ps: readonly Photo[]) => (ps.some((p) => p.source === "a") ? mean(ps) : NaN);
    const i = sourceInterval(photos, bySource, onlyWithA, { draws: 400, level: 0.9, seed: 1 });
    // a+a and a+b draws only: three in four of the draws.
    expect(i.draws).toBeGreaterThan(250);
    expect(i.draws).toBeLessThan(350);
    expect(i.high).toBeLessThan(1);
  });
});
