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

/**
 * Reusable input buffers for batches of same-sized items, one per batch size seen (a handful: at most one item per
 * posed person), so a worker allocates once per model and size rather than once per photo. Each tensor gets a
 * buffer of exactly its size.
 */
export class BatchBuffer {
  private readonly bySize = new Map<number, Float32Array<ArrayBuffer>>();
  private current: Float32Array<ArrayBuffer> | null = null;

  constructor(private readonly itemSize: number) {}

  /** Storage for a batch of `count` items, as one tensor buffer (contents undefined until written). */
  take(count: number): Float32Array<ArrayBuffer> {
    let data = this.bySize.get(count);
    if (!data) this.bySize.set(count, (data = new Float32Array(count * this.itemSize)));
    this.current = data;
    return data;
  }

  /** The storage of item k of the batch last taken. */
  item(k: number): Float32Array<ArrayBuffer> {
    if (!this.current || (k + 1) * this.itemSize > this.current.length)
      throw new RangeError(`batch item ${k} is outside the batch taken`);
    return this.current.subarray(k * this.itemSize, (k + 1) * this.itemSize);
  }
}

/**
 * Grow-only storage for inputs whose size changes from run to run (a text detector's crop, a text line): each call
 * gives views of exactly the lengths asked for over the same memory, so a worker keeps one buffer of the largest
 * size seen instead of allocating fresh arrays per run for the garbage collector to reclaim. The views are valid
 * until the next call: a model class uses them for one run, awaited before the next.
 */
export class ScratchInput {
  private bytes = new Uint8Array(0);
  private floats = new Float32Array(0);

  /** Room for `pixels` RGB bytes (a crop) and its float tensor of the same element count (contents undefined). */
  take(count: number): { pixels: Uint8Array<ArrayBuffer>; tensor: Float32Array<ArrayBuffer> } {
    if (this.bytes.length < count) this.bytes = new Uint8Array(count);
    if (this.floats.length < count) this.floats = new Float32Array(count);
    return { pixels: this.bytes.subarray(0, count), tensor: this.floats.subarray(0, count) };
  }
}
