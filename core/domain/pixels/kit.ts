/**
 * The runner's kit measured along the pose: the top inside the shoulder–hip quadrilateral, the legs as strips along
 * hip→knee→ankle, the shoes as small squares below the ankles. The box-wide regions that came before were mostly
 * road, arms and neighbours (one runner's legs colour jumped from 86 to 186 between frames 0.4 s apart).
 */
import type { Box, Keypoint, Keypoints } from "../analysis.ts";
import type { RgbImage } from "../ports.ts";
import type { PixelBox } from "./grey.ts";

export type Colour = [number, number, number];

export interface KitColours {
  readonly torso: Colour;
  readonly legs: Colour;
  /** Null when no ankle is sure (or its square falls off the frame). */
  readonly shoes: Colour | null;
}

/** Every default of the kit measure, in one place. */
export const DEFAULT_KIT_OPTIONS = Object.freeze({
  /** Keypoints at least this sure place the kit regions (the pose model's usual "seen" cut). */
  sure: 0.3,
  /** The torso quadrilateral shrunk toward its centre to this share: arms and background beside it stay out. */
  torsoShrink: 0.7,
  /** Half-width of a leg strip as a share of the hip span (a thigh is about half the hip span wide). */
  legHalfWidth: 0.12,
  /** Leg strips leave this share of each segment at both joints (a knee bends, hands swing by the hips). */
  legEndTrim: 0.1,
  /**
   * Whether the legs colour takes the shins (knee→ankle) besides the thighs (hip→knee: shorts or tights). Off: a
   * shin is skin or sock, and how much of it shows changes with the stride (same-runner AUC of the legs colour over
   * the dev set's labelled series 0.69 with shins, 0.80 without).
   */
  shins: false,
  /** Side of a shoe square as a share of the shin (knee→ankle), or of the box height without a sure knee. */
  shoeShin: 0.3,
  shoeBox: 0.07,
  /** A region with fewer pixels than this gives no colour (then the box-based measure, or no shoes). */
  minPixels: 6,
});
export type KitOptions = typeof DEFAULT_KIT_OPTIONS;

type Point = readonly [number, number];

/**
 * Kit colours from the pose, null per part where the pose lacks the joints (the caller falls back to the box).
 * Each colour is the per-channel median sRGB of its pixels: a logo, a fold in shadow or a stray hand moves a mean,
 * not a median.
 */
export function poseKit(
  image: RgbImage,
  box: Box,
  k: Keypoints | null,
  o: KitOptions = DEFAULT_KIT_OPTIONS,
): { torso: Colour | null; legs: Colour | null; shoes: Colour | null } {
  if (!k) return { torso: null, legs: null, shoes: null };
  const px = (p: Keypoint): Point | null =>
    p[2] >= o.sure ? [p[0] * image.width, p[1] * image.height] : null;
  const sample = new ColourSample();
  const torso = torsoQuad(k, px, o);
  if (torso) fillPolygon(image, torso, sample);
  const torsoColour = sample.median(o.minPixels);

  const legs = new ColourSample();
  const hips = [px(k.left_hip), px(k.right_hip)];
  const hipSpan = hips[0] && hips[1] ? Math.hypot(hips[0][0] - hips[1][0], hips[0][1] - hips[1][1]) : null;
  const boxHeight = (box[3] - box[1]) * image.height;
  // Without both hips the hip span is guessed from the box: hips are about a sixth of a standing runner's height.
  const halfWidth = Math.max(1, o.legHalfWidth * (hipSpan ?? boxHeight / 6));
  for (const [hip, knee, ankle] of [
    [k.left_hip, k.left_knee, k.left_ankle],
    [k.right_hip, k.right_knee, k.right_ankle],
  ] as const) {
    const [h, kn, a] = [px(hip), px(knee), px(ankle)];
    if (h && kn) fillStrip(image, h, kn, halfWidth, o.legEndTrim, legs);
    if (o.shins && kn && a) fillStrip(image, kn, a, halfWidth, o.legEndTrim, legs);
  }

  const shoes = new ColourSample();
  for (const [knee, ankle] of [
    [k.left_knee, k.left_ankle],
    [k.right_knee, k.right_ankle],
  ] as const) {
    const [kn, a] = [px(knee), px(ankle)];
    if (!a) continue;
    const side = kn ? o.shoeShin * Math.hypot(a[0] - kn[0], a[1] - kn[1]) : o.shoeBox * boxHeight;
    fillBox(image, { x0: a[0] - side / 2, y0: a[1], x1: a[0] + side / 2, y1: a[1] + side }, shoes);
  }
  return { torso: torsoColour, legs: legs.median(o.minPixels), shoes: shoes.median(o.minPixels) };
}

/** Shoulders and hips (all four sure), in drawing order, shrunk toward their centre; null without them. */
function torsoQuad(k: Keypoints, px: (p: Keypoint) => Point | null, o: KitOptions): Point[] | null {
  const corners = [k.left_shoulder, k.right_shoulder, k.right_hip, k.left_hip].map(px);
  if (corners.some((c) => c === null)) return null;
  const pts = corners as Point[];
  const cx = pts.reduce((s, p) => s + p[0], 0) / 4;
  const cy = pts.reduce((s, p) => s + p[1], 0) / 4;
  return pts.map(([x, y]) => [cx + (x - cx) * o.torsoShrink, cy + (y - cy) * o.torsoShrink] as const);
}

