import type { CropProposal } from "./types.ts";

/** The best crop that is a real crop (not the untouched frame): what the XMP, the page and the read-back use. */
export function bestCrop(crops: readonly CropProposal[] | null): CropProposal | null {
  const real = (crops ?? []).filter((c) => c.aspect !== "original" && c.score > 0);
  return real.reduce<CropProposal | null>((best, c) => (!best || c.score > best.score ? c : best), null);
}
