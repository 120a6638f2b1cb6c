/** The pure pieces of the companion's burst re-score: debounced regions, the bursts a region answers for, stale verdicts. */
import { describe, expect, it } from "vitest";
import { burstsReachEdges, framesOfTouchedBursts } from "../../companion/queue/bursts/reach.ts";
import {
  canJoin,
  DEFAULT_DEBOUNCE,
  joined,
  regionAt,
  runAfter,
} from "../../companion/queue/bursts/region.ts";
import { verdictChanged } from "../../companion/queue/bursts/verdict-change.ts";
import type { PhotoScores } from "../../companion/store/shapes.ts";

const T = 1_717_232_400_000;
const d = DEFAULT_DEBOUNCE;

describe("debounced burst regions", () => {
  it("a frame near a pending region joins it and widens it; a far frame or another folder does not", () => {
    const r = regionAt("/import", T, 1000);
    expect(canJoin(r, "/import", T + 150, d)).toBe(true);
    expect(canJoin(r, "/import", T - 59_000, d)).toBe(true);
    expect(canJoin(r, "/import", T + 61_000, d)).toBe(false);
    expect(canJoin(r, "/other", T + 150, d)).toBe(false);
    expect(joined(joined(r, T + 450), T - 300)).toEqual({
      folder: "/import",
      fromMs: T - 300,
      toMs: T + 450,
      since: 1000,
    });
  });

  it("a region never spans more than maxSpanMs of capture time, however it grows", () => {
    let r = regionAt("/import", T, 0);
    let joinedFrames = 0;
    for (let t = T; t < T + 30 * 60_000; t += 10_000) {
      if (!canJoin(r, "/import", t, d)) break;
      r = joined(r, t);
      joinedFrames++;
    }
    expect(r.toMs - r.fromMs).toBeLessThanOrEqual(d.maxSpanMs);
    expect(joinedFrames).toBe(d.maxSpanMs / 10_000 + 1);
  });

  it("runs quietMs after the last frame, but no later than maxWaitMs after the first asked", () => {
    const r = regionAt("/import", T, 10_000);
    expect(runAfter(r, 10_000, d)).toBe(10_000 + d.quietMs);
    expect(runAfter(r, 20_000, d)).toBe(20_000 + d.quietMs);
    expect(runAfter(r, 10_000 + d.maxWaitMs - 1000, d)).toBe(10_000 + d.maxWaitMs);
    expect(runAfter(r, 10_000 + d.maxWaitMs + 5000, d)).toBe(10_000 + d.maxWaitMs + 5000);
  });
});

describe("the bursts a region answers for", () => {
  const frames = [
    { captureMs: T - 1900, burstId: "a" },
    { captureMs: T - 1000, burstId: "a" },
    { captureMs: T, burstId: "b" },
    { captureMs: T + 150, burstId: "b" },
    { captureMs: T + 9000, burstId: "b" },
    { captureMs: T + 20_000, burstId: "c" },
  ];

  it("takes every frame of a burst with one frame in the region, even frames outside it", () => {
    expect(framesOfTouchedBursts(frames, T + 100, T + 200).map((f) => f.captureMs)).toEqual([
      T,
      T + 150,
      T + 9000,
    ]);
    expect(framesOfTouchedBursts(frames, T + 10_000, T + 11_000)).toEqual([]);
  });

  it("says on which side a burst may run past the loaded stretch", () => {
    expect(burstsReachEdges(frames.slice(2, 5), T - 30_000, T + 30_000, 2000)).toEqual({
      before: false,
      after: false,
    });
    expect(burstsReachEdges(frames.slice(0, 2), T - 2000, T + 30_000, 2000)).toEqual({
      before: true,
      after: false,
    });
    expect(burstsReachEdges(frames.slice(2, 5), T - 30_000, T + 10_000, 2000)).toEqual({
      before: false,
      after: true,
    });
  });
});

describe("a stale verdict", () => {
  const stored: PhotoScores = {
    keeper: 0.61,
    stars: 3,
    label: null,
    flags: [],
    bibs: [],
    keywords: ["Stridelight|style|good", "Stridelight|burst|best"],
    burst: { id: "/import/b0-f0.jpg", rank: 1, size: 2 },
    parts: { keeper: 0.61 },
    explanations: [],
  };

  it("is one whose burst, stars, label, keywords or flags moved", () => {
    expect(verdictChanged(stored, { ...stored, burst: { id: "/import/b0-f0.jpg", rank: 2, size: 3 } })).toBe(
      true,
    );
    expect(verdictChanged(stored, { ...stored, burst: { id: "/import/b0-f-1.jpg", rank: 1, size: 2 } })).toBe(
      true,
    );
    expect(verdictChanged(stored, { ...stored, stars: 2 })).toBe(true);
    expect(verdictChanged(stored, { ...stored, label: "Green" })).toBe(true);
    expect(
      verdictChanged(stored, { ...stored, keywords: ["Stridelight|style|good", "Stridelight|burst|other"] }),
    ).toBe(true);
    expect(verdictChanged(stored, { ...stored, flags: ["duplicate"] })).toBe(true);
    expect(verdictChanged(null, stored)).toBe(true);
  });

  it("is not one whose keeper score moved in the last digits, or whose keywords only came in another order", () => {
    expect(
      verdictChanged(stored, { ...stored, keeper: 0.6100001, keywords: [...stored.keywords].reverse() }),
    ).toBe(false);
  });
});
