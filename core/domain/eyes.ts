/**
 * Eye openness from the MediaPipe Iris model: where to cut each eye out of the face (from FaceMesh's eye corners),
 * how to sample it the way the model was trained (upright, 64x64, every eye shown as a left eye), and how far the
 * eyelids stand apart in the contour it returns.
 */
import type { RgbImage } from "./ports.ts";
import type { Region } from "./raster.ts";
import { distance, type Point } from "./style/skeleton.ts";
import { MIN_LARGER_FACTOR } from "./working-size.ts";

export const IRIS_INPUT = 64;
/** Values per eye in the iris output: 71 contour points and 5 iris points, x y z each. */
export const IRIS_VALUES = 76 * 3;
/** MediaPipe cuts a square 2.3 times the corner-to-corner distance around the eye. */
export const EYE_CROP_SCALE = 2.3;

export type EyeSide = "left" | "right";

/**
 * FaceMesh eye corners per eye (subject's left and right). The model saw left eyes only; MediaPipe mirrors the eye
 * whose corners are 362/263 (image right on a frontal face) so both reach it in the same orientation.
 */
const CORNERS: Record<
  EyeSide,
  { readonly outer: number; readonly inner: number; readonly mirrored: boolean }
> = {
  right: { outer: 33, inner: 133, mirrored: false },
  left: { outer: 263, inner: 362, mirrored: true },
};

/** An upright square around one eye in working pixels: rotated so the corners lie level, mirrored if need be. */
export interface EyeCrop {
  readonly cx: number;
  readonly cy: number;
  readonly side: number;
  /** Angle (radians) of the outer→inner corner line in the image, undone when sampling. */
  readonly angle: number;
  readonly mirrored: boolean;
  /** Corner-to-corner distance in working pixels: how big the eye is in the photo. */
  readonly widthPx: number;
}

/** The iris crop for one eye from FaceMesh's 468 x 3 landmarks (in mesh-input pixels) and the mesh's region. */
export function eyeCrop(mesh: ArrayLike<number>, eye: EyeSide, region: Region, meshInput: number): EyeCrop {
  const k = region.width / meshInput;
  const at = (i: number): [number, number] => [region.x + mesh[i * 3]! * k, region.y + mesh[i * 3 + 1]! * k];
  const { outer, inner, mirrored } = CORNERS[eye];
  const [a, b] = [at(outer), at(inner)];
  const widthPx = Math.hypot(b[0] - a[0], b[1] - a[1]);
  // Level the eye along the line from the image-left corner to the image-right corner.
  const [l, r] = a[0] <= b[0] ? [a, b] : [b, a];
  return {
    cx: (a[0] + b[0]) / 2,
    cy: (a[1] + b[1]) / 2,
    side: widthPx * EYE_CROP_SCALE,
    angle: Math.atan2(r[1] - l[1], r[0] - l[0]),
    mirrored,
    widthPx,
  };
}

/**
 * Samples the eye crop into `out` (size x size x 3, RGB 0..1, NHWC) with bilinear interpolation; a 2x2 grid of
 * samples per output pixel keeps large eyes from aliasing. Outside the image reads as black.
 */
export function sampleEye(
  image: RgbImage,
  crop: EyeCrop,
  out: Float32Array,
  size = IRIS_INPUT,
): Float32Array {
  const step = crop.side / size;
  const cos = Math.cos(crop.angle) * step;
  const sin = Math.sin(crop.angle) * step;
  const px = new Float64Array(3);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      px.fill(0);
      for (let s = 0; s < 4; s++) {
        const du = s & 1 ? 0.75 : 0.25;
        const u = (crop.mirrored ? size - i - du : i + du) - size / 2;
        const v = j + (s & 2 ? 0.75 : 0.25) - size / 2;
        addBilinear(image, crop.cx + u * cos - v * sin, crop.cy + u * sin + v * cos, px);
      }
      const o = (j * size + i) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = px[c]! / (4 * 255);
    }
  }
  return out;
}

