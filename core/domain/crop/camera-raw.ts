/**
 * Displayed frame <-> Camera Raw frame. Lightroom and Camera Raw store crs:CropLeft/Top/Right/Bottom normalised in
 * the UNROTATED sensor frame (before EXIF orientation), while everything in Stridelight is in the displayed frame.
 */
import type { CropBox } from "./types.ts";

/** Camera Raw crop fields, as photo:applyDevelopSettings and the crs: XMP namespace name them. */
export interface CameraRawCrop {
  CropLeft: number;
  CropTop: number;
  CropRight: number;
  CropBottom: number;
  CropAngle: number;
}

type Point = readonly [number, number];

/**
 * Where a sensor point (x, y) lands in the displayed frame, per EXIF orientation (TIFF 6.0 names: "row 0 is the
 * visual right-hand side" etc.). All maps are their own inverse except 6 and 8, which invert each other.
 */
const SENSOR_TO_DISPLAYED: Record<number, (p: Point) => Point> = {
  1: ([x, y]) => [x, y],
  2: ([x, y]) => [1 - x, y],
  3: ([x, y]) => [1 - x, 1 - y],
  4: ([x, y]) => [x, 1 - y],
  5: ([x, y]) => [y, x],
  6: ([x, y]) => [1 - y, x],
  7: ([x, y]) => [1 - y, 1 - x],
  8: ([x, y]) => [y, 1 - x],
};
const INVERSE: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6 };

function orientationOf(orientation: number | null | undefined): number {
  return orientation !== null && orientation !== undefined && orientation in SENSOR_TO_DISPLAYED
    ? orientation
    : 1;
}

function mapBox(box: CropBox, map: (p: Point) => Point): CropBox {
  const [ax, ay] = map([box[0], box[1]]);
  const [bx, by] = map([box[2], box[3]]);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

/** A displayed-frame crop box as Camera Raw crop fields (orientation null or unknown = 1). */
export function toCameraRaw(box: CropBox, orientation: number | null | undefined): CameraRawCrop {
  const inv = SENSOR_TO_DISPLAYED[INVERSE[orientationOf(orientation)] ?? 1] ?? SENSOR_TO_DISPLAYED[1]!;
  const [l, t, r, b] = mapBox(box, inv);
  return { CropLeft: l, CropTop: t, CropRight: r, CropBottom: b, CropAngle: 0 };
}

/** Camera Raw crop fields back to a displayed-frame box (the angle is ignored: our crops are never rotated). */
export function fromCameraRaw(crs: CameraRawCrop, orientation: number | null | undefined): CropBox {
  const map = SENSOR_TO_DISPLAYED[orientationOf(orientation)] ?? SENSOR_TO_DISPLAYED[1]!;
  return mapBox([crs.CropLeft, crs.CropTop, crs.CropRight, crs.CropBottom], map);
}
