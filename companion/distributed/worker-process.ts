/**
 * A worker as a separate process (as it runs on another machine): the bench and the tests start them here, and
 * may kill one with SIGKILL. The queue URL travels in the environment, never in argv (ps shows argv to everyone).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const ENTRY = fileURLToPath(new URL("../cli/worker-command.ts", import.meta.url));

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything it wrote to stderr so far (its log; URLs redacted by the worker). */
  readonly log: () => string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface WorkerProcessOptions {
  readonly url: string;
  readonly workers: number;
  readonly maxSide?: number;
  readonly lockMs?: number;
  readonly name?: string;
  readonly extraArgs?: readonly string[];
}

/** Resolves when the worker says it is ready (models loaded, taking jobs). */
export function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const args = ["--import", "tsx", ENTRY, "--workers", String(options.workers)];
  if (options.maxSide) args.push("--max-side", String(options.maxSide));
  if (options.lockMs) args.push("--lock-ms", String(options.lockMs));
  if (options.name) args.push("--name", options.name);
  args.push(...(options.extraArgs ?? []));
  const child = spawn(process.execPath, args, {
    env: { ...process.env, STRIDELIGHT_QUEUE: options.url },
    stdio: ["ignore", "ignore", "pipe"],
    // Its own process group: a SIGKILL takes its helpers (exiftool) along, as a machine dying would.
    detached: true,
  });
  let log = "";
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const handle: WorkerProcess = { child, log: () => log, kill: (signal) => killAndWait(child, signal) };
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (log.includes("worker ready")) finish(() => resolve(handle));
    }, 50);
    const onExit = (code: number | null) =>
      finish(() => reject(new Error(`worker exited (${code}): ${log.slice(-500)}`)));
    const finish = (then: () => void) => {
      clearInterval(poll);
      child.off("exit", onExit);
      then();
    };
    child.on("exit", onExit);
  });
}

function killAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (signal === "SIGKILL" && child.pid) process.kill(-child.pid, signal);
  else child.kill(signal);
  return exited;
}
