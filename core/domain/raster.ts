/**
 * Pure raster helpers: crop a region of an RgbImage and resize it (bilinear) into a model input, and map model-input
 * coordinates back to the displayed frame (normalised 0–1).
 */
import type { RgbImage } from "./ports.ts";

/** A rectangle in working-raster pixels; it may extend past the image (the outside is filled). */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** How a model input's normalised coordinates (0–1 over the input) map to the frame's normalised coordinates. */
export interface FrameTransform {
  readonly originX: number;
  readonly originY: number;
  readonly scaleX: number;
  readonly scaleY: number;
}

/** The transform for a region cut from an image of the given size. */
export function regionTransform(region: Region, image: { width: number; height: number }): FrameTransform {
  return {
    originX: region.x / image.width,
    originY: region.y / image.height,
    scaleX: region.width / image.width,
    scaleY: region.height / image.height,
  };
}

/** Maps a point given as fractions of the model input back to the frame, normalised 0–1. */
export function toFrame(t: FrameTransform, u: number, v: number): [number, number] {
  return [t.originX + u * t.scaleX, t.originY + v * t.scaleY];
}

/** The whole image as a region (a stretch to the model input, as centernet expects). */
export function wholeImage(image: { width: number; height: number }): Region {
  return { x: 0, y: 0, width: image.width, height: image.height };
}

/** A writable numeric array a model input is written into. */
export type PixelArray = Uint8Array | Int32Array | Float32Array;

/**
 * Crops `region` out of `image` and resizes it to width x height with bilinear sampling (pixel centres aligned, as
 * tf.image.resizeBilinear with half-pixel centres), writing HWC RGB as value * scale + offset into `out`. Samples
 * outside the image take `fill` (before scaling). Uint8 and Int32 outputs are rounded.
 */
export function cropResize<T extends PixelArray>(
  image: RgbImage,
  region: Region,
  width: number,
  height: number,
  out: T,
  scaling: { scale?: number; offset?: number; fill?: number } = {},
): T {
  const { scale = 1, offset = 0, fill = 0 } = scaling;
  const xs = sampleAxis(region.x, region.width / width, width, image.width, 3);
  const rows = sampleAxis(region.y, region.height / height, height, image.height, 1);
  const round = !(out instanceof Float32Array) ? 0.5 : 0;
  const rowLength = image.width * 3;
  const blank = fill * scale + offset;
  for (let j = 0; j < height; j++) {
    const at = j * width * 3;
    if (!rows.inside[j]) {
      out.fill(blank, at, at + width * 3);
      continue;
    }
    const r0 = rows.i0[j]! * rowLength;
    const r1 = rows.i1[j]! * rowLength;
    const wy = rows.w1[j]!;
    for (let i = 0; i < width; i++) {
      const o = at + i * 3;
      if (!xs.inside[i]) {
        out[o] = out[o + 1] = out[o + 2] = blank;
        continue;
      }
      const a = r0 + xs.i0[i]!;
      const b = r0 + xs.i1[i]!;
      const c = r1 + xs.i0[i]!;
      const d = r1 + xs.i1[i]!;
      const wx = xs.w1[i]!;
      for (let k = 0; k < 3; k++) {
        const top = image.data[a + k]! + (image.data[b + k]! - image.data[a + k]!) * wx;
        const bottom = image.data[c + k]! + (image.data[d + k]! - image.data[c + k]!) * wx;
        out[o + k] = (top + (bottom - top) * wy) * scale + offset + round;
      }
    }
  }
  return out;
}

interface AxisSamples {
  /** First and second source pixel (times 3 for columns, so they index into an RGB row). */
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  /** Weight of the second pixel. */
  readonly w1: Float32Array;
  readonly inside: Uint8Array;
}

/** Per output column (or row): the two source pixels, the weight of the second, and whether it lies in the image. */
function sampleAxis(origin: number, step: number, n: number, limit: number, stride: number): AxisSamples {
  const i0 = new Int32Array(n);
  const i1 = new Int32Array(n);
  const w1 = new Float32Array(n);
  const inside = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const f = origin + (i + 0.5) * step - 0.5;
    inside[i] = f > -1 && f < limit ? 1 : 0;
    const c = Math.min(Math.max(f, 0), limit - 1);
    const base = Math.floor(c);
    i0[i] = base * stride;
    i1[i] = Math.min(base + 1, limit - 1) * stride;
    w1[i] = c - base;
  }
  return { i0, i1, w1, inside };
}

/** Converts HWC uint8 RGB into one grey channel (ITU-R 601 weights), as value * scale + offset. */
export function toGray(
  rgb: Uint8Array,
  scale = 1,
  offset = 0,
  out = new Float32Array(rgb.length / 3),
): Float32Array {
  for (let i = 0, p = 0; p < out.length; i += 3, p++) {
    out[p] = (0.2989 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!) * scale + offset;
  }
  return out;
}
