/**
 * Ports: the shapes in which adapters hand data to the pipeline. The domain depends on these, never on the
 * libraries behind them.
 */
import type { Capture, ErrorCode, Source } from "./analysis.ts";

/** An 8-bit RGB raster, row-major HWC. */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A photo decoded for analysis: displayed orientation, shrunk on load to a working size. */
export interface DecodedPhoto {
  readonly file: string;
  /** Full-resolution size in the displayed orientation (of the preview, for RAW). */
  readonly width: number;
  readonly height: number;
  /** The working raster (long side at most the requested size), displayed orientation. */
  readonly image: RgbImage;
  readonly source: Source;
  readonly capture: Capture;
  readonly warnings: readonly string[];
}

/** An expected problem with one photo, returned as a value: the run goes on. */
export class PhotoError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "PhotoError";
  }
}

export type Result<T, E = PhotoError> = { ok: true; value: T } | { ok: false; error: E };

export type TensorType = "float32" | "int32" | "int64" | "uint8";
export interface TensorData {
  readonly type: TensorType;
  readonly data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
  readonly dims: readonly number[];
}

/** One loaded model, ready to run. Implemented by the onnxruntime adapter. */
export interface ModelRunner {
  readonly id: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
  close(): Promise<void>;
}
