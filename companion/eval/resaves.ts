/**
 * Re-saved copies of the dev set: every photo saved again the ways photos travel (core/adapters/image-resaves.ts), each
 * folder scored as `stridelight score` scores the originals. A photographer sees no difference between a photo and
 * its copy, so what changes is noise in our judgement: the report gives every dev figure on the originals and on each
 * copy (their spread is how far one figure can be trusted; quote the mean) and, photo by photo, how often the main
 * runner, the stars, the flags and the burst's best frame change.
 *
 *   npm run eval:resaves -- ../shared/data/dev /tmp/resaves        (copies, scores and the report)
 *   npx tsx companion/eval/resaves.ts report ../shared/data/dev /tmp/resaves
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { makeResave, RESAVES } from "../../core/adapters/image-resaves.ts";
import { iou } from "../../core/domain/persons.ts";
import { DEFAULT_ASPECTS } from "../../core/domain/crop/index.ts";
import { DEFAULT_SCORING_OPTIONS } from "../../core/domain/scoring.ts";
import { ScoreRecord } from "../../core/domain/score-record.ts";
import type { PoolOptions } from "../workers/pool.ts";
import { poolOptions } from "../cli/options.ts";
import { listPhotos } from "../files/photo-files.ts";
import { runPhotos } from "../batch/run-photos.ts";
import { scoreRecords } from "../cli/score-command.ts";
import { BibManifest, type BibManifestEntry, evaluateBibs } from "./bibs.ts";
import { CropLabels, evaluateCrops } from "./crops.ts";
import { DevManifest, evaluateScores, isPhotographersRunner, ScoreLabels } from "./scores.ts";
import { LosoManifest } from "./loso.ts";
import { formatChoices, OTHER_FRAMES_CANDIDATES, styleLoso } from "./style-loso.ts";
import { BURST_PICK_SETTINGS, burstPickLoso, candidateText, shippedPickText } from "./burst-pick-loso.ts";
import { inputWeightLoso, keeperInputsLeftOut } from "./keeper-inputs.ts";
import { asAnalysisRecord } from "./saved-records.ts";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { mean } from "../../core/domain/learning/metrics.ts";
import { priorWeight } from "../../core/domain/keeper/prior.ts";

/** The originals' own scores, beside the copies' folders. */
const ORIGINALS = "originals";
/** JPEGs only: a copy keeps its original's name (so the labels still apply) and must be what the name says. */
const RESAVABLE = new Set([".jpg", ".jpeg"]);

/** The dev photos re-saved, by file name; the originals are scored on the same list. */
function sources(manifest: DevManifest): string[] {
  return manifest.map((m) => m.file).filter((f) => RESAVABLE.has(extname(f).toLowerCase()));
}

async function run(devFolder: string, outFolder: string, pool: PoolOptions): Promise<void> {
  const truth = readTruth(devFolder);
  const files = sources(truth.manifest);
  mkdirSync(outFolder, { recursive: true });
  await scoreFiles(
    files.map((f) => join(devFolder, f)),
    join(outFolder, `${ORIGINALS}.jsonl`),
    pool,
  );
  for (const resave of RESAVES) {
    const folder = join(outFolder, resave);
    mkdirSync(folder, { recursive: true });
    for (const f of files) {
      const target = join(folder, f);
      if (!existsSync(target)) await makeResave(join(devFolder, f), target, resave);
    }
    await scoreFiles(
      files.map((f) => join(folder, f)),
      `${folder}.jsonl`,
      pool,
    );
  }
  await report(truth, outFolder);
}

