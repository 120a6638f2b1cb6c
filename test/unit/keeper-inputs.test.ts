import { describe, expect, it } from "vitest";
import { inputWeightLoso, keeperInputsLeftOut } from "../../companion/eval/keeper-inputs.ts";
import { KEEPER_FEATURES } from "../../core/domain/keeper/features.ts";
import { priorWeight } from "../../core/domain/keeper/prior.ts";
import { standingRunnerRecord } from "../helpers/standing-runner.ts";

/**
 * A shoot where only the runner's size tells the photographer's keepers (large) from the rejects (small): untimed,
 * unnumbered names and unlike frames, so every photo is a burst of its own and nothing else differs between them.
 */
const PHOTOS = [
  { name: "alpha", height: 0.7, keeper: true, phash: "0000000000000000" },
  { name: "bravo", height: 0.65, keeper: true, phash: "ffffffffffffffff" },
  { name: "charlie", height: 0.3, keeper: false, phash: "0f0f0f0f0f0f0f0f" },
  { name: "delta", height: 0.25, keeper: false, phash: "f0f0f0f0f0f0f0f0" },
];

// No pose: the stride and the running look, which a standing skeleton's proportions move with its size, stay unknown.
const records = PHOTOS.map((p) => {
  const record = standingRunnerRecord({
    file: `/shoot/${p.name}.jpg`,
    height: p.height,
    epochMs: null,
    sha256: p.name,
    phash: p.phash,
  });
  return { ...record, runners: record.runners.map((r) => ({ ...r, keypoints: null })) };
});
const labels = {
  photos: PHOTOS.map((p) => ({
    file: `${p.name}.jpg`,
    main_runner_box: records.find((r) => r.file.endsWith(`/${p.name}.jpg`))!.runners[0]!.box,
    full_body: true,
    form_rating: 3,
    flight_phase: "no" as const,
    keeper: p.keeper,
  })),
  bursts: [],
};
const manifest = PHOTOS.map((p) => ({ file: `${p.name}.jpg`, group: p.name, kind: "running" }));

describe("keeper inputs left out one at a time", () => {
  it("loses the keepers exactly where the input that tells them apart is left out", async () => {
    // Two folders (an original and its copy): one figure per folder in every row.
    const rows = await keeperInputsLeftOut([records, records], labels, manifest);
    expect(rows.map((r) => r.input)).toEqual([null, ...KEEPER_FEATURES]);
    for (const row of rows) {
      expect(row.keeperAuc).toHaveLength(2);
      // Size alone separates them: without it every photo scores alike (AUC 0.5); with it, keepers rank first.
      expect(row.keeperAuc).toEqual(row.input === "size" ? [0.5, 0.5] : [1, 1]);
    }
  });

  it("chooses a weight without each source and scores that source with it", async () => {
    // Two sources, a keeper and a reject each: alpha and charlie from one, bravo and delta from the other.
    const sources = manifest.map((m) => ({
      file: m.file,
      source_repo: ["alpha", "charlie"].includes(m.group) ? "one" : "two",
    }));
    const size = await inputWeightLoso([records], labels, manifest, sources, "size", [0, 1]);
    // Each source's keepers are told by size alone: the other source chooses the shipped weight over 0 (AUC 0.5).
    const shipped = priorWeight("size");
    expect(size.choices).toEqual([shipped, shipped]);
    expect(size.heldOut).toEqual([1]);
    expect(size.shipped).toEqual([1]);
    // An input no photo differs in leaves the choice at the shipped weight (a tie never moves it).
    const expression = await inputWeightLoso([records], labels, manifest, sources, "expression", [0, 1]);
    const prior = priorWeight("expression");
    expect(expression.choices).toEqual([prior, prior]);
  });
});
