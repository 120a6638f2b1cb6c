import type { AnyRecord } from "../../core/domain/analysis.ts";
import type { RuntimeOptions } from "../../core/models/registry.ts";

/** What the pool tells a worker when it starts it. */
export interface WorkerInit {
  readonly entry: string;
  readonly runtime: RuntimeOptions;
  readonly maxSide: number;
  readonly bibs: boolean;
}

export type ToWorker = { kind: "analyze"; id: number; file: string } | { kind: "close" };

export type FromWorker =
  | { kind: "ready"; models: Record<string, string>; provider: string }
  | { kind: "done"; id: number; record: AnyRecord }
  | { kind: "fatal"; message: string };
