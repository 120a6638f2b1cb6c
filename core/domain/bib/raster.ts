import type { RgbImage } from "../ports.ts";

/** A rectangle in pixels of a raster: left, top, width, height (may be fractional). */
export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Clamp a rectangle to the raster; null when nothing of it is left. */
export function clampRect(rect: PixelRect, width: number, height: number): PixelRect | null {
  const x0 = Math.max(0, rect.x);
  const y0 = Math.max(0, rect.y);
  const x1 = Math.min(width, rect.x + rect.w);
  const y1 = Math.min(height, rect.y + rect.h);
  return x1 - x0 >= 1 && y1 - y0 >= 1 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/**
 * Sample a rectangle of the raster into a new raster of outWidth x outHeight, bilinear. When shrinking by more
 * than 2x it first averages boxes of pixels, so thin digit strokes do not alias away. The source columns and rows
 * of every output pixel are worked out once per axis, not once per pixel (this runs on every torso and text line).
 */
export function cropResize(image: RgbImage, rect: PixelRect, outWidth: number, outHeight: number): RgbImage {
  const out = new Uint8Array(outWidth * outHeight * 3);
  const sx = rect.w / outWidth;
  const sy = rect.h / outHeight;
  const reach = Math.max(1, Math.floor(Math.max(sx, sy) / 2));
  const cols = axisSamples(rect.x, sx, outWidth, image.width, reach);
  const rows = axisSamples(rect.y, sy, outHeight, image.height, reach);
  if (reach > 1) boxSample(image, cols, rows, out);
  else bilinearSample(image, cols, rows, out);
  return { data: out, width: outWidth, height: outHeight };
}

/** Per output column (or row): the two bilinear neighbours and the weight of the second, or the box's span. */
interface AxisSamples {
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  readonly w1: Float64Array;
  /** First and last source pixel of the averaging box (inclusive). */
  readonly from: Int32Array;
  readonly to: Int32Array;
}

function axisSamples(origin: number, step: number, n: number, limit: number, reach: number): AxisSamples {
  const s = {
    i0: new Int32Array(n),
    i1: new Int32Array(n),
    w1: new Float64Array(n),
    from: new Int32Array(n),
    to: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = origin + (i + 0.5) * step - 0.5;
    const c = Math.min(Math.max(f, 0), limit - 1);
    s.i0[i] = Math.floor(c);
    s.i1[i] = Math.min(s.i0[i]! + 1, limit - 1);
    s.w1[i] = c - s.i0[i]!;
    const centre = Math.round(f);
    s.from[i] = Math.max(0, centre - reach + 1);
    s.to[i] = Math.min(limit - 1, centre + reach);
  }
  return s;
}

function bilinearSample(image: RgbImage, cols: AxisSamples, rows: AxisSamples, out: Uint8Array): void {
  const { data, width } = image;
  const outWidth = cols.i0.length;
  for (let oy = 0; oy < rows.i0.length; oy++) {
    const r0 = rows.i0[oy]! * width;
    const r1 = rows.i1[oy]! * width;
    const ay = rows.w1[oy]!;
    for (let ox = 0; ox < outWidth; ox++) {
      const a = (r0 + cols.i0[ox]!) * 3;
      const b = (r0 + cols.i1[ox]!) * 3;
      const c = (r1 + cols.i0[ox]!) * 3;
      const d = (r1 + cols.i1[ox]!) * 3;
      const ax = cols.w1[ox]!;
      const o = (oy * outWidth + ox) * 3;
      for (let k = 0; k < 3; k++) {
        const top = data[a + k]! * (1 - ax) + data[b + k]! * ax;
        const bottom = data[c + k]! * (1 - ax) + data[d + k]! * ax;
        out[o + k] = Math.round(top * (1 - ay) + bottom * ay);
      }
    }
  }
}

function boxSample(image: RgbImage, cols: AxisSamples, rows: AxisSamples, out: Uint8Array): void {
  const { data, width } = image;
  const outWidth = cols.i0.length;
  for (let oy = 0; oy < rows.i0.length; oy++) {
    const y0 = rows.from[oy]!;
    const y1 = rows.to[oy]!;
    for (let ox = 0; ox < outWidth; ox++) {
      const x0 = cols.from[ox]!;
      const x1 = cols.to[ox]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = y0; y <= y1; y++) {
        for (let i = (y * width + x0) * 3, end = (y * width + x1) * 3; i <= end; i += 3) {
          r += data[i]!;
          g += data[i + 1]!;
          b += data[i + 2]!;
        }
      }
      const n = Math.max(0, y1 - y0 + 1) * Math.max(0, x1 - x0 + 1);
      const o = (oy * outWidth + ox) * 3;
      out[o] = n > 0 ? Math.round(r / n) : 0;
      out[o + 1] = n > 0 ? Math.round(g / n) : 0;
      out[o + 2] = n > 0 ? Math.round(b / n) : 0;
    }
  }
}

/**
 * HWC RGB bytes to a float NCHW tensor in BGR channel order (the PaddleOCR models were trained on OpenCV's BGR),
 * normalised per channel as (v / 255 - mean) / std; mean and std are given in BGR order.
 */
export function toBgrTensor(image: RgbImage, mean: readonly number[], std: readonly number[]): Float32Array {
  const { data, width, height } = image;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const m = mean[c]!;
    const s = std[c]!;
    for (let i = 0, p = 2 - c, o = c * plane; i < plane; i++, p += 3, o++) out[o] = (data[p]! / 255 - m) / s;
  }
  return out;
}
