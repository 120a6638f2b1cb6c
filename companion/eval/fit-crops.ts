/**
 * Fits the crop prior's four free numbers (scale, scaleBySize, verticalShift, leadRoom) on labelled photos and
 * reports in-sample and k-fold cross-validated figures beside the naive baseline.
 *
 *   npx tsx companion/eval/fit-crops.ts <analysis.jsonl> <labels.json> [--folds 5]
 *
 * Objective: mean IoU of the best 4:5 proposal with the photographer's crop (smooth, unlike the median), over a
 * coarse grid — four parameters, a few hundred grid points: little room to overfit ~90 photos.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { CROP_PRIOR, type CropPrior, proposeCrops } from "../../core/domain/crop/index.ts";
import { Box, Keypoints } from "../../core/domain/analysis.ts";
import { CropLabels, type EvalRecord, evaluateCrops, formatFigures } from "./crops.ts";

const Line = z
  .object({
    file: z.string(),
    width: z.number().positive(),
    height: z.number().positive(),
    prominent: z.number().int().nonnegative().nullable(),
    runners: z.array(z.object({ box: Box, keypoints: Keypoints.nullable() }).loose()),
    source: z.object({ orientation: z.number().nullable() }).loose().nullable().optional(),
  })
  .loose();

export function readRecords(path: string): EvalRecord[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => Line.safeParse(JSON.parse(l)))
    .filter((r) => r.success)
    .map((r) => r.data as EvalRecord);
}

type Free = Pick<CropPrior, "scale" | "scaleBySize" | "verticalShift" | "leadRoom">;
const AXES: { [K in keyof Free]: number[] } = {
  scale: [1.04, 1.06, 1.08, 1.1, 1.12, 1.14, 1.16, 1.18, 1.2, 1.23],
  scaleBySize: [-0.8, -0.6, -0.4, -0.2, 0],
  verticalShift: [-0.03, -0.015, 0, 0.015, 0.03],
  leadRoom: [0, 0.04, 0.08, 0.12, 0.16, 0.2, 0.25],
};
const START: Free = { scale: 1.15, scaleBySize: 0, verticalShift: 0, leadRoom: 0.08 };

function meanIou(recs: EvalRecord[], labels: CropLabels, p: Free): number {
  const prior = { ...CROP_PRIOR, ...p };
  const f = evaluateCrops(recs, labels, (r) => proposeCrops(r, { aspects: ["4:5"], prior }));
  return f.rows.reduce((s, r) => s + r.iou, 0) / Math.max(1, f.rows.length);
}

/** Coordinate descent over the grid of each parameter, three sweeps (the objective is smooth enough). */
function fit(recs: EvalRecord[], labels: CropLabels): Free {
  let best = { ...START };
  let bestScore = meanIou(recs, labels, best);
  for (let sweep = 0; sweep < 3; sweep++) {
    for (const key of Object.keys(AXES) as (keyof Free)[]) {
      for (const v of AXES[key]) {
        const p = { ...best, [key]: v };
        const s = meanIou(recs, labels, p);
        if (s > bestScore + 1e-9) [best, bestScore] = [p, s];
      }
    }
  }
  return best;
}

function labelledFiles(recs: EvalRecord[], labels: CropLabels): string[] {
  const names = new Set(recs.map((r) => r.file.split("/").pop()!));
  return labels.photos
    .filter((p) => p.main_runner_box && p.best_crop_4x5 && names.has(p.file))
    .map((p) => p.file);
}

/** k-fold: folds by sorted file name (neighbouring frames of one burst land in the same fold). */
function crossValidate(recs: EvalRecord[], labels: CropLabels, k: number): EvalRecord[] {
  const files = labelledFiles(recs, labels).sort();
  const fold = new Map(files.map((f, i) => [f, Math.floor((i * k) / files.length)]));
  const out: EvalRecord[] = [];
  for (let i = 0; i < k; i++) {
    const held = labels.photos.filter((p) => fold.get(p.file) === i);
    const train = { photos: labels.photos.filter((p) => fold.has(p.file) && fold.get(p.file) !== i) };
    const p = fit(recs, train);
    console.log(`fold ${i}: ${JSON.stringify(p)}`);
    const prior = { ...CROP_PRIOR, ...p };
    // Held-out photos get their fold's prior baked into the proposals they will be judged on.
    for (const h of held) {
      const r = recs.find((x) => x.file.endsWith(h.file));
      if (r) out.push({ ...r, cvCrops: proposeCrops(r, { aspects: ["4:5"], prior }) } as EvalRecord);
    }
  }
  return out;
}

function main(): void {
  const [jsonl, labelsPath] = process.argv.slice(2);
  const k = Number(process.argv[process.argv.indexOf("--folds") + 1]) || 5;
  if (!jsonl || !labelsPath)
    throw new Error("usage: fit-crops.ts <analysis.jsonl> <labels.json> [--folds 5]");
  const recs = readRecords(jsonl);
  const labels = CropLabels.parse(JSON.parse(readFileSync(labelsPath, "utf8")));
  console.log(`current prior, in-sample:\n${formatFigures(evaluateCrops(recs, labels))}`);
  if (process.argv.includes("--no-fit")) return;
  const p = fit(recs, labels);
  const prior = { ...CROP_PRIOR, ...p };
  console.log(`fitted on all: ${JSON.stringify(p)}`);
  console.log(
    formatFigures(evaluateCrops(recs, labels, (r) => proposeCrops(r, { aspects: ["4:5"], prior }))),
  );
  const cv = crossValidate(recs, labels, k);
  const viaCv = (r: object) => (r as { cvCrops: ReturnType<typeof proposeCrops> }).cvCrops;
  console.log(`${k}-fold cross-validated:\n${formatFigures(evaluateCrops(cv, labels, viaCv))}`);
}

main();
