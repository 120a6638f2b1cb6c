/**
 * `stridelight bench-companion [folder]`: the same photos through the batch analysis pool and through a running
 * companion (watcher, queue, store, scoring, XMP sidecars), photos per second each and their ratio. A benchmark,
 * not a test: timings on a shared 2-core machine are too noisy to assert on.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pino } from "pino";
import { Daemon } from "../daemon.ts";
import { poolOptions, UsageError } from "./options.ts";
import { listPhotos } from "../files/photo-files.ts";
import { DEV_DATA } from "./repo-paths.ts";
import { runPhotos } from "../batch/run-photos.ts";
import { scoreRecords } from "./score-command.ts";
import { writeXmpForShoot } from "./write-xmp.ts";
import { DEFAULT_ASPECTS } from "../../core/domain/crop/index.ts";
import { DEFAULT_SCORING_OPTIONS } from "../../core/domain/scoring.ts";
import type { PoolOptions } from "../workers/pool.ts";
import type { AnalyzeFlags } from "./analyze-command.ts";

export async function benchCompanionCommand(folder: string | undefined, flags: AnalyzeFlags): Promise<void> {
  const { files } = await listPhotos([folder ?? DEV_DATA]);
  if (files.length === 0) throw new UsageError(`${folder ?? DEV_DATA}: no photos to measure`);
  const options = poolOptions(flags);
  const analysis = await runPhotos(files, options);
  const batch = await batchScoreAndWrite(files, options);
  const daemonSeconds = await throughDaemon(files, options.workers ?? 2);
  const rate = (s: number) => (files.length / s).toFixed(2);
  process.stdout.write(
    `${files.length} photos, ${options.workers} workers\n` +
      `  batch analysis only (stridelight analyze): ${rate(analysis.seconds)} photos/s\n` +
      `  batch score --write-xmp (analyze, score, XMP sidecars): ${rate(batch)} photos/s\n` +
      `  companion (watch, hash, analyze, score, XMP sidecars): ${rate(daemonSeconds)} photos/s\n` +
      `  companion time / batch score --write-xmp time: ${(daemonSeconds / batch).toFixed(2)}\n`,
  );
}

/** What `score --write-xmp --never-modify-originals` does, on copies, timed after the pool has started. */
async function batchScoreAndWrite(files: readonly string[], options: PoolOptions): Promise<number> {
  const copies = copiesOf(files, mkdtempSync(join(tmpdir(), "stridelight-bench-batch-")));
  const run = await runPhotos(copies, options);
  const t0 = performance.now();
  const records = await scoreRecords(run.records, DEFAULT_SCORING_OPTIONS, null, DEFAULT_ASPECTS);
  await writeXmpForShoot(records, { neverModifyOriginals: true, quiet: true }, null);
  return run.seconds + (performance.now() - t0) / 1000;
}

function copiesOf(files: readonly string[], dir: string): string[] {
  return files.map((f, i) => {
    const copy = join(dir, `${i}-${basename(f)}`);
    copyFileSync(f, copy);
    return copy;
  });
}

/** Seconds from the first copy into a watched folder until every photo is done (settle time excluded). */
async function throughDaemon(files: readonly string[], workers: number): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), "stridelight-bench-"));
  const settleMs = 200;
  const config = {
    version: 1,
    dataDir: "data",
    settleMs,
    workers,
    http: { port: 0 },
    folders: [{ path: "import" }],
  };
  writeFileSync(join(root, "watch-config.json"), JSON.stringify(config));
  mkdirSync(join(root, "import"));
  const daemon = await Daemon.start({
    configFile: join(root, "watch-config.json"),
    logger: pino({ level: "warn" }),
  });
  try {
    await daemon.whenIdle();
    const t0 = performance.now();
    copiesOf(files, join(root, "import"));
    await untilDone(daemon, files.length);
    return (performance.now() - t0 - settleMs) / 1000;
  } finally {
    await daemon.stop();
  }
}

async function untilDone(daemon: Daemon, count: number): Promise<void> {
  for (;;) {
    const done = daemon.store.photos.counts().reduce((n, f) => n + f.done + f.failed, 0);
    if (done >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
