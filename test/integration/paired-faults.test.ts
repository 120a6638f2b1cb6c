/**
 * Paired faults on licensed photos (test/fixtures/photos, Unsplash Licence): three side-view runners, each copied
 * with one fault a photographer sees at a glance (core/adapters/image-faults.ts) and analyzed by the real models.
 * Each fault must lower the keeper against the same frame without it and raise its flag; the control (the
 * background blurred, the runner untouched) must raise no focus or blur flag. The same evaluation over every dev
 * keeper is `npm run eval:faults`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisRecord } from "../../core/domain/analysis.ts";
import { FAULTS, FRAMINGS, makeFault, REFERENCE, type Variant } from "../../core/adapters/image-faults.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { DEFAULT_SCORING_OPTIONS, scoreShoot } from "../../core/domain/scoring.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";
import { Analyzer } from "../../core/pipeline/index.ts";

const PHOTOS = resolve(import.meta.dirname, "../fixtures/photos");
const RUNNERS = [
  "side-jogger-waterfront-chander-unsplash.jpg",
  "side-jogger-woman-tanglao-unsplash.jpg",
  "side-runner-street-kurrasch-unsplash.jpg",
];
const EXPECTED: Record<(typeof FAULTS)[number], readonly string[]> = {
  "runner-blur": ["motion-blur", "focus-missed"],
  "runner-defocus": ["focus-missed", "motion-blur"],
  "dark-2ev": ["underexposed"],
  "dark-3ev": ["underexposed"],
  "bright-2ev": ["overexposed", "highlights-clipped"],
  "feet-cut": ["runner-cut"],
  "head-cut": ["runner-cut"],
  "background-blur": [],
};

const head = (rows: readonly (readonly number[])[]) =>
  rows.map((r) => keeperReference(PRIOR_KEEPER_WEIGHTS, r));

describe("paired faults on licensed runners", () => {
  let analyzer: Analyzer;
  let dir: string;
  const scored = new Map<string, Map<Variant, ScoreRecord>>();

  beforeAll(async () => {
    analyzer = await Analyzer.open({ bibs: false });
    dir = mkdtempSync(join(tmpdir(), "stridelight-faults-"));
    for (const photo of RUNNERS) {
      const source = join(PHOTOS, photo);
      const original = AnalysisRecord.parse(await analyzer.analyze(source));
      const runner = original.runners[original.prominent!]!;
      const k = runner.keypoints!;
      const shinY =
        (Math.max(k.left_knee[1], k.right_knee[1]) + Math.max(k.left_ankle[1], k.right_ankle[1])) / 2;
      // Through the forehead: a quarter of the eyes-to-shoulders distance above the eyes.
      const eyes = Math.min(k.nose[1], k.left_eye[1], k.right_eye[1]);
      const foreheadY = eyes - 0.25 * ((k.left_shoulder[1] + k.right_shoulder[1]) / 2 - eyes);
      const thighY =
        (Math.max(k.left_hip[1], k.right_hip[1]) + Math.max(k.left_knee[1], k.right_knee[1])) / 2;
      const byVariant = new Map<Variant, ScoreRecord>();
      for (const variant of [REFERENCE, ...FAULTS, ...FRAMINGS] as Variant[]) {
        const target = join(dir, `${variant}-${photo}`);
        await makeFault(source, target, variant, { runner: runner.box, shinY, foreheadY, thighY });
        const record = AnalysisRecord.parse(await analyzer.analyze(target));
        // Each copy is its own shoot of one frame, so nothing but the fault differs from the reference.
        byVariant.set(variant, (await scoreShoot([record], DEFAULT_SCORING_OPTIONS, head))[0]!);
      }
      scored.set(photo, byVariant);
    }
  }, 300_000);

  afterAll(async () => {
    await analyzer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the reference copies clean keepers", () => {
    for (const photo of RUNNERS) {
      const reference = scored.get(photo)!.get(REFERENCE)!;
      expect(reference.keeper, photo).toBeGreaterThan(0.8);
      expect(reference.flags, photo).toEqual([]);
    }
  });

  for (const fault of FAULTS.filter((f) => f !== "background-blur" && f !== "head-cut")) {
    it(`lowers the keeper and flags ${fault}`, () => {
      for (const photo of RUNNERS) {
        const byVariant = scored.get(photo)!;
        const copy = byVariant.get(fault)!;
        expect(copy.keeper, photo).toBeLessThan(byVariant.get(REFERENCE)!.keeper);
        expect(
          copy.flags.some((f) => EXPECTED[fault].includes(f)),
          `${photo}: ${copy.flags.join(", ")}`,
        ).toBe(true);
      }
    });
  }

  it("lowers the keeper for a head cut through the forehead, and flags it where the eyes come near the edge", () => {
    let flagged = 0;
    for (const photo of RUNNERS) {
      const byVariant = scored.get(photo)!;
      const copy = byVariant.get("head-cut")!;
      expect(copy.keeper, photo).toBeLessThan(byVariant.get(REFERENCE)!.keeper);
      if (copy.flags.includes("runner-cut")) flagged++;
    }
    // The street runner leans into his stride seen from the side: his eyes-to-shoulders distance is short, so a cut a
    // quarter of it above the eyes leaves them 0.6 of it below the edge, the room the rule leaves for hair at the edge.
    expect(flagged).toBeGreaterThanOrEqual(2);
  });

  it("does not call a background-only blur a fault of the runner", () => {
    for (const photo of RUNNERS) {
      const control = scored.get(photo)!.get("background-blur")!;
      expect(control.flags, photo).not.toContain("motion-blur");
      expect(control.flags, photo).not.toContain("focus-missed");
    }
  });

  it("calls a tight crop through the thighs framing, not a cut runner", () => {
    for (const photo of RUNNERS) {
      const byVariant = scored.get(photo)!;
      const [framed, reference] = [byVariant.get("thighs-cut")!, byVariant.get(REFERENCE)!];
      expect(framed.prominent, photo).not.toBeNull();
      // The same runner: a crop from the top keeps his columns, though his box narrows to what the crop leaves of the
      // stride, so the pick's box lies within the reference pick's columns.
      const [x0, , x1] = framed.runners[framed.prominent!]!.box;
      const [r0, , r1] = reference.runners[reference.prominent!]!.box;
      expect((Math.min(x1, r1) - Math.max(x0, r0)) / (x1 - x0), photo).toBeGreaterThan(0.8);
      expect(framed.flags, photo).not.toContain("runner-cut");
    }
  });
});
