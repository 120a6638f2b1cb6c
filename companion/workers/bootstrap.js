// Worker threads do not inherit the parent's TypeScript loader: register it, then load the real worker.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
