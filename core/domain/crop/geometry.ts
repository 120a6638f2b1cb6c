/** Pixel-space rectangles in the displayed frame: [x0, y0, x1, y1], x0 <= x1, y0 <= y1. */
export type PxBox = [number, number, number, number];

export function widthOf(b: PxBox): number {
  return b[2] - b[0];
}

export function heightOf(b: PxBox): number {
  return b[3] - b[1];
}

export function union(a: PxBox, b: PxBox): PxBox {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

export function clipTo(b: PxBox, width: number, height: number): PxBox {
  const c = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  return [c(b[0], width), c(b[1], height), c(b[2], width), c(b[3], height)];
}

export function intersection(a: PxBox, b: PxBox): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

export function iou(a: PxBox, b: PxBox): number {
  const i = intersection(a, b);
  const u = widthOf(a) * heightOf(a) + widthOf(b) * heightOf(b) - i;
  return u > 0 ? i / u : 0;
}
