/**
 * Fits the crop prior's three free numbers (scale, verticalShift, leadRoom; scaleBySize is set by hand) on labelled photos and
 * reports in-sample and k-fold cross-validated figures beside the naive baseline.
 *
 *   npx tsx companion/eval/fit-crops.ts <analysis.jsonl> <labels.json> [--folds 5] [--by-source manifest.json]
 *
 * --by-source folds by the manifest's source_repo instead (leave-one-source-out: a source's photos never fit the
 * numbers their crops are judged with), the figure to quote.
 *
 * Objective: mean IoU of the best 4:5 proposal with the photographer's crop (smooth, unlike the median), over a
 * coarse grid — three parameters, a few hundred grid points: little room to overfit ~130 photos.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { CROP_PRIOR, proposeCrops } from "../../core/domain/crop/index.ts";
import { Box, Keypoints } from "../../core/domain/analysis.ts";
import { CropLabels, type EvalRecord, evaluateCrops, formatFigures } from "./crops.ts";
import { crossValidate, fileFolds, fit, sourceFolds, viaCv } from "./crop-loso.ts";
import { LosoManifest } from "./loso.ts";

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
  const bySource = process.argv.indexOf("--by-source");
  const folds =
    bySource > 0
      ? sourceFolds(
          recs,
          labels,
          LosoManifest.parse(JSON.parse(readFileSync(process.argv[bySource + 1]!, "utf8"))),
        )
      : fileFolds(recs, labels, k);
  const cv = crossValidate(recs, labels, folds, (line) => console.log(line));
  const how = bySource > 0 ? "leave-one-source-out" : `${k}-fold cross-validated`;
  console.log(`${how}:\n${formatFigures(evaluateCrops(cv, labels, viaCv))}`);
}

main();
