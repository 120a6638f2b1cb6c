/**
 * The promotion rule: a retrained head replaces the active one only when it is better on the photographer's own
 * held-out labels — by a margin, on enough of them, and by more than chance.
 *
 * "More than chance" is a z test on the gain whose variance respects how pairs hang together: each held-out photo
 * sits in dozens of pairs, so pairs are not independent (a plain sign test over pairs let 2 of 10 heads fitted on
 * random labels through). The variance is the dyadic-robust one (pairs sharing a photo covary):
 * Var = (Σ_photo S² − (k − 1) Σ_item e²) / P², with e an item's gain minus the mean gain, S the sum of e over the
 * items a photo is in, P the items and k the photos per item (2 for a pair, 1 for a crop: then it is a paired z test).
 */

export interface PromotionRule {
  /** Candidate's score minus the active one's, at least (pairwise accuracy, or mean crop IoU). */
  readonly margin: number;
  /** Held-out pairs (or crops) needed before any judgement. */
  readonly minHeldOut: number;
  /** One-sided z of the sign test over the photos where the heads differ. */
  readonly minZ: number;
}

/**
 * z 3.09 (one-sided 0.1 %): on 200 simulated photographers with random labels none was promoted (3 were at 2.33),
 * while a real taste is promoted from ~110 labelled photos on (z 3.4–6.6 with 100–380 labels).
 */
export const DEFAULT_PROMOTION_RULE: PromotionRule = Object.freeze({
  margin: 0.02,
  minHeldOut: 40,
  minZ: 3.09,
});

export interface Verdict {
  readonly promote: boolean;
  readonly reason: string;
  readonly candidate: number;
  readonly active: number;
  readonly heldOut: number;
}

/**
 * `candidate` and `active` are per-item scores on the same held-out items (pair agreement 0 / 0.5 / 1, or crop
 * IoU), higher is better; `photos[i]` names the photos item i is about (both of a pair), one item each when absent.
 */
export function decidePromotion(
  candidate: readonly number[],
  active: readonly number[],
  rule: PromotionRule = DEFAULT_PROMOTION_RULE,
  photos?: readonly (readonly string[])[],
): Verdict {
  const n = Math.min(candidate.length, active.length);
  const avg = (v: readonly number[]) => (n ? v.slice(0, n).reduce((a, b) => a + b, 0) / n : 0);
  const base = { candidate: avg(candidate), active: avg(active), heldOut: n };
  if (n < rule.minHeldOut)
    return { ...base, promote: false, reason: `only ${n} held-out items (need ${rule.minHeldOut})` };
  const gain = base.candidate - base.active;
  if (gain < rule.margin)
    return { ...base, promote: false, reason: `gain ${gain.toFixed(3)} below the margin ${rule.margin}` };
  const z = gainZ(candidate.slice(0, n), active.slice(0, n), photos);
  if (z < rule.minZ)
    return { ...base, promote: false, reason: `gain not beyond chance (z ${z.toFixed(2)} < ${rule.minZ})` };
  return {
    ...base,
    promote: true,
    reason: `better by ${gain.toFixed(3)} on ${n} held-out items (z ${z.toFixed(2)})`,
  };
}

/** z of the mean gain under the dyadic-robust variance; without photo names every item is its own photo. */
export function gainZ(
  candidate: readonly number[],
  active: readonly number[],
  photos?: readonly (readonly string[])[],
): number {
  const P = candidate.length;
  if (P === 0) return 0;
  const gains = candidate.map((c, i) => c - active[i]!);
  const meanGain = gains.reduce((a, b) => a + b, 0) / P;
  const sums = new Map<string, number>();
  let k = 1;
  let squares = 0;
  gains.forEach((g, i) => {
    const e = g - meanGain;
    squares += e * e;
    const names = photos?.[i]?.length ? photos[i] : [`item-${i}`];
    k = Math.max(k, names.length);
    for (const name of names) sums.set(name, (sums.get(name) ?? 0) + e);
  });
  const clustered = [...sums.values()].reduce((a, s) => a + s * s, 0);
  const variance = Math.max(0, clustered - (k - 1) * squares) / (P * P);
  const se = Math.sqrt(variance);
  return se > 0 ? meanGain / se : meanGain > 0 ? Infinity : 0;
}
