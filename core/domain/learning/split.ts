/**
 * The train / held-out split, by burst: every frame of a burst lands on the same side, and pairs are only formed
 * within one side, so no photo (nor its near-twin from the same burst) is both learned from and judged on.
 */
import type { LabelledPhoto } from "./examples.ts";
import { hashString } from "./random.ts";

export interface Split {
  readonly train: LabelledPhoto[];
  readonly heldOut: LabelledPhoto[];
}

/** Deterministic: a burst's side depends only on its name and the seed, not on what else was labelled. */
export function isHeldOut(burst: string, seed: number, heldOutShare: number): boolean {
  return hashString(`${seed}|${burst}`) / 4294967296 < heldOutShare;
}

export function splitByBurst(photos: readonly LabelledPhoto[], seed: number, heldOutShare: number): Split {
  const train: LabelledPhoto[] = [];
  const heldOut: LabelledPhoto[] = [];
  for (const p of photos) (isHeldOut(p.burst, seed, heldOutShare) ? heldOut : train).push(p);
  return { train, heldOut };
}
