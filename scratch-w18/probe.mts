import * as ort from "onnxruntime-node";
import { readFileSync } from "node:fs";
import { listModels } from "../core/models/registry.ts";
import { modelFilePath } from "../core/models/model-file.ts";
for (const c of await listModels()) {
  const f = modelFilePath(c, "/work/wt-18/models");
  const t0 = performance.now();
  const s = await ort.InferenceSession.create(readFileSync(f), { intraOpNumThreads: 1, graphOptimizationLevel: "all" });
  const t1 = performance.now();
  console.log(c.id, (t1 - t0).toFixed(0), "ms", JSON.stringify((s as any).inputMetadata ?? s.inputNames));
}
