/** A worker's photos/s as its heartbeat reports it: over the last minute, not since it started. */
import { describe, expect, it } from "vitest";
import { RecentRate } from "../../companion/distributed/recent-rate.ts";

describe("photos per second over the last minute", () => {
  it("counts a fresh worker over its uptime, then only the last minute", () => {
    const rate = new RecentRate(0);
    for (let t = 500; t <= 10_000; t += 500) rate.tick(t);
    expect(rate.perSecond(10_000)).toBeCloseTo(2, 5);
    // Idle for a while: only the photos of the last 60 s count.
    expect(rate.perSecond(65_000)).toBeCloseTo(10 / 60, 5);
    expect(rate.perSecond(200_000)).toBe(0);
  });

  it("does not divide by less than a second right after start", () => {
    const rate = new RecentRate(0);
    rate.tick(10);
    expect(rate.perSecond(20)).toBe(1);
  });
});
