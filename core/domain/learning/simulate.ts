/**
 * A simulated photographer with a consistent hidden taste, over synthetic but realistic feature rows: shoots of
 * bursts, frames of a burst sharing their runner (size, face, framing) and differing in stride, focus, blur and
 * blinks, as a burst at a race does. The photographer rates every frame 1–5 stars from their own weighting of the
 * keeper features, with a little inconsistency. Used by the learning-curve test and `npm run eval:learning`.
 */
import { KEEPER_FEATURES, TYPICAL, type KeeperFeature } from "../keeper/features.ts";
import { PRIOR_KEEPER_WEIGHTS } from "../keeper/prior.ts";
import { DEFAULT_STYLE_OPTIONS, RUBRIC_STYLE_TERMS, STYLE_FEATURES } from "../style/running-style.ts";
import type { LabelledPhoto } from "./examples.ts";
import { dot } from "./linalg.ts";
import { normal, seededRandom } from "./random.ts";
import { STYLE_HEAD_INPUTS, type StyleMultipliers } from "./style-trainer.ts";

export type Taste = Readonly<Record<KeeperFeature, number>>;

/**
 * "Loves a runner in flight and a tight frame, hates blur, likes a smile, does not care about focus peaking or open
 * eyes": far enough from the prior (which values focus and eyes) that the prior agrees on only ~70 % of pairs.
 */
export const FLIGHT_AND_SIZE_TASTE: Taste = Object.freeze({
  runnerFound: 3,
  style: 10,
  legsSeen: 2,
  focus: 0,
  steadiness: 6,
  exposure: 0,
  eyesOpen: -0.5,
  faceSeen: 0,
  size: 2.5,
  uncut: 0,
  unoccluded: 0,
  expression: 2,
  burstRank: 0,
  running: 0,
  headRoom: 0,
  subjectFocus: 0,
});

/** A stride judge who loves flight and a trailing leg, and does not mind a forward lean. */
export const FLIGHT_STYLE_TASTE: StyleMultipliers = Object.freeze({
  kneeDrive: 0.5,
  strideAngle: 0.5,
  strideOpen: 1,
  flight: 6,
  trailingLeg: 3,
  trunkLean: 0,
  overstride: 1,
  armCarriage: 0,
  running: 1,
  handsAboveHead: 1,
});

export interface SimulatedPhoto extends LabelledPhoto {
  /** The photographer's hidden keeper logit (without their inconsistency). */
  readonly utility: number;
  /** The hidden style judge's score. */
  readonly styleUtility: number;
}

export interface SimulationOptions {
  readonly seed: number;
  readonly shoots: number;
  readonly burstsPerShoot: number;
  /** Frames per burst are drawn from 1..this. */
  readonly maxFrames: number;
  readonly taste: Taste;
  readonly styleTaste: StyleMultipliers;
  /** Standard deviation of the photographer's inconsistency, in logit units. */
  readonly noise: number;
}

export const DEFAULT_SIMULATION: SimulationOptions = Object.freeze({
  seed: 1,
  shoots: 12,
  burstsPerShoot: 20,
  maxFrames: 5,
  taste: FLIGHT_AND_SIZE_TASTE,
  styleTaste: FLIGHT_STYLE_TASTE,
  noise: 1,
});

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

interface Runner {
  readonly size: number;
  readonly faceSeen: number;
  readonly expression: number;
  readonly uncut: number;
  readonly unoccluded: number;
  readonly focus: number;
  readonly exposure: number;
}

function runnerOf(random: () => number): Runner {
  return {
    size: clamp01(0.25 + 0.75 * random()),
    faceSeen: random() < 0.8 ? 1 : 0,
    expression: clamp01(0.5 + 0.25 * normal(random)),
    uncut: random() < 0.85 ? 1 : 0,
    unoccluded: random() < 0.9 ? 1 : 0,
    focus: clamp01(0.7 + 0.15 * normal(random)),
    exposure: clamp01(1 - Math.abs(0.1 * normal(random))),
  };
}

/**
 * One frame's stride: per-feature contributions as the style scorer makes them with the rubric's weights (weight ×
 * (value − neutral)), the stride the keeper reads (KEEPER_STRIDE_OPTIONS).
 */
function strideOf(random: () => number): number[] {
  const contributions = STYLE_FEATURES.map((f) => {
    const { weight, neutral } = RUBRIC_STYLE_TERMS[f];
    const value =
      f === "flight"
        ? random() < 0.35
          ? 1
          : 0
        : f === "trunkLean" || f === "overstride"
          ? clamp01(0.4 * random() - 0.1)
          : random();
    return weight * (value - neutral);
  });
  return [...contributions, random() < 0.03 ? DEFAULT_STYLE_OPTIONS.handsAboveHeadBonus : 0];
}

