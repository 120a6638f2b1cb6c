/**
 * Dev figures of burst grouping and the best-of-burst pick, re-run from stored records with the domain's functions.
 *
 *   npx tsx companion/eval/fit-bursts.ts [records.jsonl] [devDir]
 *
 * records.jsonl: score or analysis records of the whole dev set (default /tmp/provisional/dev-score.jsonl); devDir
 * defaults to ../shared/data/dev. Prints, for the stored records (the rule that produced them) and for a re-run of
 * scoreShoot (prior keeper head, current grouping):
 * - best-of-burst top-1 as dev-eval.py counts it (exactly one "best" among a labelled burst's members, and it is the
 *   photographer's first) beside the naive largest person;
 * - labelled bursts split (members in more than one burst) and merged (a burst holding a labelled member and a frame
 *   of another manifest group), and false joins over the whole set (bursts spanning manifest groups);
 * - the ranking alone (on the labelled members, grouping taken as right) for the keeper and for a keeper + "closer"
 *   term, with leave-one-burst-out cross-validation of that term's weight.
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { AnalysisRecord } from "../../core/domain/analysis.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { DEFAULT_SCORING_OPTIONS, scoreShoot } from "../../core/domain/scoring.ts";
import { argmax, DevManifest, naiveSize, ScoreLabels } from "./scores.ts";

interface BurstRow {
  readonly file: string;
  readonly burst: { readonly id: string; readonly best: boolean } | null;
}

export interface GroupingFigures {
  top1: number;
  naive: number;
  n: number;
  split: number;
  merged: number;
  falseJoins: number;
}

type Raw = Record<string, unknown>;

function readRaw(file: string): Raw[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as Raw)
    .filter((r) => !("error" in r));
}

/** A score record read back as the analysis record it extends (extra fields are dropped by the schema). */
function asAnalysis(raw: Raw): AnalysisRecord {
  return AnalysisRecord.parse({ ...raw, schema: "stridelight.analysis/1" });
}

export function groupingFigures(
  rows: readonly (BurstRow & { runners: readonly { box: readonly number[] }[] })[],
  labels: ScoreLabels,
  manifest: DevManifest,
): GroupingFigures {
  const byName = new Map(rows.map((r) => [basename(r.file), r]));
  const group = new Map(manifest.map((m) => [m.file, m.group]));
  const members = new Map<string, string[]>();
  for (const r of rows) members.set(r.burst!.id, [...(members.get(r.burst!.id) ?? []), basename(r.file)]);
  const f: GroupingFigures = { top1: 0, naive: 0, n: 0, split: 0, merged: 0, falseJoins: 0 };
  for (const b of labels.bursts) {
    const present = b.ranking.filter((x) => byName.has(x));
    if (present.length < 2) continue;
    f.n++;
    const best = present.filter((x) => byName.get(x)!.burst!.best);
    f.top1 += Number(best.length === 1 && best[0] === b.ranking[0]);
    f.naive += Number(argmax(present, (x) => naiveSize(byName.get(x)! as never)) === b.ranking[0]);
    const ids = new Set(present.map((x) => byName.get(x)!.burst!.id));
    f.split += Number(ids.size > 1);
    f.merged += Number([...ids].some((id) => members.get(id)!.some((x) => group.get(x) !== b.group)));
  }
  f.falseJoins = [...members.values()].filter(
    (m) => new Set(m.map((x) => group.get(x) ?? x)).size > 1,
  ).length;
  return f;
}

function printGrouping(name: string, f: GroupingFigures): void {
  console.log(
    `${name}: best-of-burst top-1 ${f.top1}/${f.n} (naive largest person ${f.naive}/${f.n}); ` +
      `labelled bursts split ${f.split}, merged with other frames ${f.merged}; bursts spanning manifest groups ${f.falseJoins}`,
  );
}

/** Per labelled burst: its present members with the first-pass keeper and the prominent runner's box area. */
interface RankCase {
  readonly ranking: readonly string[];
  readonly frames: readonly { file: string; keeper: number; area: number }[];
}

const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** Keeper logit plus weight · log2(runner size / largest runner size in the burst): closer frames gain. */
function closerPick(c: RankCase, weight: number): string {
  const maxArea = Math.max(1e-6, ...c.frames.map((x) => x.area));
  const score = (x: RankCase["frames"][number]) =>
    logit(x.keeper) + weight * Math.log2(Math.sqrt(Math.max(1e-6, x.area) / maxArea));
  return argmax(c.frames, score)!.file;
}

const WEIGHTS = [0, 0.5, 1, 2, 4, 8];

function rankingFigures(cases: readonly RankCase[]): void {
  const hits = (w: number, cs: readonly RankCase[]) =>
    cs.filter((c) => closerPick(c, w) === c.ranking[0]).length;
  for (const w of WEIGHTS)
    console.log(`  ranking alone, keeper + ${w}·closer: ${hits(w, cases)}/${cases.length}`);
  let held = 0;
  const chosen: number[] = [];
  cases.forEach((c, k) => {
    const train = cases.filter((_, j) => j !== k);
    const w = argmax(WEIGHTS, (x) => hits(x, train) - x * 1e-3)!;
    chosen.push(w);
    held += Number(closerPick(c, w) === c.ranking[0]);
  });
  console.log(`  leave-one-burst-out: ${held}/${cases.length} (weights chosen ${chosen.join(",")})`);
}

function rankCases(
  scored: readonly {
    file: string;
    prominent: number | null;
    runners: readonly { box: readonly number[] }[];
  }[],
  firstPass: readonly number[],
  labels: ScoreLabels,
): RankCase[] {
  const at = new Map(scored.map((r, i) => [basename(r.file), i]));
  const area = (b: readonly number[]) => (b[2]! - b[0]!) * (b[3]! - b[1]!);
  return labels.bursts
    .map((b) => ({
      ranking: b.ranking,
      frames: b.ranking.flatMap((file) => {
        const i = at.get(file);
        if (i === undefined) return [];
        const r = scored[i]!;
        const box = r.prominent === null ? null : r.runners[r.prominent]!.box;
        return [{ file, keeper: firstPass[i] ?? 0, area: box ? area(box) : 0 }];
      }),
    }))
    .filter((c) => c.frames.length >= 2);
}

async function main(): Promise<void> {
  const [
    file = "/tmp/provisional/dev-score.jsonl",
    devDir = join(process.cwd(), "..", "shared", "data", "dev"),
  ] = process.argv.slice(2);
  const labels = ScoreLabels.parse(JSON.parse(readFileSync(join(devDir, "labels.json"), "utf8")));
  const manifest = DevManifest.parse(JSON.parse(readFileSync(join(devDir, "manifest.json"), "utf8")));
  const raw = readRaw(file);
  if (raw.every((r) => typeof r.burst === "object" && r.burst !== null)) {
    printGrouping("stored records", groupingFigures(raw as never, labels, manifest));
  }
  let firstPass: number[] | null = null;
  const head = (rows: readonly (readonly number[])[]) => {
    const out = rows.map((x) => keeperReference(PRIOR_KEEPER_WEIGHTS, x));
    firstPass ??= out;
    return out;
  };
  const scored = await scoreShoot(raw.map(asAnalysis), DEFAULT_SCORING_OPTIONS, head);
  printGrouping("re-run (current rule)", groupingFigures(scored, labels, manifest));
  rankingFigures(rankCases(scored, firstPass!, labels));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
