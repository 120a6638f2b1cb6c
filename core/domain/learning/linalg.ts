/** The little linear algebra the heads need: a dense solve for a Newton step or a ridge regression (d ≤ ~20). */

/** Solves A·x = b by Gaussian elimination with partial pivoting; A is d×d (rows), not modified. */
export function solve(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const d = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) throw new Error("solve: singular system (add regularisation)");
    for (let r = col + 1; r < d; r++) {
      const f = m[r]![col]! / p;
      for (let c = col; c <= d; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  const x = new Array<number>(d).fill(0);
  for (let r = d - 1; r >= 0; r--) {
    let s = m[r]![d]!;
    for (let c = r + 1; c < d; c++) s -= m[r]![c]! * x[c]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * (b[i] ?? 0);
  return s;
}

export const zeros = (d: number): number[] => new Array<number>(d).fill(0);
export const zeroMatrix = (d: number): number[][] => Array.from({ length: d }, () => zeros(d));