/** Adds the bilinear RGB value at (x, y) (pixel centres at +0.5) to `acc`. */
function addBilinear(image: RgbImage, x: number, y: number, acc: Float64Array): void {
  const { width, height, data } = image;
  const fx = x - 0.5;
  const fy = y - 0.5;
  if (fx <= -1 || fy <= -1 || fx >= width || fy >= height) return;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const wx = fx - x0;
  const wy = fy - y0;
  const c0 = Math.max(x0, 0) * 3;
  const c1 = Math.min(x0 + 1, width - 1) * 3;
  const r0 = Math.max(y0, 0) * width * 3;
  const r1 = Math.min(y0 + 1, height - 1) * width * 3;
  for (let k = 0; k < 3; k++) {
    const top = data[r0 + c0 + k]! + (data[r0 + c1 + k]! - data[r0 + c0 + k]!) * wx;
    const bottom = data[r1 + c0 + k]! + (data[r1 + c1 + k]! - data[r1 + c0 + k]!) * wx;
    acc[k] = acc[k]! + top + (bottom - top) * wy;
  }
}

// Iris output layout (MediaPipe's contour order): 0–8 lower lid from the outer to the inner corner, 9–15 the upper
// lid above points 1–7; 71–75 the iris centre, then its right, top, left and bottom edge.
const LOWER_LID = [1, 2, 3, 4, 5, 6, 7];
const UPPER_LID = [9, 10, 11, 12, 13, 14, 15];
const IRIS = 71;

/** What the iris model saw of one eye, in the crop's pixels and as ratios. */
export interface EyeShape {
  /** Mean gap between the eyelids over the central half of the eye, relative to corner-to-corner width. */
  readonly opening: number;
  /** Largest eyelid gap relative to the iris diameter: ~1 when the whole iris shows, 0 when the lids meet. */
  readonly irisShown: number;
  /** Iris diameter relative to the eye's width: ~0.4–0.5 from the front, larger when the eye turns away. */
  readonly irisToWidth: number;
  /** Corner-to-corner width in the crop's pixels (about 64 / 2.3 when FaceMesh's corners were right). */
  readonly widthPx: number;
}

/** Eyelid and iris measures from one eye's 228 output values (x y z per point, crop pixels). */
export function eyeShape(out: ArrayLike<number>, offset = 0): EyeShape {
  const p = (i: number): [number, number] => [out[offset + i * 3]!, out[offset + i * 3 + 1]!];
  const [a, b] = [p(0), p(8)];
  const widthPx = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1e-6;
  // Unit normal to the corner line: gaps are measured across the eye, whatever its tilt in the crop.
  const [nx, ny] = [-(b[1] - a[1]) / widthPx, (b[0] - a[0]) / widthPx];
  const gaps = LOWER_LID.map((lo, n) => {
    const [l, u] = [p(lo), p(UPPER_LID[n]!)];
    return Math.abs((l[0] - u[0]) * nx + (l[1] - u[1]) * ny);
  });
  const central = gaps.slice(2, 5);
  const iris = Math.hypot(p(IRIS + 1)[0] - p(IRIS + 3)[0], p(IRIS + 1)[1] - p(IRIS + 3)[1]) || 1e-6;
  return {
    opening: mean(central) / widthPx,
    irisShown: Math.max(...gaps) / iris,
    irisToWidth: iris / widthPx,
    widthPx,
  };
}

function mean(v: readonly number[]): number {
  return v.reduce((s, x) => s + x, 0) / v.length;
}

/** Below this corner-to-corner width (pixels read) an open eye's lid gap (~0.3 of it) is under 2.5 px: not judged. */
export const MIN_EYE_PX = 8;
/** Eye opening (lid gap over eye width) at which open and closed are equally likely: calibrated on dev photos. */
export const OPEN_CENTRE = 0.18;
/** How quickly the probability moves around the centre (opening units); open eyes measure 0.2–0.4. */
export const OPEN_SCALE = 0.03;
/**
 * An iris spans about 0.4 of the eye's width (turning the head narrows both alike); at half or double that the
 * contour did not land on an eye.
 */
