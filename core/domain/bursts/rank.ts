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
export function rankFrames(
  group: readonly BurstPhoto[],
  closerWeight = 0,
  legibleBibWeight = 0,
): RankedFrame[] {
  const merit = framesMerit(group, closerWeight, legibleBibWeight);
  const firstCopy = new Map<string, string>();
  const tagged = group.map((photo, order) => {
    const prior = photo.sha256 ? firstCopy.get(photo.sha256) : undefined;
    if (photo.sha256 && !prior) firstCopy.set(photo.sha256, photo.file);
    return { photo, duplicateOf: prior ?? null, order };
  });
  tagged.sort(
    (a, b) =>
      Number(a.duplicateOf !== null) - Number(b.duplicateOf !== null) ||
      merit(b.photo) - merit(a.photo) ||
      a.order - b.order,
  );
  return tagged.map(({ photo, duplicateOf }) => ({ photo, duplicateOf }));
}

/**
 * Keeper logit plus closerWeight · log2(runner size / the burst's largest runner size), plus legibleBibWeight where
 * the runner's bib is read on the frame.
 */
function framesMerit(
  group: readonly BurstPhoto[],
  closerWeight: number,
  legibleBibWeight: number,
): (photo: BurstPhoto) => number {
  const size = (p: BurstPhoto) => (p.runnerBox ? Math.sqrt(boxArea(p.runnerBox)) : 0);
  const largest = Math.max(1e-6, ...group.map(size));
  const logit = (q: number) => Math.log(Math.max(1e-6, q) / Math.max(1e-6, 1 - q));
  return (p) =>
    logit(p.quality) +
    closerWeight * Math.log2(Math.max(1e-6, size(p)) / largest) +
    (p.bibs?.main ? legibleBibWeight : 0);
}

function boxArea(box: readonly number[]): number {
  return Math.max(0, (box[2] ?? 0) - (box[0] ?? 0)) * Math.max(0, (box[3] ?? 0) - (box[1] ?? 0));
}
