/**
 * `stridelight worker --queue redis://…`: this machine analyzes photos for whoever enqueues them (a companion or a
 * batch CLI on another machine), until SIGINT/SIGTERM; then running photos finish and the threads stop.
 * Also runnable on its own (`node --import tsx companion/cli/worker-command.ts --queue …`), which the tests use.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pino from "pino";
import { QueueWorker } from "../distributed/queue-worker.ts";
import { ExiftoolWatchdog } from "../lifecycle/exiftool-watchdog.ts";
import { redactSecrets } from "../distributed/redact-url.ts";
import { reapOrphanedExiftool } from "../../core/adapters/exiftool-orphans.ts";
import { UsageError } from "./options.ts";
import { queueRunOptions, type QueueFlags } from "./queue-options.ts";

export interface WorkerFlags extends QueueFlags {
  /** File holding the companion's pairing token (to fetch models a job names and this machine lacks). */
  tokenFile?: string;
  /** How this machine is named in results and failures (default: host name and pid). */
  name?: string;
  /** This machine's models folder (default: the repository's models/). */
  modelsDir?: string;
  /** Where models fetched from the companion are kept (default: the system temp folder). */
  modelCache?: string;
}

export async function workerCommand(flags: WorkerFlags): Promise<QueueWorker> {
  // The URL may come from the environment: a password in argv is visible to every user of the machine (ps).
  const options = queueRunOptions({ ...flags, queue: flags.queue ?? process.env.STRIDELIGHT_QUEUE });
  if (options.workers < 1) throw new UsageError("--workers must be at least 1 for a worker");
  const log = pino({ name: "stridelight-worker" }, pino.destination(2));
  const reaped = reapOrphanedExiftool();
  if (reaped > 0) log.warn({ reaped }, "ended exiftool processes a killed worker left behind");
  // The RAW previews' exiftool processes end with this worker, also when it is killed (lifecycle/exiftool-watchdog).
  const watchdog = ExiftoolWatchdog.start();
  const worker = await QueueWorker.start(options.target, {
    workers: options.workers,
    maxSide: options.maxSide,
    lockMs: options.lockMs!,
    ...(options.runtime ? { runtime: options.runtime } : {}),
    ...(options.pathMap ? { pathMap: options.pathMap } : {}),
    ...(flags.tokenFile ? { token: readToken(flags.tokenFile) } : {}),
    ...(flags.name ? { machine: flags.name } : {}),
    ...(flags.modelsDir ? { modelsDir: resolve(flags.modelsDir) } : {}),
    ...(flags.modelCache ? { modelCache: resolve(flags.modelCache) } : {}),
    log,
  }).catch((error: unknown) => {
    watchdog.stop();
    throw error;
  });
  log.info({ queue: options.target.shown, workers: options.workers }, "worker ready, taking photos");
  const stop = (signal: string) => {
    log.info({ signal, done: worker.jobsDone }, "stopping: finishing the photos in flight");
    void worker.close().then(() => {
      watchdog.stop();
      process.exit(0);
    });
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  return worker;
}

function readToken(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    throw new UsageError(`--token-file ${file}: cannot read it`);
  }
}

const runDirectly = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (runDirectly) {
  const { values } = parseArgs({
    options: {
      queue: { type: "string" },
      workers: { type: "string" },
      "max-side": { type: "string" },
      "lock-ms": { type: "string" },
      "path-map": { type: "string", multiple: true },
      "token-file": { type: "string" },
      name: { type: "string" },
      "models-dir": { type: "string" },
      "model-cache": { type: "string" },
    },
  });
  workerCommand({
    ...(values.queue ? { queue: values.queue } : {}),
    ...(values.workers ? { workers: values.workers } : {}),
    ...(values["max-side"] ? { maxSide: values["max-side"] } : {}),
    ...(values["lock-ms"] ? { lockMs: values["lock-ms"] } : {}),
    ...(values["path-map"] ? { pathMap: values["path-map"] } : {}),
    ...(values["token-file"] ? { tokenFile: values["token-file"] } : {}),
    ...(values.name ? { name: values.name } : {}),
    ...(values["models-dir"] ? { modelsDir: values["models-dir"] } : {}),
    ...(values["model-cache"] ? { modelCache: values["model-cache"] } : {}),
  }).catch((error: unknown) => {
    process.stderr.write(
      `stridelight worker: ${redactSecrets(error instanceof Error ? error.message : String(error))}\n`,
    );
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
