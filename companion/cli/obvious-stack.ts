/**
 * The yardstick `stridelight bench` measures itself against: what a JavaScript developer would write first to find
 * runners in photos. @vladmandic/human 3.3.6 on @tensorflow/tfjs-backend-wasm (person detector, pose, faces with
 * mesh, iris and emotion; no bibs), each photo decoded by sharp to 1024 px, one photo after another in one
 * process. Its models load from node_modules through a file:// loader and the wasm binaries from the local
 * tfjs-backend-wasm folder: nothing is fetched. The packages are dev dependencies: a production install has no
 * yardstick, and the bench says so instead of failing.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { packageDir } from "../../core/models/paths.ts";

/** What the obvious developer keeps from Human's defaults; everything else stays as Human ships it. */
export const OBVIOUS_STACK = Object.freeze({
  /** sharp's resize target: big enough for faces, small enough to decode fast. */
  decodeSide: 1024,
  human: {
    backend: "wasm",
    debug: false,
    warmup: "none",
    cacheModels: false,
    filter: { enabled: false },
    face: { enabled: true, description: { enabled: false } },
    body: { enabled: true, modelPath: "movenet-lightning.json" },
    object: { enabled: true, modelPath: "centernet.json" },
    hand: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  },
});

/** One photo through the yardstick: milliseconds per stage, and what it found. */
export interface ObviousTimings {
  readonly decode: number;
  readonly detect: number;
  readonly persons: number;
  readonly faces: number;
}

export interface ObviousStack {
  analyze(file: string): Promise<ObviousTimings>;
  close(): void;
}

/** The part of Human's API the bench calls (its bundle is loaded by path: its package exports no subpaths). */
interface HumanInstance {
  load(): Promise<void>;
  detect(input: unknown): Promise<{ error: string | null; object: { label: string }[]; face: unknown[] }>;
}

type TfCore = typeof import("@tensorflow/tfjs-core");

/** Loads the yardstick, or returns why it is not installed. */
export async function openObviousStack(): Promise<ObviousStack | string> {
  const require = createRequire(import.meta.url);
  let tf: TfCore;
  try {
    tf = await import("@tensorflow/tfjs-core");
    await import("@tensorflow/tfjs-backend-wasm");
  } catch {
    return "the comparison stack is not installed (npm install with dev dependencies)";
  }
  registerFileLoader(tf);
  const humanDir = packageDir("@vladmandic/human");
  const { Human } = require(join(humanDir, "dist/human.node-wasm.js")) as {
    Human: new (config: object) => HumanInstance;
  };
  const wasmDir = `${join(packageDir("@tensorflow/tfjs-backend-wasm"), "dist")}/`;
  const human = new Human({
    ...OBVIOUS_STACK.human,
    wasmPath: wasmDir,
    modelBasePath: `file://${join(humanDir, "models")}/`,
  });
  await human.load();
  return {
    async analyze(file) {
      const t0 = performance.now();
      const { data, info } = await sharp(file)
        .rotate()
        .resize(OBVIOUS_STACK.decodeSide, OBVIOUS_STACK.decodeSide, { fit: "inside" })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const input = tf.tensor3d(new Uint8Array(data), [info.height, info.width, 3], "int32");
      const t1 = performance.now();
      const result = await human.detect(input);
      tf.dispose(input);
      if (result.error) throw new Error(`${file}: ${result.error}`);
      return {
        decode: t1 - t0,
        detect: performance.now() - t1,
        persons: result.object.filter((o) => o.label === "person").length,
        faces: result.face.length,
      };
    },
    close() {
      tf.disposeVariables();
    },
  };
}

/**
 * Node's fetch cannot read file:// URLs, so Human's model loads would fail (or, with a web base path, go to the
 * network): this loader reads model.json and its weight shards from disk.
 */
function registerFileLoader(tf: TfCore): void {
  tf.io.registerLoadRouter((url: string | string[]) => {
    // A router answers null for URLs it does not handle (tfjs filters them out); its type says otherwise.
    if (typeof url !== "string" || !url.startsWith("file://"))
      return null as unknown as import("@tensorflow/tfjs-core").io.IOHandler;
    const path = fileURLToPath(url);
    return { load: () => loadArtifacts(path) };
  });
}

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: import("@tensorflow/tfjs-core").io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  signature?: object;
  userDefinedMetadata?: Record<string, object>;
}

async function loadArtifacts(path: string): Promise<import("@tensorflow/tfjs-core").io.ModelArtifacts> {
  const json = JSON.parse(await readFile(path, "utf8")) as ModelJson;
  const shards = await Promise.all(
    json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(join(dirname(path), p))),
  );
  const weights = Buffer.concat(shards);
  return {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
  };
}
