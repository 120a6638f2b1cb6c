import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CropLabels, type EvalRecord, evaluateCrops, naiveCrop } from "../../companion/eval/crops.ts";
import { record, runner } from "./crop-helpers.ts";

const DEV = join(import.meta.dirname, "..", "..", "..", "shared", "data", "dev");

describe("crop figures (dev-eval.py definitions)", () => {
  it("computes the naive baseline as dev-eval.py does: largest person, 1.2x, 4:5, centred, slid inside", () => {
    const rec = record(1000, 1000, [runner([0.1, 0.1, 0.2, 0.3]), runner([0.5, 0.2, 0.7, 0.8])]);
    // bh = 600, bw = 200 -> ch = max(720, 300) = 720, cw = 576, centred on (600, 500).
    const c = naiveCrop(rec)!;
    [0.312, 0.14, 0.888, 0.86].forEach((v, i) => expect(c[i]).toBeCloseTo(v, 9));
    expect(naiveCrop(record(1000, 1000, []))).toBeNull();
  });

  it("counts 'inside' with the 0.02 tolerance, only where a 4:5 frame can hold the runner", () => {
    const recs: EvalRecord[] = [
      { ...record(1000, 1000, [runner([0.4, 0.3, 0.6, 0.7])]), file: "/x/a.jpg" },
      { ...record(1000, 1000, [runner([0.0, 0.3, 1.0, 0.7])]), file: "/x/b.jpg" },
    ];
    const labels = CropLabels.parse({
      photos: [
        { file: "a.jpg", main_runner_box: [0.4, 0.3, 0.6, 0.7], best_crop_4x5: [0.34, 0.25, 0.66, 0.75] },
        { file: "b.jpg", main_runner_box: [0.0, 0.3, 1.0, 0.7], best_crop_4x5: [0.1, 0.0, 0.9, 1.0] },
        { file: "missing.jpg", main_runner_box: [0.1, 0.1, 0.2, 0.2], best_crop_4x5: [0, 0, 0.8, 1] },
      ],
    });
    const always = () => [
      { aspect: "4:5", box: [0.38, 0.28, 0.62, 0.72] as [number, number, number, number], score: 1 },
    ];
    const f = evaluateCrops(recs, labels, always as never);
    expect(f.ours.photos).toBe(2);
    expect(f.ours.canHold).toBe(1); // b: a runner as wide as the photo does not fit a 4:5 frame
    expect(f.ours.runnerInside).toBe(1); // 0.38 <= 0.4 + 0.02 etc.
  });

  it.skipIf(!existsSync(join(DEV, "labels.json")))(
    "frames the labelled runner of the dev photos close to the photographer's crop (skips without ../shared/data/dev)",
    () => {
      const labels = CropLabels.parse(JSON.parse(readFileSync(join(DEV, "labels.json"), "utf8")));
      const sizes = displayedSizes(JSON.parse(readFileSync(join(DEV, "manifest.json"), "utf8")));
      const recs = labels.photos
        .filter((p) => p.main_runner_box && sizes.has(p.file))
        .map((p) => ({
          file: p.file,
          ...sizes.get(p.file)!,
          prominent: 0,
          runners: [{ box: p.main_runner_box!, keypoints: null }],
        }));
      const f = evaluateCrops(recs, labels);
      expect(f.ours.iouMedian).toBeGreaterThan(0.9);
      expect(f.ours.runnerInside).toBeGreaterThan(0.95);
    },
  );
});

const ManifestEntry = z.object({
  file: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  exif_orientation: z.number().nullable(),
});

/** Displayed size of each dev photo (EXIF orientations 5–8 swap the stored width and height). */
function displayedSizes(json: unknown): Map<string, { width: number; height: number }> {
  const sizes = new Map<string, { width: number; height: number }>();
  for (const e of z.array(ManifestEntry.loose()).parse(json)) {
    if (e.width === null || e.height === null) continue;
    const turned = (e.exif_orientation ?? 1) >= 5;
    sizes.set(e.file, turned ? { width: e.height, height: e.width } : { width: e.width, height: e.height });
  }
  return sizes;
}
