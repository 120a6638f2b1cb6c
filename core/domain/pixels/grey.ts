import type { Box } from "../analysis.ts";
import type { RgbImage } from "../ports.ts";
import { luma } from "../raster.ts";

/** A single-channel float raster (luma, 0–255), row-major. */
export interface GreyImage {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** The image's luma (raster.ts): the tonal scale photographers judge exposure on. */
export function toGrey(image: RgbImage): GreyImage {
  const n = image.width * image.height;
  const data = new Float32Array(n);
  const rgb = image.data;
  for (let i = 0, p = 0; i < n; i++, p += 3) data[i] = luma(rgb[p]!, rgb[p + 1]!, rgb[p + 2]!);
  return { data, width: image.width, height: image.height };
}

const greyCache = new WeakMap<RgbImage, GreyImage>();

/**
 * The grey raster of an image, converted once: the runner measures and the perceptual hash of a photo read the
 * same one (each conversion is a pass over every pixel of the working raster).
 */
export function greyOf(image: RgbImage): GreyImage {
  let grey = greyCache.get(image);
  if (!grey) greyCache.set(image, (grey = toGrey(image)));
  return grey;
}

/** A normalised box in whole pixels, clamped to the raster: [x0, y0, x1, y1) exclusive on the far side. */
export interface PixelBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export function toPixelBox(box: Box, width: number, height: number): PixelBox {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return {
    x0: clamp(Math.floor(box[0] * width), width),
    y0: clamp(Math.floor(box[1] * height), height),
    x1: clamp(Math.ceil(box[2] * width), width),
    y1: clamp(Math.ceil(box[3] * height), height),
  };
}

export function insideBox(b: PixelBox, x: number, y: number): boolean {
  return x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1;
}
