/**
 * `stridelight bench`: what the photographer waits for. Each round runs, in this one process and over the same
 * photos, Stridelight with the default settings, Stridelight with --no-bibs and the obvious JavaScript stack
 * (obvious-stack.ts), each end to end from a cold start (workers, models) to the last record, and prints the
 * ratios. Running all three in one round keeps the ratio fair on a machine others share; --repeat runs more rounds.
 * `--memory` instead starts one process per worker count and reports its peak RSS.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import type { AnalysisRecord, Timings } from "../../core/domain/analysis.ts";
import type { PoolOptions } from "../workers/pool.ts";
import type { AnalyzeFlags } from "./analyze-command.ts";
import { openObviousStack, type ObviousTimings } from "./obvious-stack.ts";
import { flagsError, intArg, poolOptions, UsageError } from "./options.ts";
import { listPhotos } from "../files/photo-files.ts";
import { DEV_DATA, PACKAGE_ROOT } from "./repo-paths.ts";
import { runPhotos } from "../batch/run-photos.ts";

export interface BenchFlags extends AnalyzeFlags {
  repeat?: string;
  limit?: string;
  compare?: boolean;
  memory?: boolean;
  rssProbe?: boolean;
  /** Also print the README's speed table (markdown) over all rounds. */
  markdown?: boolean;
}

/** Every default of the bench, in one place. */
export const BENCH_DEFAULTS = Object.freeze({
  repeat: 1,
  /** Worker counts whose peak RSS --memory reports (the issue asks for 1, 2 and 8). */
  memoryWorkers: [1, 2, 8] as readonly number[],
  /** Photos each --memory process analyzes: enough for every worker to reach its steady size. */
  memoryPhotos: 24,
});

const BenchArgs = z.object({
  repeat: intArg("repeat", 1, 20).default(BENCH_DEFAULTS.repeat),
  limit: intArg("limit", 1).optional(),
});

/** One end-to-end run: from a cold start to the last photo's result. */
export interface BenchRun {
  readonly name: string;
  readonly photos: number;
  readonly failed: number;
  /** Start (workers spawned, models loaded) to the last result, seconds. */
  readonly wallSeconds: number;
  readonly startupSeconds: number;
  /** Start to the first photo's result, seconds. */
  readonly firstResultSeconds: number;
  /**
   * CPU seconds the process spent (all threads), start-up included: unlike wall time, hardly moved by other
   * people's work on a shared machine (ExifTool's own process is not counted).
   */
  readonly cpuSeconds: number;
  /** Per stage, one value per photo (ms; one worker's time). "photo" is the sum of the stages. */
  readonly stages: Record<string, number[]>;
}

export async function benchCommand(folder: string | undefined, flags: BenchFlags): Promise<void> {
  const target = folder ?? DEV_DATA;
  if (!existsSync(target))
    throw new UsageError(`${target}: no such folder (give a folder of photos to measure)`);
  const args = BenchArgs.safeParse(flags);
  if (!args.success) throw flagsError(args.error);
  const { files: all } = await listPhotos([target]);
  const files = all.slice(0, args.data.limit ?? all.length);
  if (files.length === 0) throw new UsageError(`${target}: no photos in this folder`);
  const options = poolOptions(flags);
  if (flags.rssProbe) return rssProbe(files, options);
  if (flags.memory) return memoryReport(target, files.length);
  process.stdout.write(`${machineLine()}\n`);
  const rounds: BenchRun[][] = [];
  for (let round = 1; round <= args.data.repeat; round++) {
    rounds.push(await benchRound(files, options, flags.compare !== false));
    process.stdout.write(`${roundReport(round, rounds.at(-1)!, options.workers ?? 1)}\n`);
  }
  if (flags.markdown) process.stdout.write(`\n${markdownTable(rounds)}\n`);
}

