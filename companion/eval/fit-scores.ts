/**
 * Dev figures of the scores and a cross-validated check of the keeper head's prior weights.
 *
 *   npx tsx companion/eval/fit-scores.ts <records.jsonl> [devDir]
 *
 * records.jsonl: analysis records (`stridelight analyze --jsonl`, or the provisional dev records; missing fields are
 * filled with "unknown"). devDir defaults to ../shared/data/dev. Prints ours vs naive (in-sample: the style and the
 * prior keeper weights are not fitted), then a logistic keeper head fitted toward the prior (L2 pull to the prior
 * weights) under 5-fold cross-validation grouped by burst/series, to show whether fitting would help on unseen photos.
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { AnalysisRecord } from "../../core/domain/analysis.ts";
import { KEEPER_FEATURES } from "../../core/domain/keeper/features.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS, type KeeperWeights } from "../../core/domain/keeper/prior.ts";
import { DEFAULT_SCORING_OPTIONS, scoreShoot } from "../../core/domain/scoring.ts";
import {
  auc,
  DevManifest,
  evaluateScores,
  naiveSize,
  ScoreLabels,
  type EvalScoreRecord,
  type ScoreFigures,
} from "./scores.ts";

/** Fills what the provisional records lack, so they pass the analysis schema. */
export function lenientRecord(raw: Record<string, unknown>): AnalysisRecord {
  return AnalysisRecord.parse({
    schema: "stridelight.analysis/1",
    source: { format: "unknown", raw: false, preview: null, orientation: null, bytes: 0, sha256: "" },
    capture: { time: null, epochMs: null, camera: null, lens: null, focalLength: null, exposureTime: null },
    faces: [],
    models: {},
    timings: { decode: 0, detect: 0, pose: 0, face: 0, total: 0 },
    warnings: [],
    ...raw,
    runners: (raw.runners as Record<string, unknown>[]).map((r) => ({ score: 0, poseScore: 0, ...r })),
  });
}

function readRecords(file: string): AnalysisRecord[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((r) => !("error" in r))
    .map(lenientRecord);
}

function print(name: string, f: ScoreFigures): void {
  const p = (x: number) => x.toFixed(2);
  console.log(`${name}:`);
  console.log(
    `  running style vs form rating (n=${f.styleSpearman.n}): Spearman ${p(f.styleSpearman.ours)} (naive ${p(f.styleSpearman.naive)})`,
  );
  console.log(
    `  keeper AUC (n=${f.keeperAuc.n}, ${f.keeperAuc.keepers} keep): ${p(f.keeperAuc.ours)} (naive ${p(f.keeperAuc.naive)})`,
  );
  const fl = f.flightAccuracy;
  console.log(
    `  flight phase, yes/no labels (n=${fl.n}): ${p(fl.ours)} (naive always "no" ${p(fl.naive)}); 3-class incl. unclear (n=${fl.threeClassN}): ${p(fl.threeClass)}`,
  );
  const b = f.bestOfBurst;
  console.log(
    `  best-of-burst top-1: ${b.ours}/${b.n} (naive ${b.naive}/${b.n}); highest keeper of the labelled members: ${b.byKeeper}/${b.n}`,
  );
}

/** Logistic regression by gradient descent with an L2 pull toward the prior weights (not toward 0). */
export function fitToward(
  prior: KeeperWeights,
  rows: number[][],
  y: boolean[],
  lambda: number,
  steps = 3000,
): KeeperWeights {
  const w = [...prior.weights];
  let b = prior.bias;
  const lr = 0.5;
  for (let s = 0; s < steps; s++) {
    const gw = w.map((wi, j) => lambda * (wi - prior.weights[j]!));
    let gb = 0;
    rows.forEach((x, i) => {
      const err = keeperReference({ ...prior, weights: w, bias: b }, x) - (y[i] ? 1 : 0);
      x.forEach((xj, j) => (gw[j]! += (err * xj) / rows.length));
      gb += err / rows.length;
    });
    w.forEach((_, j) => (w[j]! -= lr * gw[j]!));
    b -= lr * gb;
  }
  return { features: prior.features, weights: w, bias: b };
}

async function main(): Promise<void> {
  const [file, devDir = join(process.cwd(), "..", "shared", "data", "dev")] = process.argv.slice(2);
  if (!file) throw new Error("usage: fit-scores.ts <records.jsonl> [devDir]");
  const labels = ScoreLabels.parse(JSON.parse(readFileSync(join(devDir, "labels.json"), "utf8")));
  const manifest = DevManifest.parse(JSON.parse(readFileSync(join(devDir, "manifest.json"), "utf8")));
  const records = readRecords(file);
  let rows: number[][] = [];
  const head = (r: readonly (readonly number[])[]) => {
    rows = r.map((x) => [...x]);
    return r.map((x) => keeperReference(PRIOR_KEEPER_WEIGHTS, x));
  };
  const scored = await scoreShoot(records, DEFAULT_SCORING_OPTIONS, head);
  print("prior (nothing fitted: in-sample = unseen)", evaluateScores(scored, labels, manifest));
  crossValidate(scored, rows, labels, manifest);
}

/** 5 folds of whole groups (bursts/series never split); AUC pooled over the held-out predictions. */
function crossValidate(
  scored: readonly EvalScoreRecord[],
  rows: number[][],
  labels: ScoreLabels,
  manifest: DevManifest,
): void {
  const lab = new Map(labels.photos.map((p) => [p.file, p]));
  const group = new Map(manifest.map((m) => [m.file, m.group]));
  const idx = scored
    .map((r, i) => ({ i, f: basename(r.file) }))
    .filter(({ f }) => lab.get(f)?.main_runner_box);
  const groups = [...new Set(idx.map(({ f }) => group.get(f) ?? f))].sort();
  const fold = (f: string) => groups.indexOf(group.get(f) ?? f) % 5;
  const y = idx.map(({ f }) => lab.get(f)!.keeper);
  for (const lambda of [0.3, 0.03, 0.003]) {
    const held = idx.map(() => 0);
    const inSample = fitToward(
      PRIOR_KEEPER_WEIGHTS,
      idx.map(({ i }) => rows[i]!),
      y,
      lambda,
    );
    for (let k = 0; k < 5; k++) {
      const train = idx.map((e, j) => ({ e, j })).filter(({ e }) => fold(e.f) !== k);
      const w = fitToward(
        PRIOR_KEEPER_WEIGHTS,
        train.map(({ e }) => rows[e.i]!),
        train.map(({ j }) => y[j]!),
        lambda,
        1500,
      );
      idx.forEach((e, j) => fold(e.f) === k && (held[j] = keeperReference(w, rows[e.i]!)));
    }
    const ins = auc(
      idx.map(({ i }) => keeperReference(inSample, rows[i]!)),
      y,
    );
    console.log(
      `fitted toward prior, λ=${lambda}: keeper AUC in-sample ${ins.toFixed(2)}, 5-fold grouped CV ${auc(held, y).toFixed(2)}`,
    );
    console.log(
      `  weights ${KEEPER_FEATURES.map((f, j) => `${f} ${inSample.weights[j]!.toFixed(2)}`).join(", ")}, bias ${inSample.bias.toFixed(2)}`,
    );
  }
  console.log(
    `naive size AUC on the same photos: ${auc(
      idx.map(({ i }) => naiveSize(scored[i]!)),
      y,
    ).toFixed(2)}`,
  );
}

// Runs as a script; importing it (for lenientRecord, fitToward) runs nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
