/**
 * The promotion rule: a retrained head replaces the active one only when it is better on the photographer's own
 * held-out labels — by a margin, on enough of them, and by more than chance. A head fitted on noise moves a few
 * pairs either way; the sign test on the pairs where the two heads disagree keeps it out.
 */

export interface PromotionRule {
  /** Candidate's score minus the active one's, at least (pairwise accuracy, or mean crop IoU). */
  readonly margin: number;
  /** Held-out pairs (or crops) needed before any judgement. */
  readonly minHeldOut: number;
  /** One-sided z of the sign test over the items where the heads differ. */
  readonly minZ: number;
}

export const DEFAULT_PROMOTION_RULE: PromotionRule = Object.freeze({ margin: 0.02, minHeldOut: 40, minZ: 2.33 });

export interface Verdict {
  readonly promote: boolean;
  readonly reason: string;
  readonly candidate: number;
  readonly active: number;
  readonly heldOut: number;
}

/**
 * `candidate` and `active` are per-item scores on the same held-out items (pair agreement 0 / 0.5 / 1, or crop
 * IoU); higher is better.
 */
export function decidePromotion(
  candidate: readonly number[],
  active: readonly number[],
  rule: PromotionRule = DEFAULT_PROMOTION_RULE,
): Verdict {
  const n = Math.min(candidate.length, active.length);
  const avg = (v: readonly number[]) => (n ? v.slice(0, n).reduce((a, b) => a + b, 0) / n : 0);
  const base = { candidate: avg(candidate), active: avg(active), heldOut: n };
  if (n < rule.minHeldOut) return { ...base, promote: false, reason: `only ${n} held-out items (need ${rule.minHeldOut})` };
  const gain = base.candidate - base.active;
  if (gain < rule.margin)
    return { ...base, promote: false, reason: `gain ${gain.toFixed(3)} below the margin ${rule.margin}` };
  const z = signTestZ(candidate.slice(0, n), active.slice(0, n));
  if (z < rule.minZ) return { ...base, promote: false, reason: `gain not beyond chance (z ${z.toFixed(2)} < ${rule.minZ})` };
  return { ...base, promote: true, reason: `better by ${gain.toFixed(3)} on ${n} held-out items (z ${z.toFixed(2)})` };
}

/** z of wins against losses among the items where the two differ (ties between heads are left out). */
export function signTestZ(candidate: readonly number[], active: readonly number[]): number {
  let wins = 0;
  let losses = 0;
  candidate.forEach((c, i) => {
    const d = c - active[i]!;
    if (d > 1e-9) wins++;
    else if (d < -1e-9) losses++;
  });
  const n = wins + losses;
  return n > 0 ? (wins - losses) / Math.sqrt(n) : 0;
}
