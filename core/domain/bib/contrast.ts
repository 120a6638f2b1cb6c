import type { RgbImage } from "../ports.ts";
import { luma } from "../raster.ts";

/**
 * The image with its grey levels stretched so that the `clip` share darkest pixels become black and the `clip`
 * share brightest white (one linear map for all three channels, so colours keep their hue). A bib in shade or
 * against the light has its print squeezed into a few grey levels; the recogniser reads it better spread out.
 */
export function stretchContrast(image: RgbImage, clip = 0.02): RgbImage {
  const { data } = image;
  const histogram = new Uint32Array(256);
  const n = data.length / 3;
  for (let i = 0; i < data.length; i += 3)
    histogram[Math.round(luma(data[i]!, data[i + 1]!, data[i + 2]!))]!++;
  const low = level(histogram, clip * n);
  const high = 255 - level(histogram.slice().reverse(), clip * n);
  if (high - low < 8) return image;
  const gain = 255 / (high - low);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.min(255, Math.max(0, (data[i]! - low) * gain + 0.5));
  return { data: out, width: image.width, height: image.height };
}

/** The first grey level at which the histogram's running count passes `count`. */
function level(histogram: Uint32Array, count: number): number {
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen > count) return v;
  }
  return 255;
}