/** The README's speed table: one row per run and round, the ratios to the obvious stack of the same round. */
export function markdownTable(rounds: readonly BenchRun[][]): string {
  const rows = [
    "| round | run | end to end (start-up incl.) | photos/s | without start-up | first result | CPU/photo | per photo mean / p95 | vs obvious stack |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  rounds.forEach((runs, i) => {
    const obvious = runs.find((r) => r.name.startsWith("obvious"));
    for (const run of runs) {
      const photo = run.stages.photo ?? [];
      const ratio =
        obvious && run !== obvious
          ? `${(photosPerSecond(run, true) / photosPerSecond(obvious, true)).toFixed(2)}x`
          : "—";
      rows.push(
        `| ${i + 1} | ${run.name} | ${run.wallSeconds.toFixed(1)} s | ${photosPerSecond(run, true).toFixed(2)} | ` +
          `${photosPerSecond(run, false).toFixed(2)} photos/s | ${run.firstResultSeconds.toFixed(1)} s | ` +
          `${((1000 * run.cpuSeconds) / run.photos).toFixed(0)} ms | ${mean(photo).toFixed(0)} / ${percentile(photo, 0.95).toFixed(0)} ms | ${ratio} |`,
      );
    }
  });
  return rows.join("\n");
}

/**
 * Default settings, the obvious stack, then --no-bibs: the slow run in the middle evens out drifting load. Given
 * --no-bibs, the bench measures only that (against the obvious stack).
 */
async function benchRound(
  files: readonly string[],
  options: PoolOptions,
  compare: boolean,
): Promise<BenchRun[]> {
  const runs: BenchRun[] = [];
  if (options.bibs !== false)
    runs.push(await stridelightRun("stridelight (default, bibs)", files, { ...options, bibs: true }));
  if (compare) {
    const obvious = await obviousRun(files);
    if (typeof obvious === "string") process.stdout.write(`obvious stack skipped: ${obvious}\n`);
    else runs.push(obvious);
  }
  runs.push(await stridelightRun("stridelight --no-bibs", files, { ...options, bibs: false }));
  return runs;
}

async function stridelightRun(
  name: string,
  files: readonly string[],
  options: PoolOptions,
): Promise<BenchRun> {
  const cpu = process.cpuUsage();
  const result = await runPhotos(files, options);
  const cpuSeconds = cpuSecondsSince(cpu);
  const analyzed = result.records.filter((r): r is AnalysisRecord => !("error" in r));
  return {
    name,
    photos: files.length,
    failed: files.length - analyzed.length,
    wallSeconds: result.startupSeconds + result.seconds,
    startupSeconds: result.startupSeconds,
    firstResultSeconds: result.firstResultSeconds ?? Number.NaN,
    cpuSeconds,
    stages: stagesOf(analyzed),
  };
}

const STAGES: readonly (keyof Timings)[] = ["decode", "detect", "pose", "face", "bibs"];

function stagesOf(records: readonly AnalysisRecord[]): Record<string, number[]> {
  const stages: Record<string, number[]> = {};
  for (const stage of STAGES) {
    const times = records.flatMap((r) => (r.timings[stage] === undefined ? [] : [r.timings[stage]]));
    if (times.length > 0) stages[stage] = times;
  }
  stages.photo = records.map((r) => STAGES.reduce((sum, s) => sum + (r.timings[s] ?? 0), 0));
  return stages;
}

/** The obvious stack, one photo after another (WASM runs single-threaded in Node), from loading Human on. */
async function obviousRun(files: readonly string[]): Promise<BenchRun | string> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const stack = await openObviousStack();
  if (typeof stack === "string") return stack;
  const t1 = performance.now();
  const timings: ObviousTimings[] = [];
  let first = 0;
  let failed = 0;
  for (const file of files) {
    try {
      timings.push(await stack.analyze(file));
    } catch {
      failed += 1; // an unreadable photo costs the yardstick its time too; it is counted, not timed
    }
    first ||= performance.now();
  }
  const end = performance.now();
  const cpuSeconds = cpuSecondsSince(cpu);
  stack.close();
  return {
    name: "obvious JS stack (human + tfjs-wasm, sharp 1024 px)",
    photos: files.length,
    failed,
    wallSeconds: (end - t0) / 1000,
    startupSeconds: (t1 - t0) / 1000,
    firstResultSeconds: (first - t0) / 1000,
    cpuSeconds,
    stages: {
      decode: timings.map((t) => t.decode),
      detect: timings.map((t) => t.detect),
      photo: timings.map((t) => t.decode + t.detect),
    },
  };
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}

