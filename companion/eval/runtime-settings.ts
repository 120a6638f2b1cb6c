/**
 * onnxruntime settings measured, not assumed: every model the analyzer runs, at each graph optimisation level,
 * with 1 and 2 intra-op threads, and (for the models whose batch dimension is free) one run on a batch of 4 against
 * 4 single runs. Inputs have the shapes the analyzer feeds (torso-sized OCR crops, a 48x160 text line).
 *
 *   npx tsx companion/eval/runtime-settings.ts [--runs 12]
 *
 * Milliseconds per item, median of the runs after two warm-up runs. On a shared machine read them as ratios; the
 * "cpu" columns (this process's CPU time, user + system) move far less with other people's load than wall time.
 * The last table sets the per-photo batching the issue asked for against single runs, in CPU time: OCR detection on
 * a 2x2 mosaic of torso-sized crops, OCR recognition of a photo's text lines padded to one width (and in two batches
 * sorted by width), and the face models on four faces at once.
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

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Median CPU milliseconds of `work` over `runs` runs after two warm-up runs. */
async function cpuOf(work: () => Promise<unknown>, runs: number): Promise<number> {
  for (let i = 0; i < 2; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = cpuMs();
    await work();
    times.push(cpuMs() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function filled(dims: number[]): TensorData {
  const size = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = Math.sin(i * 0.37) * 0.8;
  return { type: "float32", data, dims };
}

/** The widths (48 px high) of a typical photo's text lines, from the dev set's recogniser inputs. */
const LINE_WIDTHS = [96, 128, 160, 200, 240, 160, 120, 320];

/** One row per batching idea: CPU ms of the single runs against the batched run(s) for the same items. */
async function batching(runs: number): Promise<string[][]> {
  const rows: string[][] = [];
  const cpuModel = (id: string, memoryArena = false) =>
    openModel(id, { executionProvider: "cpu", intraOpThreads: 1, memoryArena });
  const det = await cpuModel("ocr-det");
  const run = (m: ModelRunner, t: TensorData) => m.run({ [m.inputNames[0]!]: t });
  const torso = filled([1, 3, 480, 320]);
  const mosaic = filled([1, 3, 960, 640]);
  const four = filled([4, 3, 480, 320]);
  rows.push([
    "ocr-det, 4 torsos 480x320",
    (
      await cpuOf(async () => {
        for (let i = 0; i < 4; i++) await run(det, torso);
      }, runs)
    ).toFixed(1),
    `batch of 4: ${(await cpuOf(() => run(det, four), runs)).toFixed(1)}; 2x2 mosaic: ${(await cpuOf(() => run(det, mosaic), runs)).toFixed(1)}`,
  ]);
  await det.close();
  const rec = await cpuModel("ocr-rec");
  const lines = LINE_WIDTHS.map((w) => filled([1, 3, 48, w]));
  const padded = filled([LINE_WIDTHS.length, 3, 48, Math.max(...LINE_WIDTHS)]);
  const sorted = [...LINE_WIDTHS].sort((a, b) => a - b);
  const halves = [sorted.slice(0, 4), sorted.slice(4)].map((g) => filled([g.length, 3, 48, Math.max(...g)]));
  rows.push([
    `ocr-rec, ${LINE_WIDTHS.length} lines`,
    (
      await cpuOf(async () => {
        for (const l of lines) await run(rec, l);
      }, runs)
    ).toFixed(1),
    `one padded batch: ${(await cpuOf(() => run(rec, padded), runs)).toFixed(1)}; two sorted batches: ${(
      await cpuOf(async () => {
        for (const h of halves) await run(rec, h);
      }, runs)
    ).toFixed(1)}`,
  ]);
  await rec.close();
  for (const id of ["facemesh", "iris", "emotion"]) {
    const model = await cpuModel(id);
    const one = feed(model, id, 1);
    const batch = feed(model, id, 4);
    rows.push([
      `${id}, 4 faces`,
      (
        await cpuOf(async () => {
          for (let i = 0; i < 4; i++) await model.run(one);
        }, runs)
      ).toFixed(1),
      `batch of 4: ${(await cpuOf(() => model.run(batch), runs)).toFixed(1)}`,
    ]);
    await model.close();
  }
  for (const arena of [false, true]) {
    const m = await cpuModel("ocr-det", arena);
    rows.push([
      `ocr-det, memory arena ${arena ? "on" : "off"}`,
      (await cpuOf(() => run(m, torso), runs)).toFixed(1),
      "",
    ]);
    await m.close();
  }
  return rows;
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
  process.stdout.write(`\nbatching (CPU ms for the same items)\tsingle runs\tbatched\n`);
  for (const row of await batching(args.runs)) process.stdout.write(`${row.join("\t")}\n`);
}

await main();