/** Scores the files as one shoot, as `stridelight score` does a folder, and writes the records. */
async function scoreFiles(files: string[], out: string, pool: PoolOptions): Promise<void> {
  const { files: photos } = await listPhotos(files);
  const analyzed = await runPhotos(photos, pool);
  const scored = await scoreRecords(analyzed.records, DEFAULT_SCORING_OPTIONS, null, DEFAULT_ASPECTS);
  writeFileSync(out, scored.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

/** The score records of a folder's run by file name; a photo that could not be read (an error line) has none. */
function readScores(path: string): Map<string, ScoreRecord> {
  const out = new Map<string, ScoreRecord>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    const r = ScoreRecord.safeParse(JSON.parse(line));
    if (r.success) out.set(basename(r.data.file), r.data);
  }
  return out;
}

/** What the photographer's labels and the manifest say, read once for every folder's figures. */
interface DevTruth {
  readonly labels: ScoreLabels;
  readonly crops: CropLabels;
  readonly manifest: DevManifest;
  readonly bibs: readonly BibManifestEntry[];
  readonly sources: LosoManifest;
}

function readTruth(devFolder: string): DevTruth {
  const labels = JSON.parse(readFileSync(join(devFolder, "labels.json"), "utf8")) as unknown;
  const manifest = JSON.parse(readFileSync(join(devFolder, "manifest.json"), "utf8")) as unknown;
  return {
    labels: ScoreLabels.parse(labels),
    crops: CropLabels.parse(labels),
    manifest: DevManifest.parse(manifest),
    bibs: BibManifest.parse(manifest),
    sources: LosoManifest.parse(manifest),
  };
}

/** The dev figures of one scored folder, as dev-eval.py defines them. */
interface Figures {
  mainRunner: number;
  style: number;
  keeperAuc: number;
  /** keeper AUC with the photos where no one runs as rejects. */
  keeperWithNoRunner: number;
  bestOfBurst: number;
  cropInside: number;
  cropIou: number;
  /** Truth bibs read on their photo, of all truth bibs (the manifest's). */
  bibRecall: number;
}

function figuresOf(records: Map<string, ScoreRecord>, truth: DevTruth): Figures {
  const { labels } = truth;
  const list = [...records.values()];
  const bibs = evaluateBibs(list, truth.bibs);
  const scores = evaluateScores(list, labels, truth.manifest);
  const crops = evaluateCrops(list, truth.crops);
  const mains = labels.photos.filter((p) => p.main_runner_box && records.has(p.file));
  const right = mains.filter((p) => {
    const r = records.get(p.file)!;
    const pick = r.prominent === null ? undefined : r.runners[r.prominent];
    return pick !== undefined && isPhotographersRunner(pick.box, p.main_runner_box!);
  }).length;
  return {
    mainRunner: right / Math.max(1, mains.length),
    style: scores.styleSpearman.ours,
    keeperAuc: scores.keeperAuc.ours,
    keeperWithNoRunner: scores.keeperWithNoRunner.ours,
    bestOfBurst: scores.bestOfBurst.ours,
    cropInside: crops.ours.runnerInside,
    cropIou: crops.ours.iouMedian,
    bibRecall: bibs.recall,
  };
}

/** How a copy's verdicts differ from the original's, photo by photo. */
interface Changes {
  photos: number;
  pickMoved: number;
  starsChanged: number;
  flagsChanged: number;
  burstBestChanged: number;
  keeperDelta: number[];
}

function changes(original: Map<string, ScoreRecord>, copy: Map<string, ScoreRecord>): Changes {
  const out: Changes = {
    photos: 0,
    pickMoved: 0,
    starsChanged: 0,
    flagsChanged: 0,
    burstBestChanged: 0,
    keeperDelta: [],
  };
  for (const [file, c] of copy) {
    const o = original.get(file);
    if (!o) continue;
    out.photos++;
    if (!samePick(o, c)) out.pickMoved++;
    if (o.rating !== c.rating) out.starsChanged++;
    const [fo, fc] = [new Set(o.flags), new Set(c.flags)];
    if (fo.size !== fc.size || [...fo].some((f) => !fc.has(f))) out.flagsChanged++;
    if ((o.burst?.best ?? false) !== (c.burst?.best ?? false)) out.burstBestChanged++;
    if (o.keeper !== null && c.keeper !== null) out.keeperDelta.push(Math.abs(c.keeper - o.keeper));
  }
  out.keeperDelta.sort((a, b) => a - b);
  return out;
}

/** The same main runner: both without one, or boxes overlapping by IoU 0.5 (the copies keep the frame). */
function samePick(a: ScoreRecord, b: ScoreRecord): boolean {
  if (a.prominent === null || b.prominent === null) return a.prominent === b.prominent;
  return iou(a.runners[a.prominent]!.box, b.runners[b.prominent]!.box) >= 0.5;
}

const FIGURES: readonly [keyof Figures, string, number][] = [
  ["mainRunner", "main runner", 2],
  ["keeperAuc", "keeper AUC", 3],
  ["keeperWithNoRunner", "keeper AUC, no one running = reject", 3],
  ["style", "style Spearman", 2],
  ["bestOfBurst", "best-of-burst", 0],
  ["cropInside", "crop inside", 2],
  ["cropIou", "crop IoU median", 3],
  ["bibRecall", "bib recall", 3],
];

async function report(truth: DevTruth, outFolder: string): Promise<void> {
  const original = readScores(join(outFolder, `${ORIGINALS}.jsonl`));
  const copies = RESAVES.filter((r) => existsSync(join(outFolder, `${r}.jsonl`))).map(
    (r) => [r, readScores(join(outFolder, `${r}.jsonl`))] as const,
  );
  const rows = [[ORIGINALS, original] as const, ...copies].map(
    ([name, recs]) => [name, figuresOf(recs, truth)] as const,
  );
  const lines = [`${original.size} photos; the originals and ${copies.length} re-saved copies of each`];
  lines.push(`| figure | ${rows.map(([n]) => n).join(" | ")} | mean | range |`);
  lines.push(`|---|${rows.map(() => "---|").join("")}---|---|`);
  for (const [key, name, digits] of FIGURES) {
    const values = rows.map(([, f]) => f[key]);
    const fmt = (v: number) => v.toFixed(digits);
    lines.push(
      `| ${name} | ${values.map(fmt).join(" | ")} | ${mean(values).toFixed(digits + 1)} | ${fmt(Math.max(...values) - Math.min(...values))} |`,
    );
  }
  const folders = [original, ...copies.map(([, recs]) => recs)];
  const analysed = folders.map((recs) => [...recs.values()].map(asAnalysisRecord));
  lines.push("", ...styleSection(truth, folders), ...(await burstSection(truth, analysed)));
  lines.push("", ...(await keeperInputsSection(truth, analysed)));
  lines.push("", "photo by photo against the originals:");
  for (const [name, recs] of copies) {
    const c = changes(original, recs);
    const q = (p: number) => (c.keeperDelta[Math.floor(p * (c.keeperDelta.length - 1))] ?? 0).toFixed(3);
    lines.push(
      `  ${name.padEnd(10)} n=${c.photos}: main runner moved ${c.pickMoved}, stars changed ${c.starsChanged}, flags changed ${c.flagsChanged}, burst best changed ${c.burstBestChanged}; keeper |change| median ${q(0.5)}, 90th percentile ${q(0.9)}`,
    );
  }
  process.stdout.write(lines.join("\n") + "\n");
}

/** The style's fitted numbers chosen without each source (style-loso.ts): the style figure to quote. */
function styleSection(truth: DevTruth, folders: readonly Map<string, ScoreRecord>[]): string[] {
  const s = styleLoso(folders, truth.labels, truth.sources);
  const o = styleLoso(folders, truth.labels, truth.sources, OTHER_FRAMES_CANDIDATES);
  const row = (xs: readonly number[]) =>
    `${xs.map((x) => x.toFixed(3)).join(" / ")}, mean ${mean(xs).toFixed(3)}`;
  return [
    `running style, its weights (running, trailing-leg share, arms) chosen leave-one-source-out (${s.photos} full-body photos posed in every folder):`,
    `  shipped weight: ${row(s.shipped)}`,
    `  held out by source: ${row(s.heldOut)}; chosen ${formatChoices(s.choices)}`,
    `running style, the share of the runner's other frames of the burst chosen leave-one-source-out (weights as shipped):`,
    `  held out by source: ${row(o.heldOut)}; chosen ${formatChoices(o.choices)}`,
  ];
}

/** Each number of the best-of-burst pick chosen without each source (burst-pick-loso.ts), per folder. */
async function burstSection(
  truth: DevTruth,
  records: readonly (readonly AnalysisRecord[])[],
): Promise<string[]> {
  const row = (xs: readonly number[]) => `${xs.join(" / ")}, mean ${mean(xs).toFixed(2)}`;
  const lines: string[] = [];
  for (const setting of BURST_PICK_SETTINGS) {
    const figures = [];
    for (const recs of records) figures.push(await burstPickLoso(recs, truth.labels, truth.sources, setting));
    lines.push(
      `best-of-burst, the ${setting.name} chosen leave-one-source-out (${figures[0]?.series ?? 0} series):`,
      `  ${candidateText(setting.candidates[0]!)} (nearest the keeper's own ranking): ${row(figures.map((f) => f.neutral))}`,
      `  shipped ${shippedPickText()}: ${row(figures.map((f) => f.shipped))}`,
      `  held out by source: ${row(figures.map((f) => f.heldOut))}; chosen ${figures.map((f) => f.choices.join(",")).join(" / ")}`,
    );
  }
  return lines;
}

/** The shares of an input's prior weight its leave-one-source-out choice is made from. */
const SHARES: readonly number[] = [0, 0.25, 0.5, 0.75, 1];

/** Each keeper input left out in turn (keeper-inputs.ts): what its prior weight is worth on every folder. */
async function keeperInputsSection(
  truth: DevTruth,
  records: readonly (readonly AnalysisRecord[])[],
): Promise<string[]> {
  const rows = await keeperInputsLeftOut(records, truth.labels, truth.manifest);
  const cell = (xs: readonly number[], digits: number) =>
    `${xs.map((x) => x.toFixed(digits)).join(" / ")}, mean ${mean(xs).toFixed(digits + 1)}`;
  const lines = [
    "keeper inputs left out one at a time (the prior's weight set to 0; keeper AUC, with no-runner photos as rejects, best-of-burst):",
    ...rows.map(
      (r) =>
        `  ${(r.input ?? "none (shipped)").padEnd(15)} ${cell(r.keeperAuc, 3)} | ${cell(r.keeperWithNoRunner, 3)} | ${cell(r.bestOfBurst, 0)}`,
    ),
  ];
  // An input the keeper reads better without on the folders' mean: is a smaller weight confirmed held out by source?
  const shipped = mean(rows[0]!.keeperAuc);
  for (const row of rows) {
    if (row.input === null || mean(row.keeperAuc) <= shipped) continue;
    const grid = SHARES.map((share) => share * priorWeight(row.input!));
    const loso = await inputWeightLoso(records, truth.labels, truth.manifest, truth.sources, row.input, grid);
    lines.push(
      `  ${row.input}'s weight chosen leave-one-source-out from ${grid.join(", ")}: held out ${cell(loso.heldOut, 3)} against shipped ${cell(loso.shipped, 3)}; chosen ${loso.choices.join(",")}`,
    );
  }
  return lines;
}

const [command, ...args] = process.argv.slice(2);
if (command === "run" && args.length === 2) await run(args[0]!, args[1]!, poolOptions({}));
else if (command === "report" && args.length === 2) await report(readTruth(args[0]!), args[1]!);
else {
  process.stderr.write(
    "usage: resaves.ts run <dev folder> <out folder> | report <dev folder> <out folder>\n",
  );
  process.exitCode = 2;
}
