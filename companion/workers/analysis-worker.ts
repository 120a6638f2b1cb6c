/**
 * One worker thread = one Analyzer = one model set. It takes one photo at a time from the pool, so the pool's
 * queue is the only backpressure there is.
 */
import { parentPort, workerData } from "node:worker_threads";
import { Analyzer } from "../../core/pipeline/analyzer.ts";
import type { FromWorker, ToWorker, WorkerInit } from "./messages.ts";

const port = parentPort;
if (!port) throw new Error("analysis-worker must run in a worker thread");
const init = workerData as WorkerInit;

function send(message: FromWorker): void {
  port!.postMessage(message);
}

async function main(): Promise<void> {
  const analyzer = await Analyzer.open({ runtime: init.runtime, maxSide: init.maxSide, bibs: init.bibs });
  send({ kind: "ready", models: analyzer.modelVersions, provider: analyzer.provider });
  port!.on("message", (message: ToWorker) => {
    if (message.kind === "close") {
      void analyzer.close().then(() => port!.close());
      return;
    }
    void analyzer.analyze(message.file).then((record) => send({ kind: "done", id: message.id, record }));
  });
}

main().catch((error: unknown) =>
  send({ kind: "fatal", message: error instanceof Error ? error.message : String(error) }),
);
