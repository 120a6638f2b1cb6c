import { describe, expect, it } from "vitest";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { burstPickLoso } from "../../companion/eval/burst-pick-loso.ts";
import { standingRunnerRecord } from "../helpers/standing-runner.ts";

const HOUR = 3_600_000;

/**
 * One frame of a two-frame burst: the same runner a fifth of a second apart, alike in everything but whether the
 * main runner's bib is read. His legs are not seen (no pose), and a small bystander with a read bib is in every
 * frame, so both frames are equally in a race: a bib read on him would otherwise also change his action, his
 * not-running flag and so the keeper.
 */
function frame(series: string, n: number, t0: number, bib: string | null): AnalysisRecord {
  const record = standingRunnerRecord({
    file: `/shoot/${series}${n}.jpg`,
    height: 0.6,
    epochMs: t0 + n * 200,
    sha256: `${series}${n}`,
    phash: series === "a" ? "0f0f0f0f0f0f0f0f" : "f0f0f0f0f0f0f0f0",
  });
  const bystander = standingRunnerRecord({
    file: "",
    height: 0.2,
    epochMs: null,
    sha256: "",
    phash: "",
    centreX: 0.15,
    halfWidth: 0.04,
  }).runners[0]!;
  const main = record.runners[0]!;
  return {
    ...record,
    runners: [
      bib ? { ...main, keypoints: null, bib, bibConfidence: 0.99 } : { ...main, keypoints: null, bib: null },
      { ...bystander, bib: "999" },
    ],
  };
}

describe("best-of-burst's legible-bib weight held out by source", () => {
  it("counts the photographer's best frames by weight and chooses each source's weight on the others", async () => {
    // In both series the photographer's best is the later frame, the one whose bib shows.
    const records = [
      frame("a", 1, 0, null),
      frame("a", 2, 0, "123"),
      frame("b", 1, 5 * HOUR, null),
      frame("b", 2, 5 * HOUR, "456"),
    ];
    const labels = {
      bursts: [
        { group: "A", ranking: ["a2.jpg", "a1.jpg"] },
        { group: "B", ranking: ["b2.jpg", "b1.jpg"] },
      ],
    };
    const manifest = ["a1", "a2", "b1", "b2"].map((f) => ({ file: `${f}.jpg`, source_repo: f[0]! }));
    const loso = await burstPickLoso(records, labels, manifest);
    // Alike frames without the weight: the earlier wins, against the photographer.
    expect(loso.neutral).toBe(0);
    expect(loso.shipped).toBe(2);
    // Each source's series is right with the smallest weight the other source's series asks for.
    expect(loso.choices).toEqual(["0.5", "0.5"]);
    expect(loso.heldOut).toBe(2);
    expect(loso.series).toBe(2);
  });
});
