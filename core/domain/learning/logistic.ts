/**
 * A Bradley–Terry / RankNet logistic fitted by Newton's method, pulled toward prior weights (L2): with few labels
 * the prior wins, with many the photographer does. One model, two kinds of evidence:
 *
 * - a pair (winner, loser): P(winner preferred) = σ(w · (x_winner − x_loser)) (the bias cancels);
 * - a point (x, target in 0–1): P(keep) = σ(w · x + b).
 *
 * Convex, so Newton converges to the one optimum from any start: no learning rate, no epochs, no randomness —
 * the same data gives the same weights.
 */
import { dot, solve, zeroMatrix, zeros } from "./linalg.ts";

export interface PairRows {
  readonly winner: readonly number[];
  readonly loser: readonly number[];
  /** The two photos' ids (winner, loser): the promotion rule tests per photo, not per pair. */
  readonly ids?: readonly [string, string];
}

export interface PointRow {
  readonly row: readonly number[];
  /** 1 = kept / good, 0 = rejected / bad; values between are soft labels. */
  readonly target: number;
}

export interface LogisticModel {
  readonly weights: readonly number[];
  readonly bias: number;
}

export interface LogisticParams {
  /** Pull toward the prior per weight (in logit units²); larger = fewer labels move it less. */
  readonly l2: number;
  /** Pull of the bias toward the prior's bias. */
  readonly l2Bias: number;
  /** How much one point counts against one pair. */
  readonly pointWeight: number;
  readonly maxIterations: number;
}

export const DEFAULT_LOGISTIC_PARAMS: LogisticParams = Object.freeze({
  l2: 2,
  l2Bias: 2,
  pointWeight: 0.5,
  maxIterations: 50,
});

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const softplus = (z: number) => (z > 30 ? z : Math.log1p(Math.exp(z)));

/** Parameters as one vector [w..., b] so pairs and points share a Newton step. */
interface Problem {
  readonly diffs: readonly (readonly number[])[];
  readonly points: readonly PointRow[];
  readonly prior: readonly number[];
  readonly params: LogisticParams;
}

function withBias(row: readonly number[], bias: number): number[] {
  return [...row, bias];
}

function loss(theta: readonly number[], p: Problem): number {
  const d = theta.length - 1;
  let total = 0;
  for (const diff of p.diffs) total += softplus(-dot(theta, diff));
  for (const pt of p.points) {
    const z = dot(theta, pt.row) + theta[d]!;
    total += p.params.pointWeight * (pt.target * softplus(-z) + (1 - pt.target) * softplus(z));
  }
  for (let i = 0; i <= d; i++) total += (penalty(i, d, p.params) / 2) * (theta[i]! - p.prior[i]!) ** 2;
  return total;
}

const penalty = (i: number, d: number, params: LogisticParams) => (i === d ? params.l2Bias : params.l2);

/** Accumulates g += c·x and H += h·x·xᵀ for a row x with a trailing bias entry xb (0 for pairs, 1 for points). */
function accumulate(
  g: number[],
  H: number[][],
  x: readonly number[],
  xb: number,
  c: number,
  h: number,
): void {
  const d = x.length;
  for (let i = 0; i <= d; i++) {
    const xi = i < d ? x[i]! : xb;
    if (xi === 0) continue;
    g[i]! += c * xi;
    const row = H[i]!;
    for (let j = 0; j <= d; j++) row[j]! += h * xi * (j < d ? x[j]! : xb);
  }
}

function newtonStep(theta: readonly number[], p: Problem): number[] {
  const n = theta.length;
  const d = n - 1;
  const g = zeros(n);
  const H = zeroMatrix(n);
  for (const diff of p.diffs) {
    const s = sigmoid(dot(theta, diff));
    accumulate(g, H, diff, 0, -(1 - s), s * (1 - s));
  }
  const w = p.params.pointWeight;
  for (const pt of p.points) {
    const s = sigmoid(dot(theta, pt.row) + theta[d]!);
    accumulate(g, H, pt.row, 1, w * (s - pt.target), w * s * (1 - s));
  }
  for (let i = 0; i < n; i++) {
    const l = penalty(i, d, p.params);
    g[i]! += l * (theta[i]! - p.prior[i]!);
    H[i]![i]! += l;
  }
  return solve(H, g);
}

/** Fits the model; starts from the prior and returns it unchanged when there is no evidence at all. */
export function fitLogistic(
  pairs: readonly PairRows[],
  points: readonly PointRow[],
  prior: LogisticModel,
  params: LogisticParams = DEFAULT_LOGISTIC_PARAMS,
): LogisticModel {
  const problem: Problem = {
    diffs: pairs.map((p) => p.winner.map((v, i) => v - p.loser[i]!)),
    points,
    prior: withBias(prior.weights, prior.bias),
    params,
  };
  let theta = [...problem.prior];
  let current = loss(theta, problem);
  for (let it = 0; it < params.maxIterations; it++) {
    const step = newtonStep(theta, problem);
    let scale = 1;
    let next = theta.map((t, i) => t - step[i]!);
    let nextLoss = loss(next, problem);
    // Damped Newton: halve until the loss goes down (rarely needed on a convex, regularised loss).
    while (nextLoss > current && scale > 1e-4) {
      scale /= 2;
      next = theta.map((t, i) => t - scale * step[i]!);
      nextLoss = loss(next, problem);
    }
    const moved = Math.max(...next.map((t, i) => Math.abs(t - theta[i]!)));
    theta = next;
    current = nextLoss;
    if (moved < 1e-9) break;
  }
  return { weights: theta.slice(0, -1), bias: theta.at(-1)! };
}
