import type { Box, Keypoints, Runner } from "../analysis.ts";
import type { RgbImage } from "../ports.ts";
import { greyOf, toPixelBox, type GreyImage, type PixelBox } from "./grey.ts";
import { bodyRegions, crispness, measureRunnerLook } from "./runner-look.ts";

export type RunnerPixels = NonNullable<Runner["pixels"]>;

/** Luma at or above this is treated as blown out; at or below SHADOW_LUMA as blocked up (8-bit JPEG scale). */
const HIGHLIGHT_LUMA = 250;
const SHADOW_LUMA = 5;
/**
 * Per direction, edge sharpness is the energy of 1-pixel differences over that of 4-pixel differences: about 1/4 for
 * a crisp edge, 1/16 for one spread over 4+ pixels, whatever the content. A pan or a moving runner spreads edges along
 * one direction only, so that direction's sharpness falls to a quarter to a half of the crossing one; an even lens
 * blur keeps them equal. Ratios above SMEAR_FREE count as no motion blur; SMEAR_FULL and below as full blur.
 *
 * A long smear (a tenth of the runner's width and more) flattens the edges so much that sensor grain and JPEG noise
 * set both energies of the smeared direction and the ratio above reads "crisp". The detail energy itself then tells:
 * 2-pixel differences along the smear keep a small share of those across it. On the dev runners the least even
 * direction pair keeps at least 0.35 of its partner's energy (sharp or soft, a lens blur spares no direction); a
 * smear of 12 % of the runner's width leaves 0.04–0.25 (companion/eval/paired-faults.ts). Shares at or above
 * ANISOTROPY_FREE count as no motion blur, ANISOTROPY_FULL and below as full blur.
 */
const SMEAR_FREE = 0.75;
const SMEAR_FULL = 0.3;
const FAR_STEP = 4;
const ANISOTROPY_STEP = 2;
const ANISOTROPY_FREE = 0.4;
const ANISOTROPY_FULL = 0.2;
const DIRECTIONS: ReadonlyArray<readonly [number, number]> = [
  [1, 0],
  [1, 1],
  [0, 1],
  [-1, 1],
];

/**
 * Pixel measures of one runner on the working raster: sharpness of the runner's box against the background
 * (everything outside every person's box), directional blur and tonal clipping on the runner.
 */
export function measureRunnerPixels(
  image: RgbImage,
  box: Box,
  others: Box[],
  keypoints: Keypoints | null = null,
): RunnerPixels {
  const grey = greyOf(image);
  const runner = toPixelBox(box, grey.width, grey.height);
  const background = backgroundOf(image, grey, [box, ...others]);
  return {
    sharpness: laplacianVariance(grey, runner),
    backgroundSharpness: background.sharpness,
    motionBlur: directionalBlur(grey, runner, toPixelBox(ownTorso(box, keypoints), grey.width, grey.height)),
    ...clipping(grey, runner),
    ...measureRunnerLook(image, grey, box, keypoints),
    backgroundCrispness: background.crispness,
  };
}

/**
 * The analyzer measures every runner of a frame against the same raster: the background (outside every person's
 * box) is computed once per raster and person set, not once per runner (the grey raster likewise, see greyOf).
 */
interface Background {
  readonly sharpness: number;
  readonly crispness: number;
}
const backgroundCache = new WeakMap<RgbImage, Map<string, Background>>();

function backgroundOf(image: RgbImage, grey: GreyImage, people: readonly Box[]): Background {
  const key = people
    .map((b) => b.join(","))
    .sort()
    .join(";");
  let perImage = backgroundCache.get(image);
  if (!perImage) backgroundCache.set(image, (perImage = new Map<string, Background>()));
  let value = perImage.get(key);
  if (value === undefined) {
    const mask = personMask(grey, people);
    const all = { x0: 0, y0: 0, x1: grey.width, y1: grey.height };
    value = {
      sharpness: laplacianVariance(grey, all, mask),
      crispness: crispness(grey, all, mask),
    };
    perImage.set(key, value);
  }
  return value;
}

