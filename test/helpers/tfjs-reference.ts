/**
 * Reference execution of an ORIGINAL TFJS graph model on @tensorflow/tfjs-backend-wasm, for parity tests of the
 * converted ONNX files. Loads model.json + shards through an in-memory IO handler and the wasm binaries from the
 * local node_modules folder (never a CDN).
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { loadGraphModel, type GraphModel } from "@tensorflow/tfjs-converter";
import type { TensorData } from "../../core/domain/ports.ts";
import { packageDir } from "../../core/models/paths.ts";

let ready: Promise<void> | undefined;

/** Selects the wasm backend once per process, with the binaries from node_modules. */
export function useLocalWasmBackend(): Promise<void> {
  ready ??= (async () => {
    setWasmPaths(`${join(packageDir("@tensorflow/tfjs-backend-wasm"), "dist")}/`);
    await tf.setBackend("wasm");
    await tf.ready();
  })();
  return ready;
}

export interface TfjsReference {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, TensorData>): Record<string, Float32Array | Int32Array>;
  dispose(): void;
}

export async function loadTfjsReference(modelJsonPath: string): Promise<TfjsReference> {
  await useLocalWasmBackend();
  const json = JSON.parse(await readFile(modelJsonPath, "utf8")) as ModelJson;
  const shards = await Promise.all(
    json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(join(dirname(modelJsonPath), p))),
  );
  const weightData = Buffer.concat(shards);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
  };
  const model = await loadGraphModel({ load: () => Promise.resolve(artifacts) });
  return wrap(model);
}

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  signature?: object;
  userDefinedMetadata?: Record<string, object>;
}

function wrap(model: GraphModel): TfjsReference {
  return {
    inputNames: model.inputNodes,
    outputNames: model.outputNodes,
    run(feeds) {
      return tf.tidy(() => {
        const inputs: Record<string, tf.Tensor> = {};
        for (const [name, t] of Object.entries(feeds)) inputs[name] = toTfTensor(t);
        const result = model.execute(inputs, model.outputNodes);
        const list = Array.isArray(result) ? result : [result];
        return Object.fromEntries(
          model.outputNodes.map((name, i) => [name, list[i]!.dataSync() as Float32Array | Int32Array]),
        );
      });
    },
    dispose: () => model.dispose(),
  };
}

function toTfTensor(t: TensorData): tf.Tensor {
  if (t.type !== "float32" && t.type !== "int32")
    throw new Error(`tfjs reference: unsupported input type ${t.type}`);
  return tf.tensor(t.data as Float32Array | Int32Array, [...t.dims], t.type);
}
