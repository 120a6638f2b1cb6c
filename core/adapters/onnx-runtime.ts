/**
 * The onnxruntime-node adapter: the only module that imports onnxruntime-node. Owns session creation (execution
 * provider choice, threads, optimisation level), release, and conversion between TensorData and ort tensors.
 */
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as ort from "onnxruntime-node";
import type { ModelRunner, TensorData, TensorType } from "../domain/ports.ts";

export type ExecutionProvider = "cpu" | "cuda" | "coreml" | "dml";
export type GraphOptimisationLevel = "disabled" | "basic" | "extended" | "all";

export interface RuntimeOptions {
  /** "auto" = the best provider this onnxruntime build lists and that initialises, else CPU. Default "auto". */
  readonly executionProvider?: "auto" | ExecutionProvider;
  /** Threads inside one op; default 1 (the app runs one model set per worker thread). */
  readonly intraOpThreads?: number;
  readonly graphOptimisationLevel?: GraphOptimisationLevel;
  /**
   * onnxruntime's CPU memory arena and memory pattern planning (default false): they keep each session's largest
   * working set allocated between runs. Measured here: off, a worker costs about 115 MB less (235 MB instead of
   * 350 MB per extra worker) and each run takes 0-8 % longer (centernet 52-56 ms instead of 51-53 ms).
   */
  readonly memoryArena?: boolean;
  /**
   * onnxruntime's weight pre-packing (default false): packing keeps a second, GEMM-ready copy of the convolution
   * and MatMul weights in every session. Measured here with 1 intra-op thread (scratch poolmem/cpupool, same
   * minutes): off, about 20 MB less resident per worker (4 workers: 1125-1157 MB instead of 1210-1235 MB) and
   * CPU per photo unchanged (658-669 vs 667-670 ms); dev records identical.
   */
  readonly prepackWeights?: boolean;
}

export interface OnnxModelRunner extends ModelRunner {
  /** The provider the session actually runs on (after "auto" fallback). */
  readonly executionProvider: ExecutionProvider;
}

/** A model that onnxruntime refused to load or run; names the model. */
export class OnnxRuntimeError extends Error {
  constructor(
    readonly modelId: string,
    message: string,
  ) {
    super(`model ${modelId}: ${message}`);
    this.name = "OnnxRuntimeError";
  }
}

const require = createRequire(import.meta.url);
const AUTO_ORDER: readonly ExecutionProvider[] = ["cuda", "coreml", "dml"];

/**
 * Providers this onnxruntime build lists and can load (CPU always). A provider that is not bundled needs its shared
 * library beside the binding (onnxruntime-node's GPU download, which these machines skip); without it a probe
 * would only print a loader error.
 */
export function listedExecutionProviders(): ExecutionProvider[] {
  const usable = ort.listSupportedBackends().filter((b) => b.bundled || providerLibraryPresent(b.name));
  const names = new Set(usable.map((b) => b.name));
  return ["cpu", ...AUTO_ORDER.filter((p) => names.has(p))];
}

function providerLibraryPresent(name: string): boolean {
  const bindingDir = join(
    dirname(require.resolve("onnxruntime-node")),
    "..",
    "bin",
    `napi-v6`,
    process.platform,
    process.arch,
  );
  return (
    existsSync(bindingDir) &&
    readdirSync(bindingDir).some(
      (f) =>
        f.startsWith(`libonnxruntime_providers_${name}`) || f.startsWith(`onnxruntime_providers_${name}`),
    )
  );
}

/** Where onnxruntime writes the graph it optimised while opening the session (the registry keeps it). */
export interface SessionExtras {
  readonly saveOptimisedTo?: string;
}

/** The model as bytes, or the path of a file onnxruntime reads itself (no copy of the weights on the JS heap). */
export async function createOnnxRunner(
  id: string,
  model: Uint8Array | string,
  options: RuntimeOptions = {},
  extras: SessionExtras = {},
): Promise<OnnxModelRunner> {
  const wanted = options.executionProvider ?? "auto";
  const candidates: ExecutionProvider[] =
    wanted === "auto" ? [...listedExecutionProviders().slice(1), "cpu"] : [wanted];
  let lastError: unknown;
  for (const provider of candidates) {
    try {
      const quiet = wanted === "auto" && provider !== "cpu"; // a failed probe is expected, not an error to print
      const settings = {
        ...sessionOptions(provider, options, quiet),
        // onnxruntime warns that a graph optimised at this level suits this machine only: it is kept per machine.
        ...(extras.saveOptimisedTo
          ? { optimizedModelFilePath: extras.saveOptimisedTo, logSeverityLevel: 3 as const }
          : {}),
      };
      const session =
        typeof model === "string"
          ? await ort.InferenceSession.create(model, settings)
          : await ort.InferenceSession.create(model, settings);
      return wrapSession(id, session, provider);
    } catch (error) {
      lastError = error; // "auto" moves on to the next provider; a named one fails below
    }
  }
  throw new OnnxRuntimeError(
    id,
    `no execution provider initialised (${candidates.join(", ")}): ${String(lastError)}`,
  );
}

/** The session options a runner is created with (exported for the tests that check the defaults). */
export function sessionOptions(
  provider: ExecutionProvider,
  options: RuntimeOptions,
  quiet: boolean,
): ort.InferenceSession.SessionOptions {
  return {
    ...(quiet ? { logSeverityLevel: 4 as const } : {}),
    executionProviders: [provider],
    intraOpNumThreads: options.intraOpThreads ?? 1,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: options.graphOptimisationLevel ?? "all",
    // Default off, measured on the dev set (bench --memory, bench:runtime): about 115 MB less per worker for a
    // few per cent more time per run; with the arena each worker kept ~350 MB.
    enableCpuMemArena: options.memoryArena ?? false,
    enableMemPattern: options.memoryArena ?? false,
    ...((options.prepackWeights ?? false) ? {} : { extra: { session: { disable_prepacking: "1" } } }),
  };
}

function wrapSession(
  id: string,
  session: ort.InferenceSession,
  provider: ExecutionProvider,
): OnnxModelRunner {
  return {
    id,
    executionProvider: provider,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds) {
      const input: Record<string, ort.Tensor> = {};
      for (const [name, tensor] of Object.entries(feeds)) input[name] = toOrtTensor(tensor);
      let result: ort.InferenceSession.ReturnType;
      try {
        result = await session.run(input);
      } catch (error) {
        throw new OnnxRuntimeError(id, `run failed: ${String(error)}`);
      }
      const output: Record<string, TensorData> = {};
      for (const [name, tensor] of Object.entries(result)) output[name] = fromOrtTensor(id, name, tensor);
      return output;
    },
    close: () => session.release(),
  };
}

function toOrtTensor(tensor: TensorData): ort.Tensor {
  return new ort.Tensor(tensor.type, tensor.data, tensor.dims);
}

const SUPPORTED: ReadonlySet<string> = new Set<TensorType>(["float32", "int32", "int64", "uint8"]);

function fromOrtTensor(id: string, name: string, tensor: ort.Tensor): TensorData {
  if (!SUPPORTED.has(tensor.type))
    throw new OnnxRuntimeError(id, `output ${name} has unsupported type ${tensor.type}`);
  return { type: tensor.type as TensorType, data: tensor.data as TensorData["data"], dims: tensor.dims };
}
