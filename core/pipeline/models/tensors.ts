/** Small helpers the model classes share: NHWC tensors and single-input runs with outputs in declared order. */
import type { ModelRunner, TensorData } from "../../domain/ports.ts";

/** A batch of `batch` square NHWC float images. */
export function nhwc(data: Float32Array, side: number, channels: number, batch = 1): TensorData {
  return { type: "float32", data, dims: [batch, side, side, channels] };
}

/** Runs a single-input model; outputs in the model's declared order. */
export async function runOne(model: ModelRunner, feed: TensorData): Promise<TensorData[]> {
  const out = await model.run({ [model.inputNames[0]!]: feed });
  return model.outputNames.map((n) => out[n]!).filter((t) => t !== undefined);
}
