import type { AnyRecord } from "../../core/domain/analysis.ts";
import { listPhotos } from "../files/photo-files.ts";
import { poolOptions, UsageError } from "./options.ts";
import { runPhotos } from "../batch/run-photos.ts";
import { summaryLine } from "./summary.ts";

export interface AnalyzeFlags {
  jsonl?: boolean;
  json?: boolean;
  workers?: string;
  provider?: string;
  threads?: string;
  maxSide?: string;
  bibs?: boolean;
}

/** `stridelight analyze`: bad photos are reported in their records; only a failure of the run itself throws. */
export async function analyzeCommand(paths: string[], flags: AnalyzeFlags): Promise<void> {
  const listed = await listPhotos(paths);
  for (const line of listed.missing) process.stderr.write(`stridelight: ${line}\n`);
  if (listed.files.length === 0) throw new UsageError("no photos found in the given paths");
  // A path that is not there still gets its record (error "not-found"), in its place among the others.
  const files = listed.inOrder;
  const options = poolOptions(flags);
  const write = (record: AnyRecord) =>
    process.stdout.write(flags.jsonl ? `${JSON.stringify(record)}\n` : `${summaryLine(record)}\n`);
  const result = await runPhotos(files, options, flags.json ? undefined : write);
  if (flags.json) process.stdout.write(`${JSON.stringify(result.records, null, 2)}\n`);
  const failed = result.records.filter((r) => "error" in r).length;
  process.stderr.write(
    `stridelight: ${files.length} photos (${failed} could not be read) in ${result.seconds.toFixed(1)} s on ${result.workers} workers (${result.provider})\n`,
  );
}
