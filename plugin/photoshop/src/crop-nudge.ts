/**
 * The photographer's nudges to a proposed crop before applying it: another aspect, a move, a scale. All in the
 * normalised displayed frame; the crop always stays inside the photo and keeps its pixel aspect.
 */
import type { Box, Size } from "./crop-mapping.ts";

/** The aspects the panel offers, as the companion names them. */
export const ASPECTS = ["original", "3:2", "2:3", "4:5", "5:4", "1:1", "16:9", "9:16"] as const;

/** A crop smaller than this share of the frame's side is not a crop a photographer means. */
const MIN_SIDE = 0.05;

/** Width / height in pixels of an aspect on a photo of `size`; null for a name we do not understand. */
export function aspectRatio(aspect: string, size: Size): number | null {
  if (aspect === "original") return size.width / size.height;
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(aspect);
  return m ? Number(m[1]) / Number(m[2]) : null;
}

/** Shift a width-w box starting at `start` so it lies inside 0–1. */
const fitSpan = (start: number, w: number) => Math.min(1 - w, Math.max(0, start));

export function moveBox(box: Box, dx: number, dy: number): Box {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  const x0 = fitSpan(box[0] + dx, w);
  const y0 = fitSpan(box[1] + dy, h);
  return [x0, y0, x0 + w, y0 + h];
}

/** Scale about the centre; stops at the frame's edge and at the smallest sensible crop. */
export function scaleBox(box: Box, factor: number): Box {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  const f = Math.max(MIN_SIDE / Math.min(w, h), Math.min(factor, 1 / w, 1 / h));
  return centred((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, w * f, h * f);
}

function centred(cx: number, cy: number, w: number, h: number): Box {
  const x0 = fitSpan(cx - w / 2, w);
  const y0 = fitSpan(cy - h / 2, h);
  return [x0, y0, x0 + w, y0 + h];
}

/** The box with another aspect: same centre and about the same area, shrunk to fit the frame. */
export function reshapeBox(box: Box, ratio: number, size: Size): Box {
  const areaPx = (box[2] - box[0]) * size.width * (box[3] - box[1]) * size.height;
  let wPx = Math.sqrt(areaPx * ratio);
  let hPx = wPx / ratio;
  const shrink = Math.min(1, size.width / wPx, size.height / hPx);
  wPx *= shrink;
  hPx *= shrink;
  return centred((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, wPx / size.width, hPx / size.height);
}

/** Equal within a tenth of a percent of the frame: what survives the round trip through pixels. */
export function sameBox(a: Box, b: Box, tolerance = 0.001): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
}