function frameOf(
  r: Runner,
  random: () => number,
): { keeper: Record<KeeperFeature, number>; style: number[] } {
  const style = strideOf(random);
  const blurred = random() < 0.2;
  const found = random() < 0.97;
  const keeper: Record<KeeperFeature, number> = {
    runnerFound: found ? 1 : 0,
    // The keeper reads the stride without the running term (KEEPER_STRIDE_OPTIONS): it weighs that evidence on its own.
    style: clamp01(0.5 + style.reduce((a, b, i) => a + (STYLE_FEATURES[i] === "running" ? 0 : b), 0)),
    legsSeen: clamp01(0.4 + 0.6 * random()),
    focus: clamp01(r.focus + 0.1 * normal(random)),
    steadiness: blurred ? clamp01(0.4 + 0.3 * random()) : clamp01(1 - Math.abs(0.08 * normal(random))),
    exposure: r.exposure,
    eyesOpen: r.faceSeen ? (random() < 0.15 ? 0.1 * random() : clamp01(0.85 + 0.1 * normal(random))) : 0.7,
    faceSeen: r.faceSeen,
    size: r.size,
    uncut: r.uncut,
    unoccluded: r.unoccluded,
    expression: r.expression,
    burstRank: 1,
    // Every simulated frame is of a runner running; constants keep the simulated shoots the same draw for draw.
    running: TYPICAL.running,
    headRoom: 1,
    subjectFocus: 1,
  };
  return { keeper, style };
}

const rowOf = (k: Record<KeeperFeature, number>) => KEEPER_FEATURES.map((f) => k[f]);

/** burstRank as the scorer sets it: the prior head's first pass ranks the frames of the burst. */
function withBurstRanks(rows: number[][]): number[][] {
  const i = KEEPER_FEATURES.indexOf("burstRank");
  const logits = rows.map((row) => dot(PRIOR_KEEPER_WEIGHTS.weights, row));
  const order = logits.map((l, j) => [l, j] as const).sort((a, b) => b[0] - a[0]);
  order.forEach(([, j], rank) => (rows[j]![i] = rows.length > 1 ? 1 - rank / (rows.length - 1) : 1));
  return rows;
}

/** Stars 1–5 from the noisy utility, at fixed utility thresholds (quantiles of this taste's utility). */
function starsOf(noisy: number, thresholds: readonly number[]): number {
  return 1 + thresholds.filter((t) => noisy > t).length;
}

function quantiles(values: readonly number[], qs: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return qs.map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}

export function simulatePhotographer(options: SimulationOptions = DEFAULT_SIMULATION): SimulatedPhoto[] {
  const random = seededRandom(options.seed);
  const frames: Omit<SimulatedPhoto, "level" | "styleGood">[] = [];
  const taste = KEEPER_FEATURES.map((f) => options.taste[f]);
  const styleTaste = STYLE_HEAD_INPUTS.map((f) => options.styleTaste[f]);
  for (let s = 0; s < options.shoots; s++) {
    for (let b = 0; b < options.burstsPerShoot; b++) {
      const runner = runnerOf(random);
      const n = 1 + Math.floor(random() * options.maxFrames);
      const made = Array.from({ length: n }, () => frameOf(runner, random));
      const rows = withBurstRanks(made.map((m) => rowOf(m.keeper)));
      rows.forEach((row, k) =>
        frames.push({
          id: `sim-${options.seed}-${s}-${b}-${k}`,
          shoot: `shoot-${s}`,
          burst: `shoot-${s}/burst-${b}`,
          keeperRow: row,
          styleRow: made[k]!.style,
          crop: null,
          utility: dot(taste, row),
          styleUtility: dot(styleTaste, made[k]!.style),
        }),
      );
    }
  }
  return judge(frames, options, random);
}

function judge(
  frames: Omit<SimulatedPhoto, "level" | "styleGood">[],
  options: SimulationOptions,
  random: () => number,
): SimulatedPhoto[] {
  const noisy = frames.map((f) => f.utility + options.noise * normal(random));
  const thresholds = quantiles(noisy, [0.15, 0.35, 0.6, 0.85]);
  const styleNoisy = frames.map((f) => f.styleUtility + (options.noise / 10) * normal(random));
  const [styleMedian] = quantiles(styleNoisy, [0.5]);
  return frames.map((f, i) => ({
    ...f,
    level: starsOf(noisy[i]!, thresholds),
    styleGood: styleNoisy[i]! > styleMedian!,
  }));
}

/** The same photos with random labels: what a model trained on noise sees. */
export function withRandomLabels(photos: readonly SimulatedPhoto[], seed: number): SimulatedPhoto[] {
  const random = seededRandom(seed);
  return photos.map((p) => ({ ...p, level: 1 + Math.floor(random() * 5), styleGood: random() < 0.5 }));
}