const IRIS_TO_WIDTH: readonly [number, number] = [0.2, 0.8];
/** An eye narrower than this share of the other is turned away or hidden behind the nose: the other one decides. */
const FAR_EYE_SHARE = 0.5;
/**
 * A blink closes both eyes together. When the two eyes' open probabilities differ by more than this, one reading is
 * off (glare on a lens, a squint on the sunlit side, hair across one eye) and the open eye is trusted. Chosen on the
 * dev photos (open eyes called closed 12 % → 8 %, closed eyes caught 9 → 7 of 14, AUC 0.89 → 0.91).
 */
export const EYES_DISAGREE = 0.3;

/**
 * Share of the eye crop that must lie inside the photo for the eye to be judged. The model was shown eyes cut from
 * whole faces; the black it is given past the frame's edge reads as a lid: on the dev set the one eye crop a frame cut
 * (a third of it above the top edge, a head framed to the glasses, eyes labelled open) read 0.06 open.
 */
export const MIN_EYE_SHOWN = 0.95;

/** One eye as measured: its shape in the crop, its size in the photo and how much of its crop the photo holds. */
export interface EyeReading {
  readonly shape: EyeShape;
  /** Corner-to-corner width in the pixels it was read from (the working raster's, or a larger decode's). */
  readonly widthPx: number;
  /** Share of the crop inside the photo (shownShare); absent = all of it. */
  readonly shown?: number;
  /** How far the crop's eye lies from the face detector's nearer eye point, in eye widths (eyeOffset); absent = 0. */
  readonly offset?: number;
}

/**
 * Where FaceMesh's eye lies against the face detector's two eye points (same pixels as the crop): the distance to
 * the nearer one, in eye widths.
 */
export function eyeOffset(crop: EyeCrop, detectorEyes: readonly [Point, Point]): number {
  const centre = { x: crop.cx, y: crop.cy };
  return Math.min(...detectorEyes.map((p) => distance(centre, p))) / Math.max(crop.widthPx, 1e-6);
}

/**
 * Both eyes further than this (eye widths) from the face detector's eye points: FaceMesh did not find the eyes, and
 * the iris model was shown a cheek or a lens. Sunglasses and a visor's shadow do it: on the dev set four main runners
 * whose eyes the photographer could not see (all sunglasses) measure 0.51–0.66 on their nearer eye, one of them read
 * closed (0.05, flagged) and the others anywhere from 0.47 to 0.93; every eye labelled open or closed measures at
 * most 0.39 on one eye or the other. One eye off is a turned head's far corner, not a lost face: the other decides.
 */
export const MAX_EYE_OFFSET = 0.45;

/** Whether the eye is big enough, wholly in the photo and its contour plausible enough to say open or closed. */
export function judgeable(eye: EyeReading): boolean {
  const ratio = eye.shape.irisToWidth;
  return (
    eye.widthPx >= MIN_EYE_PX &&
    (eye.shown ?? 1) >= MIN_EYE_SHOWN &&
    ratio >= IRIS_TO_WIDTH[0] &&
    ratio <= IRIS_TO_WIDTH[1]
  );
}

/** The eye's width in the iris model's input: 64 px across a crop 2.3 eye widths wide. More pixels add nothing. */
export const EYE_INPUT_PX = IRIS_INPUT / EYE_CROP_SCALE;

/**
 * Which faces' eyes to read from a larger decode of the photo (the working raster shows them smaller than the
 * model's input, EYE_INPUT_PX, by at least MIN_LARGER_FACTOR), and the factor that shows the smallest of them at
 * that width (at most `available`, the larger decode's factor). A face is sized by its wider eye, as the verdict
 * weighs it. Only eyes the working raster can judge (MIN_EYE_PX): read from the full decode, the smaller ones judged
 * three more faces on the dev set, and the one main runner among them wrongly (a closed eye behind glasses with
 * glare, read open), so that line stays where the working raster puts it. Null when no face gains.
 */