/** Per-channel 256-bin histograms: the median without storing the pixels. */
class ColourSample {
  private readonly hist = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)] as const;
  count = 0;

  add(image: RgbImage, x: number, y: number): void {
    const p = (y * image.width + x) * 3;
    this.hist[0][image.data[p]!]!++;
    this.hist[1][image.data[p + 1]!]!++;
    this.hist[2][image.data[p + 2]!]!++;
    this.count++;
  }

  median(minPixels: number): Colour | null {
    if (this.count < minPixels) return null;
    const half = this.count / 2;
    const channel = (h: Uint32Array) => {
      let seen = 0;
      for (let v = 0; v < 256; v++) {
        seen += h[v]!;
        if (seen >= half) return v;
      }
      return 255;
    };
    return [channel(this.hist[0]), channel(this.hist[1]), channel(this.hist[2])];
  }
}

function clampedRange(lo: number, hi: number, size: number): [number, number] {
  return [Math.max(0, Math.floor(lo)), Math.min(size, Math.ceil(hi))];
}

function fillBox(image: RgbImage, b: PixelBox, out: ColourSample): void {
  const [x0, x1] = clampedRange(b.x0, b.x1, image.width);
  const [y0, y1] = clampedRange(b.y0, b.y1, image.height);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) out.add(image, x, y);
}

/** Pixel centres inside a convex polygon (either winding). */
function fillPolygon(image: RgbImage, poly: readonly Point[], out: ColourSample): void {
  const xs = poly.map((p) => p[0]);
  const ys = poly.map((p) => p[1]);
  const [x0, x1] = clampedRange(Math.min(...xs), Math.max(...xs), image.width);
  const [y0, y1] = clampedRange(Math.min(...ys), Math.max(...ys), image.height);
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) if (insideConvex(poly, x + 0.5, y + 0.5)) out.add(image, x, y);
}

function insideConvex(poly: readonly Point[], x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < poly.length; i++) {
    const [ax, ay] = poly[i]!;
    const [bx, by] = poly[(i + 1) % poly.length]!;
    const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (cross === 0) continue;
    const s = Math.sign(cross);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

/** Pixels within halfWidth of the segment a→b, leaving `trim` of its length at each end. */
function fillStrip(
  image: RgbImage,
  a: Point,
  b: Point,
  halfWidth: number,
  trim: number,
  out: ColourSample,
): void {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  if (len2 < 1) return;
  const [x0, x1] = clampedRange(
    Math.min(a[0], b[0]) - halfWidth,
    Math.max(a[0], b[0]) + halfWidth,
    image.width,
  );
  const [y0, y1] = clampedRange(
    Math.min(a[1], b[1]) - halfWidth,
    Math.max(a[1], b[1]) + halfWidth,
    image.height,
  );
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const [ux, uy] = [x + 0.5 - a[0], y + 0.5 - a[1]];
      const t = (ux * dx + uy * dy) / len2;
      if (t < trim || t > 1 - trim) continue;
      const across = Math.abs(ux * dy - uy * dx) / Math.sqrt(len2);
      if (across <= halfWidth) out.add(image, x, y);
    }
}

/**
 * How colours are compared (every consumer of the kit: people link, series). Light changes between frames (cloud,
 * shade, the runner turning) scale all three channels; chromaticity (each channel's share of their sum) stays, so it
 * weighs most and lightness counts coarsely. The offsets keep dark colours, whose shares are noise, near each other.
 * On the same scale as sRGB distance for colours of one lightness (a red and a blue top ~200 apart), so the link's
 * neutral point and the series' threshold keep their order of magnitude.
 */
export const COLOUR_DISTANCE = Object.freeze({
  chromaWeight: 1.5,
  lightnessWeight: 0.5,
  /** Added to each channel (and three times to the sum) before taking shares. */
  darkOffset: 10,
});

/** Kit colour distance (see COLOUR_DISTANCE) between two sRGB colours. */
export function colourDistance(u: readonly number[], v: readonly number[]): number {
  const { chromaWeight, lightnessWeight, darkOffset } = COLOUR_DISTANCE;
  const sum = (c: readonly number[]) => (c[0] ?? 0) + (c[1] ?? 0) + (c[2] ?? 0);
  const share = (c: readonly number[], i: number) =>
    (255 * ((c[i] ?? 0) + darkOffset)) / (sum(c) + 3 * darkOffset);
  const chroma = [0, 1, 2].map((i) => chromaWeight * (share(u, i) - share(v, i)));
  return Math.hypot(...chroma, (lightnessWeight * (sum(u) - sum(v))) / 3);
}

/** One runner's kit as the consumers hold it. */
export interface KitParts {
  readonly torso: readonly number[];
  readonly legs: readonly number[];
  readonly shoes?: readonly number[] | null;
}

/**
 * Kit distance of two runners: the mean colour distance of torso and legs, and of the shoes where both runners have
 * them (two teammates share a club top; their shoes rarely match).
 */
export function kitPartsDistance(a: KitParts, b: KitParts): number {
  const parts = [colourDistance(a.torso, b.torso), colourDistance(a.legs, b.legs)];
  if (a.shoes && b.shoes) parts.push(colourDistance(a.shoes, b.shoes));
  return parts.reduce((s, d) => s + d, 0) / parts.length;
}
