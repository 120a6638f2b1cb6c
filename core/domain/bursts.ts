import { hammingDistance } from "./pixels/phash.ts";

/** What burst grouping needs to know of a photo. */
export interface BurstPhoto {
  readonly file: string;
  /** sha256 of the file's bytes; equal hashes are the same photo twice. */
  readonly sha256: string | null;
  readonly epochMs: number | null;
  readonly phash: string | null;
  /** How good the frame is (higher = better): ranks the frames of a burst. */
  readonly quality: number;
}

export interface BurstMembership {
  /** Stable id: the file name of the burst's first frame in capture order. */
  readonly id: string;
  /** 1 = best frame of the burst. */
  readonly rank: number;
  readonly size: number;
  readonly best: boolean;
  /** File of the earlier identical copy (same sha256), or null. */
  readonly duplicateOf: string | null;
}

export interface BurstOptions {
  /** Frames closer in capture time than this belong to one burst (capture times carry sub-seconds). */
  readonly maxGapMs: number;
  /** Without capture times, frames this close in pHash bits are the same scene (near duplicates). */
  readonly nearDuplicateBits: number;
  /** With capture times, frames further apart than this in pHash bits are different scenes even if close in time. */
  readonly sceneChangeBits: number;
}

/**
 * 2 s gap: bursts run at 5–20 fps and a photographer following a passing pack shoots a series at ~1 fps; the next
 * runner of a race usually arrives later (dev: every pair of frames under 2 s apart belongs to one labelled series).
 * 12 bits of 64 for untimed near duplicates: in the dev set no two frames of different series are closer than 14
 * bits, while frames of one series are 2–36 apart. 40 bits with capture times: frames of one series reach 36 bits
 * when the photographer pans with the runner, so only frames sharing almost nothing are split.
 */
export const DEFAULT_BURST_OPTIONS: BurstOptions = Object.freeze({
  maxGapMs: 2000,
  nearDuplicateBits: 12,
  sceneChangeBits: 40,
});

/** Groups photos into bursts, ranks each burst by quality and marks the best frame and exact duplicates. */
export function groupBursts(
  photos: readonly BurstPhoto[],
  options: BurstOptions = DEFAULT_BURST_OPTIONS,
): Map<string, BurstMembership> {
  const groups = clusters(photos, options);
  const firstCopy = new Map<string, string>();
  const out = new Map<string, BurstMembership>();
  for (const group of groups) {
    const id = group[0]!.file;
    const ranked = rankFrames(group, firstCopy);
    ranked.forEach(({ photo, duplicateOf }, i) => {
      out.set(photo.file, { id, rank: i + 1, size: group.length, best: i === 0, duplicateOf });
    });
  }
  return out;
}

/** Best first; an identical copy of a frame already seen ranks after every original. */
function rankFrames(group: readonly BurstPhoto[], firstCopy: Map<string, string>) {
  const tagged = group.map((photo) => {
    const prior = photo.sha256 ? firstCopy.get(photo.sha256) : undefined;
    if (photo.sha256 && !prior) firstCopy.set(photo.sha256, photo.file);
    return { photo, duplicateOf: prior ?? null };
  });
  return tagged.sort(
    (a, b) =>
      Number(a.duplicateOf !== null) - Number(b.duplicateOf !== null) || b.photo.quality - a.photo.quality,
  );
}

/**
 * Single-link clusters. Timed frames are taken in capture order and can only join the burst just before them;
 * untimed frames join any group holding a near-identical frame.
 */
function clusters(photos: readonly BurstPhoto[], o: BurstOptions): BurstPhoto[][] {
  const timed = photos
    .filter((p) => p.epochMs !== null)
    .sort((a, b) => a.epochMs! - b.epochMs! || a.file.localeCompare(b.file));
  const groups: BurstPhoto[][] = [];
  for (const photo of timed) {
    const last = groups.at(-1);
    if (last?.some((m) => sameBurst(m, photo, o))) last.push(photo);
    else groups.push([photo]);
  }
  const untimed = photos.filter((p) => p.epochMs === null).sort((a, b) => a.file.localeCompare(b.file));
  for (const photo of untimed) {
    const home = groups.find((g) => g.some((m) => sameBurst(m, photo, o)));
    if (home) home.push(photo);
    else groups.push([photo]);
  }
  return groups;
}

/** Same photo (sha256), or close in time without a scene change, or (untimed) a near-identical frame. */
export function sameBurst(a: BurstPhoto, b: BurstPhoto, o: BurstOptions = DEFAULT_BURST_OPTIONS): boolean {
  if (a.sha256 && a.sha256 === b.sha256) return true;
  const bits = a.phash && b.phash ? hammingDistance(a.phash, b.phash) : null;
  if (a.epochMs !== null && b.epochMs !== null) {
    return Math.abs(a.epochMs - b.epochMs) <= o.maxGapMs && (bits === null || bits <= o.sceneChangeBits);
  }
  return bits !== null && bits <= o.nearDuplicateBits;
}
