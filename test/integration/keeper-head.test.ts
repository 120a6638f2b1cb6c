import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { standingRunnerRecord } from "../helpers/standing-runner.ts";
import { KEEPER_FEATURES } from "../../core/domain/keeper/features.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { ScoreRecord } from "../../core/domain/score-record.ts";
import { DEFAULT_SCORING_OPTIONS, scoreShoot } from "../../core/domain/scoring.ts";
import {
  buildKeeperHead,
  KeeperHeadCard,
  keeperHeadReference,
  openKeeperHead,
  type OpenKeeperHead,
} from "../../core/models/keeper-head.ts";

/** Deterministic pseudo-random feature rows in 0–1, skewed toward 1 like real frames (same rows every run). */
function rows(n: number): number[][] {
  let s = 12345;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => KEEPER_FEATURES.map(() => next() ** 0.25));
}

describe("keeper head in onnxruntime", () => {
  let open: OpenKeeperHead;
  const built = buildKeeperHead();
  beforeAll(async () => {
    open = await openKeeperHead(built);
  });
  afterAll(async () => {
    await open?.close();
  });

  it("has the documented format and a card that validates", () => {
    expect(KeeperHeadCard.parse(built.card).features).toEqual([...KEEPER_FEATURES]);
    expect(open.runner.inputNames).toEqual(["features"]);
    expect(open.runner.outputNames).toEqual(["keeper"]);
    expect(built.card.weights).toEqual(PRIOR_KEEPER_WEIGHTS.weights);
  });

  it("equals the TypeScript reference of the same weights", async () => {
    const x = rows(64);
    const onnx = await open.head(x);
    const ts = x.map((r) => keeperReference(PRIOR_KEEPER_WEIGHTS, r));
    expect(onnx).toHaveLength(64);
    onnx.forEach((v, i) => expect(v).toBeCloseTo(ts[i]!, 5));
    expect(Math.max(...ts) - Math.min(...ts)).toBeGreaterThan(0.3); // the rows really exercise the head
  });

  it("applies the card's normalisation inside the graph", async () => {
    const mean = KEEPER_FEATURES.map((_, i) => i / 20);
    const scale = KEEPER_FEATURES.map((_, i) => 0.5 + i / 10);
    const head = buildKeeperHead(PRIOR_KEEPER_WEIGHTS, { mean, scale }, { kind: "fitted", notes: "test" });
    const o = await openKeeperHead(head);
    try {
      const x = rows(8);
      const got = await o.head(x);
      keeperHeadReference(head.card, x).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    } finally {
      await o.close();
    }
  });

  it("scores a shoot through the ONNX head into valid score records", async () => {
    const scored = await scoreShoot(
      [record("a.jpg", 0.8), record("b.jpg", 0.3)],
      DEFAULT_SCORING_OPTIONS,
      open.head,
    );
    for (const s of scored) ScoreRecord.parse(s);
    expect(scored[0]!.keeper).toBeGreaterThan(scored[1]!.keeper); // the larger runner, same burst
    expect(scored[0]!.burst).toMatchObject({ rank: 1, best: true, size: 2 });
    expect(scored[0]!.keywords).toContain("Stridelight|burst|best");
  });
});

/** A runner standing straight in the middle of the frame, `height` tall; two such frames 100 ms apart form a burst. */
function record(file: string, height: number): AnalysisRecord {
  return standingRunnerRecord({
    file,
    height,
    epochMs: file === "a.jpg" ? 1000 : 1100,
    sha256: `sha-${file}`,
    phash: "0123456789abcdef",
  });
}
