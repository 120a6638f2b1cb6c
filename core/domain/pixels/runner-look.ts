/**
 * What a photographer sees of one person at a glance, measured on the working raster: how crisp the face and torso
 * are (where a photographer puts the focus point), how bright the runner is (exposure judged on the runner, not the
 * frame) and the kit's colours (to recognise the same runner in the next frame of a series).
 */
import type { Box, Keypoints } from "../analysis.ts";
import type { RgbImage } from "../ports.ts";
import { meanSureY } from "../pose.ts";
import { toPixelBox, type GreyImage, type PixelBox } from "./grey.ts";
import { poseKit } from "./kit.ts";

export interface RunnerLook {
  /**
   * Edge crispness of the face and torso, 0–1: the energy of 1-pixel differences over that of 3-pixel differences,
   * rescaled so an edge spread over 3+ pixels (defocus, motion) reads near 0 and a crisp edge near 1. It does not
   * depend on contrast or on how large the person is, so it compares a near runner with a far one.
   */
  readonly crispness: number;
  /** Median and 95th-percentile luma (0–255) of the runner's box: the runner's exposure, whatever the background. */
  readonly lumaMedian: number;
  readonly lumaP95: number;
  /**
   * 99th-percentile luma: the runner's brightest pixels, the bib and the skin. On a runner in dark kit they are under
   * 5 % of the box, so the 95th percentile reads the shirt (dev keepers in navy or charcoal in shade: 147–148).
   */
  readonly lumaP99: number;
  /**
   * The kit (sRGB 0–255): the median colour inside the shoulder–hip quadrilateral and along the hip→knee→ankle
   * strips where the pose has those joints (core/domain/pixels/kit.ts), else the mean over the box's torso and legs
   * rows. Shoes: the median colour below the sure ankles, absent without one.
   */
  readonly torsoColour: [number, number, number];
  readonly legsColour: [number, number, number];
  readonly shoesColour?: [number, number, number];
}

/** Keypoints this sure are used to place the torso and legs; below, the box's usual proportions are. */
const KEYPOINT_SURE = 0.3;
/** 1-px over 3-px difference energy: ~1/9 for a ramp spread over 3+ px, ~1 for a step edge or fine texture. */
const CRISP_FLOOR = 1 / 9;
const FAR = 3;

export function measureRunnerLook(
  image: RgbImage,
  grey: GreyImage,
  box: Box,
  keypoints: Keypoints | null,
): RunnerLook {
  const regions = bodyRegions(box, keypoints);
  const upper = toPixelBox(regions.upper, grey.width, grey.height);
  const whole = toPixelBox(box, grey.width, grey.height);
  const [lumaMedian, lumaP95, lumaP99] = lumaPercentiles(grey, whole, [0.5, 0.95, 0.99]);
  const kit = poseKit(image, box, keypoints);
  return {
    crispness: crispness(grey, upper),
    lumaMedian: lumaMedian!,
    lumaP95: lumaP95!,
    lumaP99: lumaP99!,
    torsoColour: kit.torso ?? meanColour(image, toPixelBox(regions.torso, image.width, image.height)),
    legsColour: kit.legs ?? meanColour(image, toPixelBox(regions.legs, image.width, image.height)),
    ...(kit.shoes ? { shoesColour: kit.shoes } : {}),
  };
}

interface BodyRegions {
  /** Head and torso: where the photographer's focus point sits. */
  readonly upper: Box;
  readonly torso: Box;
  readonly legs: Box;
}

/** Head+torso, torso and legs from the pose where it is sure, else from the box's proportions (head ~1/8, hips ~1/2). */
export function bodyRegions(box: Box, k: Keypoints | null): BodyRegions {
  const [x0, y0, x1, y1] = box;
  const h = y1 - y0;
  const shoulderY = meanSureY(k, ["left_shoulder", "right_shoulder"], KEYPOINT_SURE) ?? y0 + 0.18 * h;
  const hipY = meanSureY(k, ["left_hip", "right_hip"], KEYPOINT_SURE) ?? y0 + 0.5 * h;
  const ankleY = meanSureY(k, ["left_ankle", "right_ankle"], KEYPOINT_SURE) ?? y1;
  const inset = (x1 - x0) * 0.15;
  const clampY = (v: number) => Math.min(y1, Math.max(y0, v));
  return {
    upper: [x0, y0, x1, clampY(Math.max(hipY, y0 + 0.2 * h))],
    torso: [x0 + inset, clampY(shoulderY), x1 - inset, clampY(Math.max(hipY, shoulderY + 0.05 * h))],
    legs: [x0 + inset, clampY(hipY), x1 - inset, clampY(Math.max(ankleY, hipY + 0.05 * h))],
  };
}

