import { describe, expect, it } from "vitest";
import { KEYPOINT_NAMES, type Keypoints } from "../../core/domain/analysis.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";
import { OTHER_FRAMES_CANDIDATES, STYLE_GRID, styleLoso } from "../../companion/eval/style-loso.ts";
import { STYLE_WEIGHTS } from "../../core/domain/style/running-style.ts";

/** A side-on runner whose feet are `stride` apart (normalised), knees bent as much; joints the frame's own. */
function record(file: string, stride: number, posed = true): ScoreRecord {
  const at: Record<string, [number, number]> = {
    nose: [0.55, 0.2],
    left_shoulder: [0.5, 0.3],
    right_shoulder: [0.5, 0.3],
    left_elbow: [0.46, 0.38],
    right_elbow: [0.56, 0.37],
    left_wrist: [0.5, 0.44],
    right_wrist: [0.6, 0.33],
    left_hip: [0.5, 0.5],
    right_hip: [0.5, 0.5],
    left_knee: [0.5 + stride / 2, 0.65],
    right_knee: [0.5 - stride / 3, 0.66],
    left_ankle: [0.5 + stride / 2, 0.8],
    right_ankle: [0.5 - stride, 0.78],
  };
  const keypoints = Object.fromEntries(
    KEYPOINT_NAMES.map((n) => [n, at[n] ? [...at[n], 0.8] : [0.5, 0.5, 0.01]]),
  ) as Keypoints;
  const runner = {
    box: [0.3, 0.1, 0.7, 0.9],
    score: 0.9,
    keypoints: posed ? keypoints : null,
    poseScore: 0.7,
  };
  const burst = { id: file, rank: 1, size: 1, best: true, duplicateOf: null };
  return {
    file,
    width: 1000,
    height: 1000,
    prominent: 0,
    runners: [runner],
    burst,
  } as unknown as ScoreRecord;
}

const photo = (file: string, form: number, fullBody = true) => ({
  file,
  main_runner_box: [0.3, 0.1, 0.7, 0.9] as [number, number, number, number],
  full_body: fullBody,
  form_rating: form,
  flight_phase: null,
  keeper: true,
});

describe("styleLoso", () => {
  const strides = [0.05, 0.15, 0.3, 0.45];
  const files = ["a", "b", "c"].flatMap((s) => strides.map((_, i) => `${s}${i}.jpg`));
  const manifest = files.map((file) => ({ file, source_repo: `source-${file[0]}` }));
  const labels = {
    photos: [
      ...files.map((f, i) => photo(f, 2 + (i % 4) / 2)),
      photo("cut.jpg", 3, false),
      photo("unposed.jpg", 3),
    ],
    bursts: [],
  };
  const folder = (unposedIn: boolean) =>
    new Map([
      ...files.map((f, i) => [f, record(f, strides[i % 4]!)] as const),
      ["cut.jpg", record("cut.jpg", 0.3)] as const,
      ["unposed.jpg", record("unposed.jpg", 0.3, !unposedIn)] as const,
    ]);

  it("chooses the weights once per held-out source and judges every folder on the same photos", () => {
    const result = styleLoso([folder(false), folder(true)], labels, manifest);
    // Not full body, or no pose in one folder: left out of every folder.
    expect(result.photos).toBe(files.length);
    expect(result.shipped).toHaveLength(2);
    expect(result.heldOut).toHaveLength(2);
    expect([...result.choices.values()].reduce((a, b) => a + b, 0)).toBe(3);
    for (const name of result.choices.keys())
      expect(name).toMatch(/^running [0-9.]+ trailing [0-9.]+ arms (on|off)$/);
    // A wider stride is a better form here, so every choice ranks the photos in the ratings' order.
    expect(result.heldOut[0]).toBeGreaterThan(0.9);
    expect(result.shipped[0]).toBeGreaterThan(0.9);
  });

  it("chooses the share of a runner's other frames the same way, every frame scored with his burst", () => {
    // Each source's four frames are one runner's burst: pooled, their order survives any share short of the whole.
    const burst = (f: string) => ({ id: `burst-${f[0]}`, rank: 1, size: 4, best: true, duplicateOf: null });
    const linked = (recs: Map<string, ScoreRecord>) =>
      new Map(
        [...recs].map(([f, r]) => [
          f,
          { ...r, burst: burst(f), runners: r.runners.map((x) => ({ ...x, person: `p-${f[0]}` })) },
        ]),
      );
    const result = styleLoso(
      [linked(folder(false)), linked(folder(true))],
      labels,
      manifest,
      OTHER_FRAMES_CANDIDATES,
    );
    expect(result.photos).toBe(files.length);
    expect([...result.choices.values()].reduce((a, b) => a + b, 0)).toBe(3);
    for (const name of result.choices.keys()) expect(name).toMatch(/^share (0|0\.25|0\.5|0\.75)$/);
    expect(result.heldOut[0]).toBeGreaterThan(0.9);
  });

  it("offers the shipped numbers among its choices", () => {
    expect(STYLE_GRID).toContainEqual(STYLE_WEIGHTS);
    // The rubric's own point is there too, first among equals: choosing it means the fitted numbers did not hold out.
    const rubric = STYLE_GRID.findIndex((w) => w.arms && Math.abs(w.trailingShare - 0.2 / 1.45) < 0.005);
    expect(rubric).toBeGreaterThanOrEqual(0);
    expect(STYLE_GRID.findIndex((w) => !w.arms)).toBeGreaterThan(rubric);
  });
});