/** 1 inside any person's box. */
function personMask(grey: GreyImage, people: readonly Box[]): Uint8Array {
  const mask = new Uint8Array(grey.width * grey.height);
  for (const b of people) {
    const p = toPixelBox(b, grey.width, grey.height);
    for (let y = p.y0; y < p.y1; y++) mask.fill(1, y * grey.width + p.x0, y * grey.width + p.x1);
  }
  return mask;
}

/**
 * Variance of the 4-neighbour Laplacian over the pixels of `area` not set in `skip` (a mask over the raster; none
 * skipped without one); 0 when there are none. A mask, not a callback: this runs over the whole frame for the
 * background, and a call per pixel cost more than the arithmetic.
 */
export function laplacianVariance(grey: GreyImage, area: PixelBox, skip: Uint8Array | null = null): number {
  const { data, width: w } = grey;
  let n = 0;
  let sum = 0;
  let sq = 0;
  const [x0, x1, y1] = [Math.max(1, area.x0), Math.min(w - 1, area.x1), Math.min(grey.height - 1, area.y1)];
  for (let y = Math.max(1, area.y0); y < y1; y++) {
    for (let x = x0, i = y * w + x; x < x1; x++, i++) {
      if (skip !== null && skip[i] !== 0) continue;
      const lap = data[i - 1]! + data[i + 1]! + data[i - w]! + data[i + w]! - 4 * data[i]!;
      n++;
      sum += lap;
      sq += lap * lap;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return Math.max(0, sq / n - mean * mean);
}

/** Edge sharpness (near over far difference energy) along each direction of DIRECTIONS, 0 when flat. */
export function directionalSharpness(grey: GreyImage, area: PixelBox): number[] {
  const w = grey.width;
  const near = differenceEnergies(
    grey,
    withinReach(grey, area),
    DIRECTIONS.map(([dx, dy]) => dy * w + dx),
  );
  const far = differenceEnergies(
    grey,
    withinReach(grey, area),
    DIRECTIONS.map(([dx, dy]) => FAR_STEP * (dy * w + dx)),
  );
  return near.map((n, d) => (far[d]! > 0 ? n / far[d]! : 0));
}

/** Energy of ANISOTROPY_STEP-pixel differences along each direction of DIRECTIONS. */
function detailEnergies(grey: GreyImage, area: PixelBox): number[] {
  const w = grey.width;
  return differenceEnergies(
    grey,
    withinReach(grey, area),
    DIRECTIONS.map(([dx, dy]) => ANISOTROPY_STEP * (dy * w + dx)),
  );
}

/**
 * Sum of squared differences between each pixel of `r` and the pixel `offsets[d]` further on, for the four
 * directions at once: one pass over the area instead of one per direction (this runs for every measured runner).
 * Each sum takes its terms in raster order, as four separate passes would.
 */
function differenceEnergies(grey: GreyImage, r: PixelBox, offsets: readonly number[]): number[] {
  const { data, width: w } = grey;
  const [o0, o1, o2, o3] = offsets as [number, number, number, number];
  let e0 = 0;
  let e1 = 0;
  let e2 = 0;
  let e3 = 0;
  for (let y = r.y0; y < r.y1; y++) {
    for (let i = y * w + r.x0, end = y * w + r.x1; i < end; i++) {
      const v = data[i]!;
      const d0 = data[i + o0]! - v;
      const d1 = data[i + o1]! - v;
      const d2 = data[i + o2]! - v;
      const d3 = data[i + o3]! - v;
      e0 += d0 * d0;
      e1 += d1 * d1;
      e2 += d2 * d2;
      e3 += d3 * d3;
    }
  }
  return [e0, e1, e2, e3];
}

/** The part of `area` whose FAR_STEP neighbours in every direction lie inside the raster (both readings use it). */
function withinReach(grey: GreyImage, area: PixelBox): PixelBox {
  const m = FAR_STEP;
  return {
    x0: Math.max(m, area.x0),
    y0: Math.max(0, area.y0),
    x1: Math.min(grey.width - m, area.x1),
    y1: Math.min(grey.height - m, area.y1),
  };
}

/**
 * 0 = edges equally crisp in every direction; 1 = edges smeared along one direction (pan or moving runner).
 * Each direction is compared with its perpendicular (0° with 90°, 45° with 135°): a smear spares the crossing
 * direction, while content and an even lens blur affect both alike. Two readings, the stronger wins: the edge
 * profile (near over far energy) for a short smear, the detail energy share for a long one.
 */
export function directionalBlur(grey: GreyImage, area: PixelBox, torso: PixelBox = area): number {
  const profile = perpendicularShare(directionalSharpness(grey, area));
  // The detail share is read on the runner's own torso: the box also holds background between the limbs (smeared
  // in a pan that keeps the runner sharp) and, in a pack, part of the next runner.
  const detail = perpendicularShare(detailEnergies(grey, torso));
  return Math.max(ramp(profile, SMEAR_FREE, SMEAR_FULL), ramp(detail, ANISOTROPY_FREE, ANISOTROPY_FULL));
}

/** Keypoints this sure place the torso. */
const TORSO_SURE = 0.3;
/** Margin around the shoulders and hips, as a share of their span (the arms swing beside the torso). */
const TORSO_MARGIN = 0.15;

/**
 * The runner's own torso: between the shoulders and the hips the pose is sure of (three or four of them), widened
 * a little; without them, the torso the box's proportions give.
 */
export function ownTorso(box: Box, k: Keypoints | null): Box {
  const fallback = bodyRegions(box, k).torso;
  if (!k) return fallback;
  const pts = [k.left_shoulder, k.right_shoulder, k.left_hip, k.right_hip].filter((p) => p[2] >= TORSO_SURE);
  if (pts.length < 3) return fallback;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const mx = TORSO_MARGIN * (x1 - x0);
  const inside = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const torso: Box = [
    inside(x0 - mx, box[0], box[2]),
    inside(y0, box[1], box[3]),
    inside(x1 + mx, box[0], box[2]),
    inside(y1, box[1], box[3]),
  ];
  // A torso seen edge-on or a pose folded up gives a sliver: too few pixels to judge a smear on.
  return torso[2] - torso[0] > 0.02 * (box[2] - box[0]) && torso[3] - torso[1] > 0.1 * (box[3] - box[1])
    ? torso
    : fallback;
}

/** The least even perpendicular pair's smaller over larger value (1 when both are flat). */
function perpendicularShare(v: readonly number[]): number {
  const share = (a: number, b: number) => (Math.max(a, b) > 0 ? Math.min(a, b) / Math.max(a, b) : 1);
  return Math.min(share(v[0]!, v[2]!), share(v[1]!, v[3]!));
}

/** 0 at or above `free`, 1 at or below `full`, linear between. */
function ramp(value: number, free: number, full: number): number {
  return Math.min(1, Math.max(0, (free - value) / (free - full)));
}

function clipping(
  grey: GreyImage,
  area: PixelBox,
): Pick<RunnerPixels, "highlightsClipped" | "shadowsClipped"> {
  let n = 0;
  let high = 0;
  let low = 0;
  const { data, width } = grey;
  for (let y = area.y0; y < area.y1; y++) {
    for (let i = y * width + area.x0, end = y * width + area.x1; i < end; i++) {
      const v = data[i]!;
      n++;
      if (v >= HIGHLIGHT_LUMA) high++;
      if (v <= SHADOW_LUMA) low++;
    }
  }
  return n === 0
    ? { highlightsClipped: 0, shadowsClipped: 0 }
    : { highlightsClipped: high / n, shadowsClipped: low / n };
}
