import type { RgbImage } from "../ports.ts";
import type { PixelRect } from "./pixel-rect.ts";
import type { TextBox } from "./db-postprocess.ts";

/** PaddleOCR detector normalisation (ImageNet statistics), in the BGR channel order the model was trained on. */
export const DET_MEAN_BGR = [0.406, 0.456, 0.485] as const;
export const DET_STD_BGR = [0.225, 0.224, 0.229] as const;
/** The recogniser maps pixels to [-1, 1]. */
export const REC_MEAN = [0.5, 0.5, 0.5] as const;
export const REC_STD = [0.5, 0.5, 0.5] as const;
/** The recogniser's fixed input height. */
export const REC_HEIGHT = 48;

export interface DetSizeOptions {
  /** Long side of the detector input: a torso crop is scaled up or down to about this. */
  readonly longSide: number;
  /** Small torsos are not upscaled beyond this factor (blurrier than it helps). */
  readonly maxUpscale: number;
}

export const DEFAULT_DET_SIZE: DetSizeOptions = { longSide: 480, maxUpscale: 4 };

/** Detector input size for a crop: scaled towards longSide, each side a multiple of 32 (the network's stride). */
export function detInputSize(
  crop: { w: number; h: number },
  options: DetSizeOptions = DEFAULT_DET_SIZE,
): { width: number; height: number } {
  const scale = Math.min(options.longSide / Math.max(crop.w, crop.h), options.maxUpscale);
  const to32 = (v: number): number => Math.max(32, Math.round((v * scale) / 32) * 32);
  return { width: to32(crop.w), height: to32(crop.h) };
}

/** A detector box (in detector-input pixels) back in the pixels of the raster the crop was taken from. */
export function boxInRaster(
  box: TextBox,
  crop: PixelRect,
  det: { width: number; height: number },
): PixelRect {
  const sx = crop.w / det.width;
  const sy = crop.h / det.height;
  return {
    x: crop.x + box.x0 * sx,
    y: crop.y + box.y0 * sy,
    w: (box.x1 - box.x0) * sx,
    h: (box.y1 - box.y0) * sy,
  };
}

/** Recogniser input width for a text box: height 48, width keeping the aspect, a multiple of 8, capped. */
export function recInputWidth(box: { w: number; h: number }, maxWidth = 480): number {
  const width = Math.ceil((REC_HEIGHT * box.w) / box.h / 8) * 8;
  return Math.min(maxWidth, Math.max(REC_HEIGHT, width));
}

/**
 * HWC RGB bytes to a float NCHW tensor in BGR channel order (the PaddleOCR models were trained on OpenCV's BGR),
 * normalised per channel as (v / 255 - mean) / std; mean and std are given in BGR order. Written into `out` when
 * given (at least 3 x width x height long), a new array otherwise.
 */
export function toBgrTensor(
  image: RgbImage,
  mean: readonly number[],
  std: readonly number[],
  out: Float32Array = new Float32Array(3 * image.width * image.height),
): Float32Array {
  const { data, width, height } = image;
  const plane = width * height;
  const table = channelTable(mean, std);
  for (let c = 0; c < 3; c++) {
    const base = c * plane;
    const lut = c * 256;
    for (let i = 0, p = 2 - c; i < plane; i++, p += 3) out[base + i] = table[lut + data[p]!]!;
  }
  return out;
}

/**
 * The normalised value of each byte, per channel (3 x 256): the same expression as per pixel, worked out once,
 * so the tensor is the same to the bit. Kept per mean/std pair (the detector's and the recogniser's).
 */
function channelTable(mean: readonly number[], std: readonly number[]): Float32Array {
  let table = tables.get(mean)?.get(std);
  if (table) return table;
  table = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++)
    for (let v = 0; v < 256; v++) table[c * 256 + v] = (v / 255 - mean[c]!) / std[c]!;
  if (!tables.has(mean)) tables.set(mean, new WeakMap());
  tables.get(mean)!.set(std, table);
  return table;
}

const tables = new WeakMap<readonly number[], WeakMap<readonly number[], Float32Array>>();
