/**
 * Aspect ratios the photographer delivers. "4:5" means 4 wide by 5 high in pixels (portrait); "original" keeps the
 * photo's own ratio in its displayed orientation.
 */
export const DEFAULT_ASPECTS = ["original", "3:2", "2:3", "4:5", "5:4", "1:1", "16:9", "9:16"] as const;

const RATIO = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/;

/** True when the name is "original" or "W:H" with positive numbers. */
export function isAspect(aspect: string): boolean {
  if (aspect === "original") return true;
  const m = RATIO.exec(aspect);
  return m !== null && Number(m[1]) > 0 && Number(m[2]) > 0;
}

/** Width / height in pixels of a crop of this aspect on a photo of width x height (displayed frame). */
export function pixelRatio(aspect: string, width: number, height: number): number {
  if (aspect === "original") return width / height;
  const m = RATIO.exec(aspect);
  if (m === null || !(Number(m[1]) > 0) || !(Number(m[2]) > 0))
    throw new Error(`not an aspect ratio: ${aspect}`);
  return Number(m[1]) / Number(m[2]);
}

/** The largest crop of this aspect that fits the photo, in pixels. */
export function largestCrop(
  aspect: string,
  width: number,
  height: number,
): { width: number; height: number } {
  const r = pixelRatio(aspect, width, height);
  return width / height >= r ? { width: height * r, height } : { width, height: width / r };
}