/**
 * Crispness over both axes (see RunnerLook.crispness) of the pixels of `area` not set in `skip` (a mask over the
 * raster; none skipped without one: a mask, not a per-pixel callback, which cost more than the arithmetic); 0 on a
 * flat area.
 */
export function crispness(grey: GreyImage, area: PixelBox, skip: Uint8Array | null = null): number {
  const { data, width: w } = grey;
  let near = 0;
  let far = 0;
  const [y1, x1] = [Math.min(grey.height - FAR, area.y1), Math.min(w - FAR, area.x1)];
  for (let y = area.y0; y < y1; y++) {
    for (let x = area.x0, i = y * w + x; x < x1; x++, i++) {
      if (skip !== null && skip[i] !== 0) continue;
      const v = data[i]!;
      near += (data[i + 1]! - v) ** 2 + (data[i + w]! - v) ** 2;
      far += (data[i + FAR]! - v) ** 2 + (data[i + FAR * w]! - v) ** 2;
    }
  }
  if (far <= 0) return 0;
  const ratio = near / far;
  return Math.min(1, Math.max(0, (ratio - CRISP_FLOOR) / (1 - CRISP_FLOOR)));
}

/** Percentiles of luma over the area, from a 256-bin histogram. */
export function lumaPercentiles(grey: GreyImage, area: PixelBox, ps: readonly number[]): number[] {
  const hist = new Uint32Array(256);
  const { data, width } = grey;
  let n = 0;
  for (let y = area.y0; y < area.y1; y++) {
    for (let i = y * width + area.x0, end = y * width + area.x1; i < end; i++) {
      hist[Math.min(255, Math.max(0, Math.round(data[i]!)))]!++;
      n++;
    }
  }
  return ps.map((p) => {
    if (n === 0) return 0;
    const target = p * n;
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += hist[v]!;
      if (seen >= target) return v;
    }
    return 255;
  });
}

function meanColour(image: RgbImage, area: PixelBox): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = area.y0; y < area.y1; y++) {
    for (let x = area.x0; x < area.x1; x++) {
      const p = (y * image.width + x) * 3;
      sum[0]! += image.data[p]!;
      sum[1]! += image.data[p + 1]!;
      sum[2]! += image.data[p + 2]!;
      n++;
    }
  }
  return n === 0 ? [0, 0, 0] : [round1(sum[0]! / n), round1(sum[1]! / n), round1(sum[2]! / n)];
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Grid of the scene outside the persons: SCENE_ROWS x SCENE_COLS cells. */
export const SCENE_ROWS = 4;
export const SCENE_COLS = 4;

/**
 * The scene behind the persons: mean colour (sRGB 0–255) of each cell of a 4x4 grid over the pixels outside every
 * person's box, -1 for a cell the persons cover. Frames of one series share it even when the runner moves and grows
 * (a pHash of the whole frame changes with the runner); frames of another place do not.
 */
export function sceneLayout(image: RgbImage, people: readonly Box[]): number[] {
  const boxes = people.map((b) => toPixelBox(b, image.width, image.height));
  const cells = SCENE_ROWS * SCENE_COLS;
  const sum = new Float64Array(cells * 3);
  const count = new Uint32Array(cells);
  const step = Math.max(1, Math.floor(Math.min(image.width, image.height) / 96));
  for (let y = 0; y < image.height; y += step) {
    const row = Math.min(SCENE_ROWS - 1, Math.floor((y / image.height) * SCENE_ROWS));
    for (let x = 0; x < image.width; x += step) {
      if (boxes.some((b) => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1)) continue;
      const c = row * SCENE_COLS + Math.min(SCENE_COLS - 1, Math.floor((x / image.width) * SCENE_COLS));
      const p = (y * image.width + x) * 3;
      for (let k = 0; k < 3; k++) sum[c * 3 + k] = sum[c * 3 + k]! + image.data[p + k]!;
      count[c]!++;
    }
  }
  const minCount = (image.width * image.height) / (step * step * cells) / 10;
  const out: number[] = [];
  for (let c = 0; c < cells; c++) {
    for (let k = 0; k < 3; k++)
      out.push(count[c]! >= minCount ? Math.round(sum[c * 3 + k]! / count[c]!) : -1);
  }
  return out;
}
