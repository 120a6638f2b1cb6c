/**
 * The crop prior's three fitted numbers (scale, verticalShift, leadRoom) chosen on a coarse grid, and
 * judged on photos that did not choose them: k folds by file name, or one fold per source (leave-one-source-out,
 * the figure `npm run eval` quotes). Objective: mean IoU of the best 4:5 proposal with the photographer's crop
 * (smooth, unlike the median) — three parameters, a few hundred grid points. scaleBySize is set by hand
 * (core/domain/crop/prior.ts): fitted per source it swung widely and cost the held-out crops most.
 */
import { CROP_PRIOR, type CropPrior, proposeCrops } from "../../core/domain/crop/index.ts";
import { CropLabels, type CropFigures, type EvalRecord, evaluateCrops } from "./crops.ts";
import type { LosoManifest } from "./loso.ts";

export type Free = Pick<CropPrior, "scale" | "verticalShift" | "leadRoom">;
const AXES: { [K in keyof Free]: number[] } = {
  scale: [1.04, 1.06, 1.08, 1.1, 1.12, 1.14, 1.16, 1.18, 1.2, 1.23],
  verticalShift: [-0.03, -0.015, 0, 0.015, 0.03],
  leadRoom: [0, 0.04, 0.08, 0.12, 0.16, 0.2, 0.25],
};
const START: Free = { scale: 1.15, verticalShift: 0, leadRoom: 0.08 };

function meanIou(recs: EvalRecord[], labels: CropLabels, p: Free): number {
  const prior = { ...CROP_PRIOR, ...p };
  const f = evaluateCrops(recs, labels, (r) => proposeCrops(r, { aspects: ["4:5"], prior }));
  return f.rows.reduce((s, r) => s + r.iou, 0) / Math.max(1, f.rows.length);
}

/** Coordinate descent over the grid of each parameter, three sweeps (the objective is smooth enough). */
export function fit(recs: EvalRecord[], labels: CropLabels): Free {
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
export function fileFolds(recs: EvalRecord[], labels: CropLabels, k: number): Map<string, number> {
  const files = labelledFiles(recs, labels).sort();
  return new Map(files.map((f, i) => [f, Math.floor((i * k) / files.length)]));
}

/** One fold per source (manifest source_repo). */
export function sourceFolds(
  recs: EvalRecord[],
  labels: CropLabels,
  manifest: LosoManifest,
): Map<string, number> {
  const sources = [...new Set(manifest.map((m) => m.source_repo))].sort();
  const sourceOf = new Map(manifest.map((m) => [m.file, sources.indexOf(m.source_repo)]));
  return new Map(labelledFiles(recs, labels).map((f) => [f, sourceOf.get(f) ?? -1]));
}

/** Each held-out photo gets the crops of the prior fitted without its fold (as `cvCrops`). */
export function crossValidate(
  recs: EvalRecord[],
  labels: CropLabels,
  fold: Map<string, number>,
  log?: (line: string) => void,
): EvalRecord[] {
  const k = Math.max(0, ...fold.values()) + 1;
  const out: EvalRecord[] = [];
  for (let i = 0; i < k; i++) {
    const held = labels.photos.filter((p) => fold.get(p.file) === i);
    if (held.length === 0) continue;
    const train = { photos: labels.photos.filter((p) => fold.has(p.file) && fold.get(p.file) !== i) };
    const p = fit(recs, train);
    log?.(`fold ${i}: ${JSON.stringify(p)}`);
    const prior = { ...CROP_PRIOR, ...p };
    // Held-out photos get their fold's prior baked into the proposals they will be judged on.
    for (const h of held) {
      const r = recs.find((x) => x.file.endsWith(h.file));
      if (r) out.push({ ...r, cvCrops: proposeCrops(r, { aspects: ["4:5"], prior }) } as EvalRecord);
    }
  }
  return out;
}

/** The 4:5 crop figures with the prior fitted leave-one-source-out. */
export function cropLoso(recs: EvalRecord[], labels: CropLabels, manifest: LosoManifest): CropFigures {
  const cv = crossValidate(recs, labels, sourceFolds(recs, labels, manifest));
  return evaluateCrops(cv, labels, viaCv);
}

export const viaCv = (r: object) => (r as { cvCrops: ReturnType<typeof proposeCrops> }).cvCrops;
