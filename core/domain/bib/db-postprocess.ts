/**
 * Post-processing of the DB text detector (PaddleOCR det): probability map -> text boxes. Pixels above
 * `threshold` form connected regions; a region is kept when its mean probability reaches `boxThreshold`, and its
 * box is grown ("unclip") by area * unclipRatio / perimeter, because DB is trained on shrunk text kernels.
 */
export interface DbOptions {
  readonly threshold: number;
  readonly boxThreshold: number;
  readonly unclipRatio: number;
  /** Regions whose shorter side is below this (map pixels) are noise. */
  readonly minSide: number;
}

export const DEFAULT_DB_OPTIONS: DbOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSide: 3,
};

/** An axis-aligned text box in the probability map's pixels, with the region's mean probability. */
export interface TextBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly score: number;
}

export function textBoxes(
  probability: Float32Array,
  width: number,
  height: number,
  options: DbOptions = DEFAULT_DB_OPTIONS,
): TextBox[] {
  const labels = new Int32Array(width * height);
  const boxes: TextBox[] = [];
  let next = 1;
  for (let i = 0; i < width * height; i++) {
    if (labels[i] !== 0 || probability[i]! <= options.threshold) continue;
    const region = floodRegion(probability, width, height, options.threshold, labels, i, next++);
    const box = unclip(region, width, height, options);
    if (box) boxes.push(box);
  }
  return boxes;
}

interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  sum: number;
  count: number;
}

/** Breadth-first fill of one 8-connected region, marking it in labels. */
function floodRegion(
  prob: Float32Array,
  width: number,
  height: number,
  threshold: number,
  labels: Int32Array,
  seed: number,
  label: number,
): Region {
  const region: Region = { x0: width, y0: height, x1: -1, y1: -1, sum: 0, count: 0 };
  const queue = [seed];
  labels[seed] = label;
  while (queue.length > 0) {
    const i = queue.pop()!;
    const x = i % width;
    const y = (i - x) / width;
    grow(region, x, y, prob[i]!);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const j = ny * width + nx;
        if (labels[j] === 0 && prob[j]! > threshold) {
          labels[j] = label;
          queue.push(j);
        }
      }
    }
  }
  return region;
}

function grow(region: Region, x: number, y: number, p: number): void {
  region.x0 = Math.min(region.x0, x);
  region.y0 = Math.min(region.y0, y);
  region.x1 = Math.max(region.x1, x + 1);
  region.y1 = Math.max(region.y1, y + 1);
  region.sum += p;
  region.count++;
}

function unclip(region: Region, width: number, height: number, options: DbOptions): TextBox | null {
  const w = region.x1 - region.x0;
  const h = region.y1 - region.y0;
  const score = region.sum / region.count;
  if (Math.min(w, h) < options.minSide || score < options.boxThreshold) return null;
  const d = (w * h * options.unclipRatio) / (2 * (w + h));
  return {
    x0: Math.max(0, region.x0 - d),
    y0: Math.max(0, region.y0 - d),
    x1: Math.min(width, region.x1 + d),
    y1: Math.min(height, region.y1 + d),
    score,
  };
}
