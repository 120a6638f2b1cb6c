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
 * than 2x it first averages boxes of pixels, so thin digit strokes do not alias away.
 */
export function cropResize(image: RgbImage, rect: PixelRect, outWidth: number, outHeight: number): RgbImage {
  const out = new Uint8Array(outWidth * outHeight * 3);
  const sx = rect.w / outWidth;
  const sy = rect.h / outHeight;
  const reach = Math.max(1, Math.floor(Math.max(sx, sy) / 2));
  for (let oy = 0; oy < outHeight; oy++) {
    const fy = rect.y + (oy + 0.5) * sy - 0.5;
    for (let ox = 0; ox < outWidth; ox++) {
      const fx = rect.x + (ox + 0.5) * sx - 0.5;
      const o = (oy * outWidth + ox) * 3;
      if (reach > 1) boxSample(image, fx, fy, reach, out, o);
      else bilinearSample(image, fx, fy, out, o);
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}

function bilinearSample(image: RgbImage, fx: number, fy: number, out: Uint8Array, o: number): void {
  const { data, width, height } = image;
  const x = Math.min(Math.max(fx, 0), width - 1);
  const y = Math.min(Math.max(fy, 0), height - 1);
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const ax = x - x0;
  const ay = y - y0;
  for (let c = 0; c < 3; c++) {
    const top = data[(y0 * width + x0) * 3 + c]! * (1 - ax) + data[(y0 * width + x1) * 3 + c]! * ax;
    const bottom = data[(y1 * width + x0) * 3 + c]! * (1 - ax) + data[(y1 * width + x1) * 3 + c]! * ax;
    out[o + c] = Math.round(top * (1 - ay) + bottom * ay);
  }
}

function boxSample(image: RgbImage, fx: number, fy: number, reach: number, out: Uint8Array, o: number): void {
  const { data, width, height } = image;
  const cx = Math.round(fx);
  const cy = Math.round(fy);
  const sums = [0, 0, 0];
  let n = 0;
  for (let y = Math.max(0, cy - reach + 1); y <= Math.min(height - 1, cy + reach); y++) {
    for (let x = Math.max(0, cx - reach + 1); x <= Math.min(width - 1, cx + reach); x++) {
      const i = (y * width + x) * 3;
      sums[0]! += data[i]!;
      sums[1]! += data[i + 1]!;
      sums[2]! += data[i + 2]!;
      n++;
    }
  }
  for (let c = 0; c < 3; c++) out[o + c] = n > 0 ? Math.round(sums[c]! / n) : 0;
}

/**
 * HWC RGB bytes to a float NCHW tensor in BGR channel order (the PaddleOCR models were trained on OpenCV's BGR),
 * normalised per channel as (v / 255 - mean) / std; mean and std are given in BGR order.
 */
export function toBgrTensor(image: RgbImage, mean: readonly number[], std: readonly number[]): Float32Array {
  const { data, width, height } = image;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      const v = data[i * 3 + (2 - c)]! / 255;
      out[c * plane + i] = (v - mean[c]!) / std[c]!;
    }
  }
  return out;
}
