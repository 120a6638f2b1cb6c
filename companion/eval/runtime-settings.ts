/**
 * onnxruntime settings measured, not assumed: every model the analyzer runs, at each graph optimisation level,
 * with 1 and 2 intra-op threads, and (for the models whose batch dimension is free) one run on a batch of 4 against
 * 4 single runs. Inputs have the shapes the analyzer feeds (torso-sized OCR crops, a 48x160 text line).
 *
 *   npx tsx companion/eval/runtime-settings.ts [--runs 12]
 *
 * Milliseconds per item, median of the runs after two warm-up runs. On a shared machine read them as ratios.
 */
import { Command } from "commander";
import { z } from "zod";
import type { ModelRunner, TensorData } from "../../core/domain/ports.ts";
import { openModel, type RuntimeOptions } from "../../core/models/registry.ts";

/** Input shape per model id, as the analyzer feeds it (batch 1); int32 for MoveNet. */
const SHAPES: Record<string, { dims: number[]; type: "float32" | "int32"; batchable: boolean }> = {
  centernet: { dims: [1, 512, 512, 3], type: "float32", batchable: false },
  "movenet-lightning": { dims: [1, 192, 192, 3], type: "int32", batchable: false },
  blazeface: { dims: [1, 256, 256, 3], type: "float32", batchable: false },
  facemesh: { dims: [1, 192, 192, 3], type: "float32", batchable: true },
  iris: { dims: [1, 64, 64, 3], type: "float32", batchable: true },
  emotion: { dims: [1, 64, 64, 1], type: "float32", batchable: true },
  "ocr-det": { dims: [1, 3, 480, 320], type: "float32", batchable: true },
  "ocr-rec": { dims: [1, 3, 48, 160], type: "float32", batchable: true },
};

const LEVELS: NonNullable<RuntimeOptions["graphOptimisationLevel"]>[] = [
  "disabled",
  "basic",
  "extended",
  "all",
];

const Args = z.object({ runs: z.coerce.number().int().min(3).max(200).default(12) });

function feed(model: ModelRunner, id: string, batch: number): Record<string, TensorData> {
  const shape = SHAPES[id]!;
  const dims = [batch, ...shape.dims.slice(1)];
  const size = dims.reduce((a, b) => a * b, 1);
  const data = shape.type === "int32" ? new Int32Array(size).fill(100) : new Float32Array(size).fill(0.3);
  return { [model.inputNames[0]!]: { type: shape.type, data, dims } };
}

async function msPerItem(model: ModelRunner, id: string, batch: number, runs: number): Promise<number> {
  const input = feed(model, id, batch);
  for (let i = 0; i < 2; i++) await model.run(input);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await model.run(input);
    times.push((performance.now() - t0) / batch);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function measure(id: string, options: RuntimeOptions, batch: number, runs: number): Promise<number> {
  const model = await openModel(id, { executionProvider: "cpu", ...options });
  try {
    return await msPerItem(model, id, batch, runs);
  } finally {
    await model.close();
  }
}

async function main(): Promise<void> {
  const args = Args.parse(new Command().option("--runs <n>").parse().opts());
  const header = ["model", ...LEVELS.map((l) => `${l} 1t`), "all 2t", "all batch4/item"];
  process.stdout.write(`${header.join("\t")}\n`);
  for (const id of Object.keys(SHAPES)) {
    const row: string[] = [id];
    for (const level of LEVELS)
      row.push(
        (await measure(id, { graphOptimisationLevel: level, intraOpThreads: 1 }, 1, args.runs)).toFixed(1),
      );
    row.push(
      (await measure(id, { graphOptimisationLevel: "all", intraOpThreads: 2 }, 1, args.runs)).toFixed(1),
    );
    row.push(
      SHAPES[id]!.batchable
        ? (await measure(id, { graphOptimisationLevel: "all", intraOpThreads: 1 }, 4, args.runs)).toFixed(1)
        : "fixed batch 1",
    );
    process.stdout.write(`${row.join("\t")}\n`);
  }
}

await main();
