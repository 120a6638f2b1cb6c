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
 * How the sampler reads the source. `filter: "box"` averages the source pixels under each output pixel when
 * shrinking by more than 2x, so thin strokes (a bib's digits) do not alias away; `angle` (radians, clockwise in
 * image coordinates) turns the region about its centre before sampling, to level a tilted torso.
 */
export interface SampleOptions {
  readonly scale?: number;
  readonly offset?: number;
  readonly fill?: number;
  readonly filter?: "bilinear" | "box";
  readonly angle?: number;
}

/**
 * Crops `region` out of `image` and resizes it to width x height with bilinear sampling (pixel centres aligned, as
 * tf.image.resizeBilinear with half-pixel centres), writing HWC RGB as value * scale + offset into `out`. Samples
 * outside the image take `fill` (before scaling). Uint8 and Int32 outputs are rounded. The one image sampler of
 * the project: model inputs, bib crops (box filter, rotation) and the sharpness measure all go through it.
 */
export function cropResize<T extends PixelArray>(
  image: RgbImage,
  region: Region,
  width: number,
  height: number,
  out: T,
  options: SampleOptions = {},
): T {
  const { scale = 1, offset = 0, fill = 0, filter = "bilinear", angle = 0 } = options;
  const reach = filter === "box" ? boxReach(region, width, height) : 1;
  if (angle === 0 && reach <= 1) return separable(image, region, width, height, out, scale, offset, fill);
  return pointwise(image, region, width, height, out, { scale, offset, fill, reach, angle });
}

/** Half the width of the averaging window, in source pixels: 1 (no averaging) unless shrinking by more than 2x. */
/** cropResize into a new RGB image (bytes). */
export function cropImage(
  image: RgbImage,
  region: Region,
  width: number,
  height: number,
  options: SampleOptions = {},
): RgbImage {
  return {
    data: cropResize(image, region, width, height, new Uint8Array(width * height * 3), options),
    width,
    height,
  };
}

function boxReach(region: Region, width: number, height: number): number {
  return Math.max(1, Math.floor(Math.max(region.width / width, region.height / height) / 2));
}

function separable<T extends PixelArray>(
  image: RgbImage,
  region: Region,
  width: number,
  height: number,
  out: T,
  scale: number,
  offset: number,
  fill: number,
): T {
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

/**
 * One source point per output pixel (rotated or box-averaged sampling): slower than the separable path, used only
 * for the few bib crops that need it. Points outside the image take `fill`; inside, the box filter averages a
 * 2*reach square of source pixels around the point, otherwise bilinear.
 */
function pointwise<T extends PixelArray>(
  image: RgbImage,
  region: Region,
  width: number,
  height: number,
  out: T,
  s: { scale: number; offset: number; fill: number; reach: number; angle: number },
): T {
  const sx = region.width / width;
  const sy = region.height / height;
  const cos = Math.cos(s.angle);
  const sin = Math.sin(s.angle);
  const cx = region.x + region.width / 2;
  const cy = region.y + region.height / 2;
  const round = !(out instanceof Float32Array) ? 0.5 : 0;
  const rgb = [0, 0, 0];
  for (let j = 0; j < height; j++) {
    const v = (j + 0.5) * sy - region.height / 2;
    for (let i = 0; i < width; i++) {
      const u = (i + 0.5) * sx - region.width / 2;
      const fx = cx + u * cos - v * sin - 0.5;
      const fy = cy + u * sin + v * cos - 0.5;
      const o = (j * width + i) * 3;
      if (!(fx > -1 && fx < image.width && fy > -1 && fy < image.height)) rgb.fill(s.fill);
      else if (s.reach > 1) boxAverage(image, fx, fy, s.reach, rgb);
      else bilinear(image, fx, fy, rgb);
      for (let k = 0; k < 3; k++) out[o + k] = rgb[k]! * s.scale + s.offset + round;
    }
  }
  return out;
}

function bilinear(image: RgbImage, fx: number, fy: number, rgb: number[]): void {
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
    rgb[c] = top * (1 - ay) + bottom * ay;
  }
}

function boxAverage(image: RgbImage, fx: number, fy: number, reach: number, rgb: number[]): void {
  const { data, width, height } = image;
  // The 2*reach source pixels centred on the sample point (fx, fy are pixel-centre coordinates).
  const x0 = Math.max(0, Math.ceil(fx + 0.5 - reach));
  const y0 = Math.max(0, Math.ceil(fy + 0.5 - reach));
  const x1 = Math.min(width - 1, Math.floor(fx + 0.5 + reach) - 1);
  const y1 = Math.min(height - 1, Math.floor(fy + 0.5 + reach) - 1);
  rgb.fill(0);
  let n = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const i = (y * width + x) * 3;
      rgb[0]! += data[i]!;
      rgb[1]! += data[i + 1]!;
      rgb[2]! += data[i + 2]!;
      n++;
    }
  }
  for (let c = 0; c < 3; c++) rgb[c] = n > 0 ? rgb[c]! / n : 0;
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

/**
 * Rec. 601 luma (0–255 from 0–255 channels): the one grey every measure reads — exposure and sharpness on the runner,
 * a bib's print against its plate — and the grey the emotion model was trained on.
 */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** Converts HWC uint8 RGB into one grey channel (luma), as value * scale + offset. */
export function toGray(
  rgb: Uint8Array,
  scale = 1,
  offset = 0,
  out = new Float32Array(rgb.length / 3),
): Float32Array {
  for (let i = 0, p = 0; p < out.length; i += 3, p++) {
    out[p] = luma(rgb[i]!, rgb[i + 1]!, rgb[i + 2]!) * scale + offset;
  }
  return out;
}
