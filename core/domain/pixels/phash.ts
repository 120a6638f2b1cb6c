import type { RgbImage } from "../ports.ts";
import { greyOf, type GreyImage } from "./grey.ts";

const THUMB = 32;
const LOW = 8;

/**
 * 64-bit DCT perceptual hash (16 hex digits): the 8x8 lowest frequencies of a 32x32 grey thumbnail, each bit set
 * when the coefficient is above their median (the DC term excluded from the median, it only carries brightness).
 * Frames of one burst differ by a few bits; unrelated frames by about 32.
 */
export function perceptualHash(image: RgbImage): string {
  const thumb = areaResize(greyOf(image), THUMB);
  const coeffs = lowDct(thumb);
  const median = medianOf(coeffs.slice(1));
  let hex = "";
  for (let nibble = 0; nibble < 16; nibble++) {
    let v = 0;
    for (let b = 0; b < 4; b++) v = (v << 1) | (coeffs[nibble * 4 + b]! > median ? 1 : 0);
    hex += v.toString(16);
  }
  return hex;
}

/** Number of differing bits between two 16-hex-digit hashes. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) throw new Error(`hash lengths differ: ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}

/** Box-filter downscale to size x size: every source pixel counts, so the hash ignores fine noise. */
function areaResize(grey: GreyImage, size: number): Float64Array {
  const sum = new Float64Array(size * size);
  const count = new Float64Array(size * size);
  const { data, width, height } = grey;
  // The thumbnail column of every source column, worked out once rather than once per pixel.
  const column = Int32Array.from({ length: width }, (_, x) =>
    Math.min(size - 1, Math.floor((x * size) / width)),
  );
  for (let y = 0; y < height; y++) {
    const row = Math.min(size - 1, Math.floor((y * size) / height)) * size;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const t = row + column[x]!;
      sum[t]! += data[i]!;
      count[t]! += 1;
    }
  }
  return sum.map((s, i) => (count[i]! > 0 ? s / count[i]! : 0));
}

/** DCT-II of the thumbnail, only the LOW x LOW lowest frequencies, row-major. */
/** The DCT basis: BASIS[k * THUMB + n] = cos((2n + 1)kπ / 2·THUMB), computed once (a photo used 131,072 cosines). */
const BASIS = Float64Array.from({ length: LOW * THUMB }, (_, i) => {
  const [k, n] = [Math.floor(i / THUMB), i % THUMB];
  return Math.cos(((2 * n + 1) * k * Math.PI) / (2 * THUMB));
});

function lowDct(thumb: Float64Array): number[] {
  const out: number[] = [];
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let y = 0; y < THUMB; y++) {
        const cy = BASIS[v * THUMB + y]!;
        for (let x = 0; x < THUMB; x++) s += thumb[y * THUMB + x]! * cy * BASIS[u * THUMB + x]!;
      }
      out.push(s);
    }
  }
  return out;
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