export function roundReport(round: number, runs: readonly BenchRun[], workers: number): string {
  const lines = [`round ${round} (${runs[0]?.photos ?? 0} photos; Stridelight with ${workers} workers):`];
  for (const run of runs) lines.push(...runLines(run));
  const obvious = runs.find((r) => r.name.startsWith("obvious"));
  if (obvious) {
    for (const run of runs.filter((r) => r !== obvious)) {
      const ratio = photosPerSecond(run, true) / photosPerSecond(obvious, true);
      const warm = photosPerSecond(run, false) / photosPerSecond(obvious, false);
      lines.push(
        `  ratio ${run.name} / obvious: ${ratio.toFixed(2)}x end to end (${warm.toFixed(2)}x without start-up; ` +
          `${(obvious.cpuSeconds / obvious.photos / (run.cpuSeconds / run.photos)).toFixed(2)}x less CPU per photo)`,
      );
    }
  }
  return lines.join("\n");
}

function runLines(run: BenchRun): string[] {
  const stageLine = Object.entries(run.stages)
    .map(([stage, times]) => `${stage} ${mean(times).toFixed(0)}/${percentile(times, 0.95).toFixed(0)}`)
    .join(", ");
  return [
    `  ${run.name}: ${run.photos} photos${run.failed ? ` (${run.failed} failed)` : ""}`,
    `    end to end ${run.wallSeconds.toFixed(1)} s = ${photosPerSecond(run, true).toFixed(2)} photos/s; ` +
      `without start-up ${(run.wallSeconds - run.startupSeconds).toFixed(1)} s = ${photosPerSecond(run, false).toFixed(2)} photos/s`,
    `    start-up ${run.startupSeconds.toFixed(2)} s, first result ${run.firstResultSeconds.toFixed(2)} s after start, ` +
      `CPU ${((1000 * run.cpuSeconds) / run.photos).toFixed(0)} ms per photo (all threads, start-up included)`,
    `    ms mean/p95 per photo (one worker's time): ${stageLine}`,
  ];
}

export function photosPerSecond(run: BenchRun, withStartup: boolean): number {
  return run.photos / (withStartup ? run.wallSeconds : run.wallSeconds - run.startupSeconds);
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

/** Nearest-rank percentile (p in 0..1). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

/** The --rss-probe child: one default run, then one JSON line with the process's peak resident memory. */
async function rssProbe(files: readonly string[], options: PoolOptions): Promise<void> {
  await runPhotos(files, options);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ workers: options.workers, peakRssMb })}\n`);
}

const ProbeLine = z.object({ workers: z.number(), peakRssMb: z.number() });

/** Peak RSS of a whole `stridelight` process with 1, 2 and 8 workers, each on the same photos. */
async function memoryReport(folder: string, photos: number): Promise<void> {
  const limit = Math.min(photos, BENCH_DEFAULTS.memoryPhotos);
  const peaks: number[] = [];
  process.stdout.write(`${machineLine()}\npeak RSS of one process analyzing ${limit} photos (bibs on):\n`);
  for (const workers of BENCH_DEFAULTS.memoryWorkers) {
    const peak = await probeProcess(folder, workers, limit);
    const extra = peaks.length
      ? `, ${((peak - peaks[0]!) / (workers - 1)).toFixed(0)} MB per extra worker`
      : "";
    peaks.push(peak);
    process.stdout.write(`  ${workers} worker${workers > 1 ? "s" : ""}: ${peak.toFixed(0)} MB${extra}\n`);
  }
}

function probeProcess(folder: string, workers: number, limit: number): Promise<number> {
  const bin = join(PACKAGE_ROOT, "companion/bin/stridelight.js");
  const argv = [bin, "bench", folder, "--rss-probe", "--workers", String(workers), "--limit", String(limit)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      const parsed = ProbeLine.safeParse(safeJson(last));
      if (code === 0 && parsed.success) resolve(parsed.data.peakRssMb);
      else reject(new Error(`the memory probe with ${workers} workers failed (exit ${code}): ${last}`));
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
