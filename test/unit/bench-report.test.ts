import { describe, expect, it } from "vitest";
import {
  markdownTable,
  percentile,
  photosPerSecond,
  roundReport,
  type BenchRun,
} from "../../companion/cli/bench-command.ts";

const run = (name: string, wallSeconds: number, startupSeconds: number, cpuSeconds: number): BenchRun => ({
  name,
  photos: 100,
  failed: 0,
  wallSeconds,
  startupSeconds,
  firstResultSeconds: startupSeconds + 0.5,
  cpuSeconds,
  stages: { decode: [10, 20, 30], photo: Array.from({ length: 20 }, (_, i) => (i + 1) * 10) },
});

describe("bench figures", () => {
  it("counts start-up in the end-to-end rate and leaves it out of the other", () => {
    const r = run("stridelight", 12.5, 2.5, 30);
    expect(photosPerSecond(r, true)).toBeCloseTo(8);
    expect(photosPerSecond(r, false)).toBeCloseTo(10);
  });

  it("p95 is the nearest-rank value, not the maximum", () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(values, 0.95)).toBe(19);
    expect(percentile(values, 0.5)).toBe(10);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.95)).toBeNaN();
  });

  it("states each run's ratio to the obvious stack of the same round, end to end and in CPU", () => {
    const ours = run("stridelight (default, bibs)", 10, 2, 25);
    const obvious = run("obvious JS stack", 31, 1, 35);
    const text = roundReport(1, [ours, obvious], 2);
    expect(text).toContain("ratio stridelight (default, bibs) / obvious: 3.10x end to end");
    expect(text).toContain("(3.75x without start-up; 1.40x less CPU per photo)");
    expect(text).toContain("photo 105/190");
    const table = markdownTable([[ours, obvious]]);
    expect(table.split("\n")).toHaveLength(4);
    expect(table).toContain(
      "| 1 | stridelight (default, bibs) | 10.0 s | 10.00 | 12.50 photos/s | 2.5 s | 250 ms | 105 / 190 ms | 3.10x |",
    );
  });
});
