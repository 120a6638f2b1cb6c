/** How well a head agrees with the photographer on photos it never learned from. */
import type { PairRows } from "./logistic.ts";

export interface PairwiseResult {
  /** Share of pairs ordered as the photographer ordered them (a tie counts half). */
  readonly accuracy: number;
  readonly pairs: number;
  /** Per pair: 1 agreed, 0.5 tie, 0 disagreed — the promotion rule compares two heads pair by pair. */
  readonly agreed: readonly number[];
}

export function pairwiseAgreement(
  score: (row: readonly number[]) => number,
  pairs: readonly PairRows[],
): PairwiseResult {
  const agreed = pairs.map((p): number => {
    const d = score(p.winner) - score(p.loser);
    return d > 1e-12 ? 1 : d < -1e-12 ? 0 : 0.5;
  });
  const accuracy = agreed.length ? agreed.reduce((a, b) => a + b, 0) / agreed.length : 0;
  return { accuracy, pairs: agreed.length, agreed };
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length).fill(0);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman's rank correlation (ties get their mean rank); 0 when either side is constant. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length < 2) return 0;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    const x = ra[i]! - mean;
    const y = rb[i]! - mean;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

export type Box = readonly [number, number, number, number];

export function boxIoU(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

export const mean = (values: readonly number[]): number =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
