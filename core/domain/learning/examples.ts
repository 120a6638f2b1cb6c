/**
 * Training examples from labelled photos: pairwise preferences within a shoot (a higher level beats a lower one),
 * pointwise keeper targets, running-style good/bad, crop adjustments. Plain data, so a snapshot of them can be
 * hashed, stored and trained again bit for bit.
 */
import type { PairRows, PointRow } from "./logistic.ts";
import { keepTarget } from "./labels.ts";
import { hashString, seededRandom, shuffled } from "./random.ts";

/** A crop the photographer accepted or adjusted, with what the prior proposed (pixels, displayed frame). */
export interface CropExample {
  /** CROP_FEATURES of the subject for this aspect. */
  readonly features: readonly number[];
  /** Subject box in pixels, the aspect's pixel ratio (width / height) and the frame. */
  readonly subject: readonly [number, number, number, number];
  readonly ratio: number;
  readonly width: number;
  readonly height: number;
  /** The crop the photographer kept, pixels. */
  readonly accepted: readonly [number, number, number, number];
}

export interface LabelledPhoto {
  /** Stable id (the photo's content hash): the split and the snapshot name photos by it. */
  readonly id: string;
  /** Photos compared with each other: one race, one folder, one day. */
  readonly shoot: string;
  /** The unit of the train / held-out split (frames of a burst never straddle it). */
  readonly burst: string;
  /** KEEPER_FEATURES row, or null when the photo has no analysis. */
  readonly keeperRow: readonly number[] | null;
  /** Running-style contributions (STYLE_HEAD_INPUTS order), or null without a pose. */
  readonly styleRow: readonly number[] | null;
  readonly level: number | null;
  readonly styleGood: boolean | null;
  readonly crop: CropExample | null;
}

export interface PairOptions {
  readonly seed: number;
  /** Each photo is compared with at most this many others of its shoot: n² pairs would swamp big shoots. */
  readonly pairsPerPhoto: number;
}

interface Ranked {
  readonly id: string;
  readonly row: readonly number[];
  readonly level: number;
}

/** Pairs of one shoot: each photo against up to k others of a different level, chosen by the seed. */
function pairsOfShoot(shoot: string, ranked: readonly Ranked[], options: PairOptions): PairRows[] {
  const random = seededRandom(hashString(`${options.seed}:${shoot}`));
  const pairs: PairRows[] = [];
  const seen = new Set<string>();
  ranked.forEach((a, i) => {
    const others = shuffled(
      ranked.map((_, j) => j).filter((j) => ranked[j]!.level !== a.level),
      random,
    );
    for (const j of others.slice(0, options.pairsPerPhoto)) {
      const key = i < j ? `${i}:${j}` : `${j}:${i}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const b = ranked[j]!;
      const [w, l] = a.level > b.level ? [a, b] : [b, a];
      pairs.push({ winner: w.row, loser: l.row, ids: [w.id, l.id] });
    }
  });
  return pairs;
}

function byShoot<T>(
  photos: readonly LabelledPhoto[],
  pick: (p: LabelledPhoto) => T | null,
): Map<string, T[]> {
  const shoots = new Map<string, T[]>();
  for (const p of photos) {
    const item = pick(p);
    if (item === null) continue;
    const list = shoots.get(p.shoot) ?? [];
    list.push(item);
    shoots.set(p.shoot, list);
  }
  return shoots;
}

/** Keeper preferences: pairs within each shoot, in shoot-name order so the result does not depend on input order. */
export function keeperPairs(photos: readonly LabelledPhoto[], options: PairOptions): PairRows[] {
  const shoots = byShoot(photos, (p) =>
    p.keeperRow && p.level !== null ? { id: p.id, row: p.keeperRow, level: p.level } : null,
  );
  return [...shoots.keys()].sort().flatMap((s) => pairsOfShoot(s, shoots.get(s)!, options));
}

/** Keeper points: kept (3 stars up, picks) against not kept (0–1 star, rejects). */
export function keeperPoints(photos: readonly LabelledPhoto[]): PointRow[] {
  return photos.flatMap((p) => {
    const target = p.level === null ? null : keepTarget(p.level);
    return p.keeperRow && target !== null ? [{ row: p.keeperRow, target }] : [];
  });
}

/**
 * Running-style judgements are absolute (a good stride is good whatever else is in the folder), so every good
 * stride is compared with the bad ones of its shoot.
 */
export function stylePairs(photos: readonly LabelledPhoto[], options: PairOptions): PairRows[] {
  const shoots = byShoot(photos, (p) =>
    p.styleRow && p.styleGood !== null ? { id: p.id, row: p.styleRow, level: p.styleGood ? 1 : 0 } : null,
  );
  return [...shoots.keys()].sort().flatMap((s) => pairsOfShoot(s, shoots.get(s)!, options));
}

export function stylePoints(photos: readonly LabelledPhoto[]): PointRow[] {
  return photos.flatMap((p) =>
    p.styleRow && p.styleGood !== null ? [{ row: p.styleRow, target: p.styleGood ? 1 : 0 }] : [],
  );
}

export function cropExamples(photos: readonly LabelledPhoto[]): CropExample[] {
  return photos.flatMap((p) => (p.crop ? [p.crop] : []));
}
