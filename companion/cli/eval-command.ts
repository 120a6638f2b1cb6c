/**
 * `stridelight eval <folder>`: score a folder that has a manifest.json (and labels.json) and print what can be
 * compared — running style, keeper, flight, best-of-burst, crops and bibs — each beside the naive baseline.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { BibManifest, evaluateBibs } from "../eval/bibs.ts";
import { CropLabels, evaluateCrops, formatFigures, type CropFigures } from "../eval/crops.ts";
import { devIntervals, intervalLines } from "../eval/intervals.ts";
import { DevManifest, evaluateScores, ScoreLabels, type ScoreFigures } from "../eval/scores.ts";
import { keeperLoso, LosoLabels, losoLines, LosoManifest, seriesLoso } from "../eval/loso.ts";
import { prominenceLine, prominenceLoso } from "../eval/prominence-loso.ts";
import { cropLoso } from "../eval/crop-loso.ts";
import { burstPickLines } from "../eval/burst-pick-loso.ts";
import { asAnalysisRecord } from "../eval/saved-records.ts";
import { formatChoices, OTHER_FRAMES_CANDIDATES, styleLoso } from "../eval/style-loso.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";
import { DEFAULT_SCORING_OPTIONS } from "../../core/domain/scoring.ts";
import { DEFAULT_ASPECTS } from "../../core/domain/crop/index.ts";
import { poolOptions, UsageError } from "./options.ts";
import { listPhotos } from "../files/photo-files.ts";
import { runPhotos } from "../batch/run-photos.ts";
import { scoreRecords, type ScoreOutput } from "./score-command.ts";
import type { AnalyzeFlags } from "./analyze-command.ts";

export async function evalCommand(folder: string, flags: AnalyzeFlags): Promise<void> {
  const manifestPath = join(folder, "manifest.json");
  if (!existsSync(manifestPath))
    throw new UsageError(`${folder}: no manifest.json here, nothing to compare with`);
  const { files } = await listPhotos([folder]);
  const run = await runPhotos(files, poolOptions(flags));
  const records = await scoreRecords(run.records, DEFAULT_SCORING_OPTIONS, null, DEFAULT_ASPECTS);
  const scored = records.filter((r): r is ScoreRecord => !("error" in r));
  process.stdout.write(`${await evaluationReport(folder, scored, records)}\n`);
}

export async function evaluationReport(
  folder: string,
  scored: ScoreRecord[],
  all: ScoreOutput[],
): Promise<string> {
  const manifestJson = JSON.parse(await readFile(join(folder, "manifest.json"), "utf8")) as unknown;
  const lines = [`${all.length} photos, ${all.length - scored.length} unreadable`];
  const labelsPath = join(folder, "labels.json");
  if (existsSync(labelsPath)) {
    const labelsJson = JSON.parse(await readFile(labelsPath, "utf8")) as unknown;
    const figures = evaluateScores(scored, ScoreLabels.parse(labelsJson), DevManifest.parse(manifestJson));
    const crops = evaluateCrops(scored, CropLabels.parse(labelsJson));
    lines.push(...scoreLines(figures), formatFigures(crops));
    lines.push(...(await losoReport(scored, labelsJson, manifestJson)));
    lines.push(...intervalReport(scored, labelsJson, manifestJson, crops));
  }
  const bibs = evaluateBibs(scored, BibManifest.parse(manifestJson));
  lines.push(
    `bibs: recall ${bibs.found}/${bibs.truthBibs} = ${bibs.recall.toFixed(2)}, read bibs in the truth ${bibs.right}/${bibs.readBibs} = ${bibs.precision.toFixed(2)}, F1 ${bibs.f1.toFixed(2)}, bibs on negatives ${bibs.onNegatives}`,
  );
  return lines.join("\n");
}

/** Every fitted number judged leave-one-source-out too, when the manifest names each photo's source. */
async function losoReport(
  scored: ScoreRecord[],
  labelsJson: unknown,
  manifestJson: unknown,
): Promise<string[]> {
  const labels = LosoLabels.safeParse(labelsJson);
  const manifest = LosoManifest.safeParse(manifestJson);
  if (!labels.success || !manifest.success)
    return ["leave-one-source-out: the manifest names no source_repo"];
  const analyzed = scored.map(asAnalysisRecord);
  const keeper = await keeperLoso(analyzed, labels.data, manifest.data);
  const crops = cropLoso(scored, CropLabels.parse(labelsJson), manifest.data);
  const folder = [new Map(scored.map((r) => [basename(r.file), r]))];
  const styleLabels = ScoreLabels.parse(labelsJson);
  const style = styleLoso(folder, styleLabels, manifest.data);
  const otherFrames = styleLoso(folder, styleLabels, manifest.data, OTHER_FRAMES_CANDIDATES);
  return [
    prominenceLine(prominenceLoso(analyzed, labels.data, manifest.data)),
    ...losoLines(keeper, seriesLoso(analyzed, labels.data, manifest.data)),
    ...(await burstPickLines(analyzed, labels.data, manifest.data)),
    `crop prior (scale, vertical shift, lead room; size term set by hand) fitted leave-one-source-out: ${formatFigures(crops)}`,
    `running style's weights (running, trailing-leg share, arms) chosen leave-one-source-out (${style.photos} full-body photos with a pose): Spearman ${style.heldOut[0]!.toFixed(2)} (shipped ${style.shipped[0]!.toFixed(2)}; chosen ${formatChoices(style.choices)}; over re-saved copies too: npm run eval:resaves)`,
    `running style's share of the runner's other frames of the burst chosen leave-one-source-out: Spearman ${otherFrames.heldOut[0]!.toFixed(2)} (chosen ${formatChoices(otherFrames.choices)})`,
  ];
}

/** How far each shipped figure can be trusted, when the manifest names each photo's source. */
function intervalReport(
  scored: ScoreRecord[],
  labelsJson: unknown,
  manifestJson: unknown,
  crops: CropFigures,
): string[] {
  const manifest = LosoManifest.safeParse(manifestJson);
  if (!manifest.success) return [];
  return intervalLines(devIntervals(scored, ScoreLabels.parse(labelsJson), manifest.data, crops));
}

function scoreLines(f: ScoreFigures): string[] {
  const pair = (x: { ours: number; naive: number; n: number }, digits = 2) =>
    `${x.ours.toFixed(digits)} (naive ${x.naive.toFixed(digits)}, n=${x.n})`;
  return [
    `running style vs form rating, Spearman: ${pair(f.styleSpearman)}`,
    `keeper AUC (${f.keeperAuc.keepers} keepers): ${pair(f.keeperAuc)}`,
    `keeper AUC with the ${f.keeperWithNoRunner.noRunner} photos where no one runs as rejects: ${pair(f.keeperWithNoRunner)}`,
    `flight phase accuracy (yes/no photos): ${pair(f.flightAccuracy)}; three classes ${f.flightAccuracy.threeClass.toFixed(2)} (n=${f.flightAccuracy.threeClassN})`,
    `best-of-burst top-1: ${pair(f.bestOfBurst, 0)} bursts; highest keeper among labelled members ${f.bestOfBurst.byKeeper}`,
  ];
}
