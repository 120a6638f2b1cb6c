/** `stridelight bench`: per-stage medians and throughput, with the machine named. */
import { cpus, totalmem } from "node:os";
import { existsSync } from "node:fs";
import type { AnalysisRecord, AnyRecord, Timings } from "../../core/domain/analysis.ts";
import { listPhotos } from "./photo-files.ts";
import { poolOptions, UsageError } from "./options.ts";
import { DEV_DATA } from "./repo-paths.ts";
import { runPhotos } from "./run-photos.ts";
import type { AnalyzeFlags } from "./analyze-command.ts";

const STAGES: (keyof Timings)[] = ["decode", "detect", "pose", "face", "total", "bibs"];

export async function benchCommand(folder: string | undefined, flags: AnalyzeFlags): Promise<void> {
  const target = folder ?? DEV_DATA;
  if (!existsSync(target))
    throw new UsageError(`${target}: no such folder (give a folder of photos to measure)`);
  const { files } = await listPhotos([target]);
  if (files.length === 0) throw new UsageError(`${target}: no photos in this folder`);
  const result = await runPhotos(files, poolOptions(flags));
  process.stdout.write(
    `${benchReport(result.records, result.seconds, result.startupSeconds, result.workers, result.provider)}\n`,
  );
}

export function benchReport(
  records: AnyRecord[],
  seconds: number,
  startup: number,
  workers: number,
  provider: string,
): string {
  const analysed = records.filter((r): r is AnalysisRecord => !("error" in r));
  const lines = [
    `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
    `run: ${records.length} photos (${records.length - analysed.length} unreadable), ${workers} workers, provider ${provider}`,
    "per photo, median ms (one worker's time; workers run side by side):",
    ...STAGES.flatMap((stage) => {
      const times = stageTimes(analysed, stage);
      return times.length ? [`  ${stage.padEnd(7)} ${median(times).toFixed(1)}`] : [];
    }),
    ...bibLine(analysed),
    `throughput: ${(records.length / seconds).toFixed(2)} photos/s (${seconds.toFixed(1)} s after ${startup.toFixed(1)} s start-up)`,
  ];
  return lines.join("\n");
}

function stageTimes(records: AnalysisRecord[], stage: keyof Timings): number[] {
  return records.map((r) => r.timings[stage]).filter((t): t is number => t !== undefined);
}

function bibLine(records: AnalysisRecord[]): string[] {
  const perRunner = bibTimesPerRunner(records);
  return perRunner.length
    ? [`  bibs per runner read: ${median(perRunner).toFixed(1)} ms (outside total)`]
    : [];
}

function bibTimesPerRunner(records: AnalysisRecord[]): number[] {
  return records.flatMap((r) => {
    const read = r.runners.filter((runner) => runner.bib !== undefined).length;
    return read > 0 && r.timings.bibs !== undefined ? [r.timings.bibs / read] : [];
  });
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
