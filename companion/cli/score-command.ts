/**
 * `stridelight score`: analyze, then judge the whole shoot at once (bursts need their neighbours), propose crops,
 * read bibs into keywords and, with --write-xmp, write the results under the ownership rule.
 */
import { readFile } from "node:fs/promises";
import type { AnalysisRecord, AnyRecord, FailedRecord } from "../../core/domain/analysis.ts";
import { parseStartList, type StartList } from "../../core/domain/bib/start-list.ts";
import { DEFAULT_ASPECTS } from "../../core/domain/crop/index.ts";
import { resolvePolicy } from "../../core/domain/star-policy.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";
import { DEFAULT_SCORING_OPTIONS, type ScoringOptions } from "../../core/domain/scoring.ts";
import { openKeeperHead } from "../../core/models/keeper-head.ts";
import { scoreAnalyzed } from "../../core/pipeline/score-shoot.ts";
import type { AnalyzeFlags } from "./analyze-command.ts";
import { runOnQueue, type QueueRunOptions } from "../batch/run-on-queue.ts";
import type { PoolOptions } from "../workers/pool.ts";
import { poolOptions, UsageError } from "./options.ts";
import { queueRunOptions, type QueueFlags } from "./queue-options.ts";
import { listPhotos } from "../files/photo-files.ts";
import { runPhotos } from "../batch/run-photos.ts";
import { scoreSummaryLine } from "./summary.ts";
import { DEFAULT_CROP_ASPECT, writeXmpForShoot, type XmpWriteFlags } from "./write-xmp.ts";
import { xmpPolicyFromFlags } from "./xmp-command.ts";
import type { XmpPolicy } from "../../core/domain/xmp/policy.ts";

export interface ScoreFlags
  extends AnalyzeFlags, XmpWriteFlags, Pick<QueueFlags, "queue" | "pathMap" | "modelSource"> {
  policy?: string;
  aspects?: string;
  startList?: string;
  bib?: string;
}

export type ScoreOutput = ScoreRecord | FailedRecord;

export async function scoreCommand(paths: string[], flags: ScoreFlags): Promise<void> {
  const checked = checkedFlags(flags);
  const listed = await listPhotos(paths);
  for (const line of listed.missing) process.stderr.write(`stridelight: ${line}\n`);
  if (listed.files.length === 0) throw new UsageError("no photos found in the given paths");
  // A path that is not there still gets its record (error "not-found"), in its place among the others.
  // (On a Redis queue, workers on other machines cannot say "not here": only the photos found are sent.)
  const files = flags.queue ? listed.files : listed.inOrder;
  const [scoring, startList] = await Promise.all([
    readScoringOptions(flags.policy),
    readStartList(flags.startList),
  ]);
  // --queue: the analysis runs on the Redis queue's workers (ours and any others); scoring stays here.
  const run = checked.queue ? await runOnQueue(files, checked.queue) : await runPhotos(files, checked.pool!);
  const records = await scoreRecords(run.records, scoring, startList, checked.aspects);
  const shown = flags.bib ? records.filter((r) => hasBibRecord(r, flags.bib!)) : records;
  printRecords(shown, flags);
  if (checked.xmpPolicy) await writeXmpForShoot(records, flags, startList, checked.xmpPolicy);
  const failed = records.filter((r) => "error" in r).length;
  process.stderr.write(
    `stridelight: scored ${files.length - failed} of ${files.length} photos in ${run.seconds.toFixed(1)} s\n`,
  );
}

/** Scores the readable photos together; failed ones keep their place in the output with their error. */
export async function scoreRecords(
  analyzed: readonly AnyRecord[],
  scoring: ScoringOptions,
  startList: StartList | null,
  aspects: readonly string[],
): Promise<ScoreOutput[]> {
  const ok = analyzed.filter((r): r is AnalysisRecord => !("error" in r));
  const head = await openKeeperHead();
  try {
    const scored = await scoreAnalyzed(ok, head.head, { scoring, startList, crops: { aspects } });
    const byFile = new Map(scored.map((r) => [r.file, r]));
    return analyzed.map((r) => ("error" in r ? r : byFile.get(r.file)!));
  } finally {
    await head.close();
  }
}

function printRecords(records: readonly ScoreOutput[], flags: ScoreFlags): void {
  if (flags.json) process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  else if (flags.jsonl) for (const r of records) process.stdout.write(`${JSON.stringify(r)}\n`);
  else for (const r of records) process.stdout.write(`${scoreSummaryLine(r)}\n`);
}

function hasBibRecord(record: ScoreOutput, bib: string): boolean {
  const wanted = bib.trim().toUpperCase();
  // Read on the photo, or carried onto it from another photo of the same runner (the record says which).
  return (
    !("error" in record) &&
    record.runners.some((r) => r.bib?.toUpperCase() === wanted || r.carriedBib?.toUpperCase() === wanted)
  );
}

async function readScoringOptions(file: string | undefined): Promise<ScoringOptions> {
  if (!file) return DEFAULT_SCORING_OPTIONS;
  const text = await readFile(file, "utf8").catch(() => {
    throw new UsageError(`${file}: cannot read the policy file`);
  });
  const parsed = resolvePolicy(parseJson(file, text));
  if (!parsed.success) throw new UsageError(`${file}: ${parsed.error.issues.map(describeIssue).join("; ")}`);
  return { ...DEFAULT_SCORING_OPTIONS, policy: parsed.data };
}

async function readStartList(file: string | undefined): Promise<StartList | null> {
  if (!file) return null;
  const text = await readFile(file, "utf8").catch(() => {
    throw new UsageError(`${file}: cannot read the start list`);
  });
  const parsed = parseStartList(text);
  if (!parsed.ok) throw new UsageError(`${file}: line ${parsed.error.line}: ${parsed.error.message}`);
  return parsed.value;
}

/**
 * Every flag checked before a photo is read: a typo in an XMP or crop flag fails at once, not after the analysis of
 * the whole shoot. The crop written with --write-crop is always among the proposals (asked for 9:16 with --aspects
 * 4:5, the photographer still gets the 9:16 crop, not none).
 */
function checkedFlags(flags: ScoreFlags): {
  readonly queue: QueueRunOptions | null;
  readonly pool: PoolOptions | null;
  readonly aspects: readonly string[];
  /** With --write-xmp: the XMP policy the flags ask for. */
  readonly xmpPolicy: XmpPolicy | null;
} {
  const queue = flags.queue ? queueRunOptions(flags) : null;
  const pool = queue ? null : poolOptions(flags);
  const aspects = aspectsOf(flags.aspects, "--aspects");
  if (!flags.writeXmp) return { queue, pool, aspects, xmpPolicy: null };
  const xmpPolicy = xmpPolicyFromFlags(flags);
  const [crop] = aspectsOf(flags.cropAspect ?? DEFAULT_CROP_ASPECT, "--crop-aspect");
  return { queue, pool, aspects: aspects.includes(crop!) ? aspects : [...aspects, crop!], xmpPolicy };
}

function aspectsOf(list: string | undefined, flag: string): readonly string[] {
  if (!list) return DEFAULT_ASPECTS;
  const aspects = list.split(",").map((a) => a.trim());
  const bad = aspects.filter((a) => a !== "original" && !/^\d+(\.\d+)?:\d+(\.\d+)?$/.test(a));
  if (bad.length) throw new UsageError(`${flag}: ${bad.join(", ")} is not an aspect like 4:5 or "original"`);
  return aspects;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  return `${issue.path.map(String).join(".") || "(top)"}: ${issue.message}`;
}
