import { readFile, readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import * as tf from "@tensorflow/tfjs-core";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const t0 = performance.now();
const { packageDir } = await import("../core/models/paths.ts");
const humanDir = packageDir("@vladmandic/human");
const H = require(join(humanDir, "dist/human.node-wasm.js"));
const wasmDir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + "/";
tf.io.registerLoadRouter((url: string | string[]) => {
  if (typeof url !== "string" || !url.startsWith("file://")) return null;
  const path = fileURLToPath(url);
  return {
    async load() {
      const json = JSON.parse(await readFile(path, "utf8"));
      const shards = await Promise.all(json.weightsManifest.flatMap((g: any) => g.paths).map((p: string) => readFile(join(dirname(path), p))));
      const w = Buffer.concat(shards);
      return { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g: any) => g.weights), weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength), format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy, signature: json.signature, userDefinedMetadata: json.userDefinedMetadata };
    },
  } as any;
});
const human = new H.Human({
  backend: "wasm", wasmPath: wasmDir, modelBasePath: `file://${humanDir}/models/`, debug: false, async: false, warmup: "none", cacheModels: false,
  face: { enabled: true, detector: { maxDetected: 10, rotation: false }, mesh: { enabled: true }, iris: { enabled: true }, emotion: { enabled: true }, description: { enabled: false }, antispoof: { enabled: false }, liveness: { enabled: false } },
  body: { enabled: true, modelPath: "movenet-lightning.json", maxDetected: 1 },
  object: { enabled: true, modelPath: "centernet.json" },
  hand: { enabled: false }, gesture: { enabled: false }, segmentation: { enabled: false }, filter: { enabled: false },
});
await human.load();
const t1 = performance.now();
const dir = "/work/shared/data/dev";
const files = (await readdir(dir)).filter((f) => /\.(jpe?g|png)$/i.test(f)).slice(0, 20);
let n = 0;
for (const f of files) {
  const { data, info } = await sharp(join(dir, f)).rotate().resize(1024, 1024, { fit: "inside" }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const input = tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset, data.length), [info.height, info.width, 3], "int32");
  const r = await human.detect(input);
  tf.dispose(input);
  if (n++ < 2) console.log(f, r.face.length, r.body.length, r.object.length, r.error);
}
const t2 = performance.now();
console.log("start", (t1 - t0).toFixed(0), "per photo", ((t2 - t1) / files.length).toFixed(0), tf.getBackend());
