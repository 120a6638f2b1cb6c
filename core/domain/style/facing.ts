import type { Skeleton } from "./skeleton.ts";

/**
 * Which way the runner moves across the frame: +1 right, −1 left, undefined when running toward or away from the
 * camera. In profile the nose sits well ahead of the visible ear; seen from the front it sits between the ears.
 */
export function facing(s: Skeleton): 1 | -1 | undefined {
  const { nose, left_ear: le, right_ear: re } = s;
  if (!nose) return undefined;
  if (le && re) {
    const span = Math.abs(le.x - re.x);
    const mid = (le.x + re.x) / 2;
    const off = nose.x - mid;
    // A frontal head shows both ears with the nose near their middle; a three-quarter view pushes it past an ear.
    return Math.abs(off) > 0.6 * span && span > 0 ? (off > 0 ? 1 : -1) : undefined;
  }
  const ear = le ?? re;
  if (!ear) return undefined;
  const head = Math.abs(nose.x - ear.x);
  return head > 0 ? (nose.x > ear.x ? 1 : -1) : undefined;
}