export function largerEyeRead(
  widestEyePx: readonly number[],
  available: number,
): { readonly factor: number; readonly faces: readonly boolean[] } | null {
  if (available < MIN_LARGER_FACTOR) return null;
  const faces = widestEyePx.map((w) => w >= MIN_EYE_PX && w * MIN_LARGER_FACTOR <= EYE_INPUT_PX);
  const sizes = widestEyePx.filter((_, f) => faces[f]);
  if (sizes.length === 0) return null;
  return { factor: Math.min(available, EYE_INPUT_PX / Math.min(...sizes)), faces };
}

/** The same eye crop in a raster `factor` times larger than the one it was measured in. */
export function scaleCrop(crop: EyeCrop, factor: number): EyeCrop {
  return {
    ...crop,
    cx: crop.cx * factor,
    cy: crop.cy * factor,
    side: crop.side * factor,
    widthPx: crop.widthPx * factor,
  };
}

/** Share of the (turned) eye crop inside an image of this size, measured on a grid of `steps` x `steps` points. */
export function shownShare(crop: EyeCrop, image: { width: number; height: number }, steps = 16): number {
  const cos = Math.cos(crop.angle);
  const sin = Math.sin(crop.angle);
  let inside = 0;
  for (let j = 0; j < steps; j++) {
    for (let i = 0; i < steps; i++) {
      const u = ((i + 0.5) / steps - 0.5) * crop.side;
      const v = ((j + 0.5) / steps - 0.5) * crop.side;
      const x = crop.cx + u * cos - v * sin;
      const y = crop.cy + u * sin + v * cos;
      if (x >= 0 && y >= 0 && x <= image.width && y <= image.height) inside++;
    }
  }
  return inside / (steps * steps);
}

/** Probability that an eye with this opening (lid gap over width) is open. */
export function openProbability(opening: number): number {
  return 1 / (1 + Math.exp(-(opening - OPEN_CENTRE) / OPEN_SCALE));
}

export interface EyesVerdict {
  /** Probability that the runner's eyes are open; null when no eye could be judged. */
  readonly eyesOpen: number | null;
  /** Per-eye probabilities, only when both eyes could be judged. */
  readonly eyes: { readonly left: number; readonly right: number } | null;
}

/**
 * Both eyes together: the judgeable ones, less an eye much narrower than the other, averaged by width (the eye
 * nearer the camera is seen better). Null rather than a guess when no eye qualifies, or FaceMesh lost both eyes
 * (MAX_EYE_OFFSET).
 */
export function eyesVerdict(left: EyeReading, right: EyeReading): EyesVerdict {
  if (Math.min(left.offset ?? 0, right.offset ?? 0) > MAX_EYE_OFFSET) return { eyesOpen: null, eyes: null };
  const seen = [left, right].filter(judgeable);
  const widest = Math.max(0, ...seen.map((e) => e.widthPx));
  const used = seen.filter((e) => e.widthPx >= FAR_EYE_SHARE * widest);
  if (used.length === 0) return { eyesOpen: null, eyes: null };
  const weight = used.reduce((s, e) => s + e.widthPx, 0);
  const opening = used.reduce((s, e) => s + e.shape.opening * e.widthPx, 0) / weight;
  const both = used.length === 2;
  const eyes = both
    ? { left: openProbability(left.shape.opening), right: openProbability(right.shape.opening) }
    : null;
  const disagree = eyes !== null && Math.abs(eyes.left - eyes.right) > EYES_DISAGREE;
  return { eyesOpen: disagree ? Math.max(eyes.left, eyes.right) : openProbability(opening), eyes };
}
