import { describe, expect, it } from "vitest";
import {
  DevManifest,
  evaluateScores,
  ScoreLabels,
  type EvalScoreRecord,
} from "../../companion/eval/scores.ts";

const record = (file: string, keeper: number | null, box = [0.3, 0.2, 0.6, 0.9]): EvalScoreRecord => ({
  file: `/photos/${file}`,
  runners: keeper === null ? [] : [{ box, runningStyle: null }],
  prominent: keeper === null ? null : 0,
  runningStyle: null,
  keeper,
  burst: null,
});

const photo = (file: string, keeper: boolean, runner = true) => ({
  file,
  main_runner_box: runner ? [0.3, 0.2, 0.6, 0.9] : null,
  full_body: null,
  form_rating: null,
  flight_phase: null,
  keeper,
});

describe("the keeper figure with the photos where no one runs counted as rejects", () => {
  const labels = ScoreLabels.parse({
    photos: [
      photo("keep-1.jpg", true),
      photo("keep-2.jpg", true),
      photo("reject.jpg", false),
      photo("spectator.jpg", false, false),
    ],
    bursts: [],
  });
  const manifest = DevManifest.parse(
    ["keep-1.jpg", "keep-2.jpg", "reject.jpg", "spectator.jpg", "empty-street.jpg"].map((file) => ({
      file,
      group: file,
      kind: file === "empty-street.jpg" ? "negative" : "running",
    })),
  );

  it("adds the labelled photos without a main runner and the manifest's negatives as rejects", () => {
    const records = [
      record("keep-1.jpg", 0.9),
      record("keep-2.jpg", 0.6),
      record("reject.jpg", 0.2),
      record("spectator.jpg", 0.7), // a spectator given more than a keeper: the running-only figure cannot see it
      record("empty-street.jpg", null), // no person, no keeper: counts as the lowest score
    ];
    const f = evaluateScores(records, labels, manifest);
    expect(f.keeperAuc.ours).toBe(1);
    expect(f.keeperAuc.n).toBe(3);
    expect(f.keeperWithNoRunner.n).toBe(5);
    expect(f.keeperWithNoRunner.noRunner).toBe(2);
    expect(f.keeperWithNoRunner.keepers).toBe(2);
    // Pairs keeper > reject: keep-1 beats all three; keep-2 beats reject and the empty street, not the spectator.
    expect(f.keeperWithNoRunner.ours).toBeCloseTo(5 / 6, 9);
  });

  it("leaves out photos the run did not score", () => {
    const f = evaluateScores([record("keep-1.jpg", 0.9), record("reject.jpg", 0.2)], labels, manifest);
    expect(f.keeperWithNoRunner.n).toBe(2);
    expect(f.keeperWithNoRunner.noRunner).toBe(0);
    expect(f.keeperWithNoRunner.ours).toBe(1);
  });
});
