import type { BurstPhoto } from "./types.ts";

export interface RankedFrame {
  readonly photo: BurstPhoto;
  /** File of the earlier identical copy (same sha256), or null. */
  readonly duplicateOf: string | null;
}

/**
 * Best first: the higher quality wins, an identical copy ranks after every original (it is never the best), and a
 * tie goes to the earlier frame. `group` is in capture order, so the first copy met is the original.
 */
export function rankFrames(group: readonly BurstPhoto[]): RankedFrame[] {
  const firstCopy = new Map<string, string>();
  const tagged = group.map((photo, order) => {
    const prior = photo.sha256 ? firstCopy.get(photo.sha256) : undefined;
    if (photo.sha256 && !prior) firstCopy.set(photo.sha256, photo.file);
    return { photo, duplicateOf: prior ?? null, order };
  });
  tagged.sort(
    (a, b) =>
      Number(a.duplicateOf !== null) - Number(b.duplicateOf !== null) ||
      b.photo.quality - a.photo.quality ||
      a.order - b.order,
  );
  return tagged.map(({ photo, duplicateOf }) => ({ photo, duplicateOf }));
}
