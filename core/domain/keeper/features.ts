import type { AnalysisRecord, Runner } from "../analysis.ts";
import { DEFAULT_FLAG_THRESHOLDS, headRoomOf, reachesTop, type Flag } from "../flags.ts";
import type { RunningStyle } from "../style/running-style.ts";

/**
 * The keeper head's input, in this order (the ONNX head's "features" columns; the model card lists the same names).
 * Every feature is already in 0–1, 1 = better for delivery, so the head needs no further normalisation.
 *
 * - runnerFound   1 when the photo has a main runner at all, and that person is not flagged not-running (a
 *                 spectator or a person posing is found, but is not a runner).
 * - style         running style score of the main runner, shrunk toward 0.5 (an ordinary stride) by its confidence:
 *                 a stride read from guessed legs (feet cut, legs hidden) is no evidence; 0.5 when no pose.
 * - legsSeen      style confidence: how much of the legs the pose saw (cut or hidden legs: rated 1 by photographers).
 * - focus         runner's detail energy against the background, log2 ratio mapped 1/4x → 0, 1x → 0.5, 4x → 1;
 *                 at most about 0.12 (the pixel flag's line, log2 −1.5) when the frame is flagged focus-missed.
 * - steadiness    1 − motionBlur on the runner.
 * - exposure      0 when the runner is flagged under- or overexposed; else 1 − a sixth of the clipped share
 *                 (highlights + shadows) over 30 %.
 * - eyesOpen      face model's open-eyes probability for the runner's face; 0.7 when the eyes cannot be judged
 *                 (sunglasses, profile: photographers keep those — 26 of 94 dev runners, nearly all keepers).
 * - faceSeen      1 when a face was found on the runner.
 * - size          √(runner's box area) / 0.6, capped at 1: a runner filling the frame sells (the box height alone
 *                 saturates: most main runners span the frame's height, close-up or not).
 * - uncut         0 when feet or head are cut by the frame.
 * - unoccluded    0 when a nearer person covers the runner.
 * - expression    happy → 0.5 + 0.5·p, neutral → 0.5, other (grimace, pain) → 0.5 − 0.5·p; 0.5 unknown.
 * - burstRank     1 for the best frame of its burst (or a single frame), falling linearly to 0 for the worst.
 * - running       how much the main person looks like a runner in a race (core/domain/action.ts): 0 for a person
 *                 standing with no race in sight, ~0.25 for legs together at mid-stance, 1 for an open stride.
 * - headRoom      1 unless the box touches the top edge; then the eyes' distance from it in eyes-to-shoulders
 *                 lengths, 0.3 → 0 (head cut at the eyes) … 0.7 → 1 (hair tips at the edge).
 * - subjectFocus  the runner's face-and-torso crispness against the crispest other person at least 60 % of the
 *                 runner's height: log2 ratio mapped 1/4x → 0, 1x → 0.5 (or no such person → 1), 4x → 1. Focus
 *                 on someone else is a reject however good the stride.
 *
 * Missing pixel measures (no raster) take the value a typical delivered frame has, so they do not move the score.
 */
export const KEEPER_FEATURES = [
  "runnerFound",
  "style",
  "legsSeen",
  "focus",
  "steadiness",
  "exposure",
  "eyesOpen",
  "faceSeen",
  "size",
  "uncut",
  "unoccluded",
  "expression",
  "burstRank",
  "running",
  "headRoom",
  "subjectFocus",
] as const;
export type KeeperFeature = (typeof KEEPER_FEATURES)[number];

/** Imputed values when a measure is absent: what a typical delivered frame shows. */
export const TYPICAL: Readonly<Record<"focus" | "steadiness" | "exposure" | "eyesOpen" | "running", number>> =
  Object.freeze({
    focus: 0.75,
    steadiness: 1,
    exposure: 1,
    eyesOpen: 0.7,
    running: 0.6,
  });

export interface KeeperInput {
  readonly record: Pick<AnalysisRecord, "runners" | "faces">;
  readonly runnerIndex: number | null;
  readonly style: RunningStyle | null;
  readonly flags: readonly Flag[];
  /** 1-based rank in its burst and the burst size; null when bursts are not known. */
  readonly burst: { readonly rank: number; readonly size: number } | null;
  /** The main person's running evidence (PhotoActivity.mainRunning); null when not judged (then typical). */
  readonly running?: number | null;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

export function keeperFeatures(input: KeeperInput): number[] {
  const { record, runnerIndex, style, flags, burst, running } = input;
  const runner = runnerIndex === null ? undefined : record.runners[runnerIndex];
  if (!runner || runnerIndex === null)
    return KEEPER_FEATURES.map((f) => (f === "runnerFound" ? 0 : f === "burstRank" ? burstValue(burst) : 0));
  const face = record.faces.find((f) => f.runner === runnerIndex);
  const p = runner.pixels;
  const values: Record<KeeperFeature, number> = {
    runnerFound: flags.includes("not-running") ? 0 : 1,
    style: style ? 0.5 + (style.score - 0.5) * style.confidence : 0.5,
    legsSeen: style?.confidence ?? 0,
    focus: focusValue(p, flags),
    steadiness: p ? 1 - p.motionBlur : TYPICAL.steadiness,
    exposure: p ? exposureValue(p, flags) : TYPICAL.exposure,
    eyesOpen: face?.eyesOpen ?? TYPICAL.eyesOpen,
    faceSeen: face ? 1 : 0,
    size: clamp01(Math.sqrt((runner.box[2] - runner.box[0]) * (runner.box[3] - runner.box[1])) / 0.6),
    uncut: flags.includes("runner-cut") ? 0 : 1,
    unoccluded: flags.includes("runner-occluded") ? 0 : 1,
    expression: expressionValue(face?.expression ?? null),
    burstRank: burstValue(burst),
    running: running ?? TYPICAL.running,
    headRoom: headRoomValue(runner),
    subjectFocus: subjectFocus(record.runners, runnerIndex),
  };
  return KEEPER_FEATURES.map((f) => values[f]);
}

/**
 * The runner's detail energy against the background's (log2 ratio 1/4x → 0, 1x → 0.5, 4x → 1). A frame flagged
 * focus-missed gets at most the value at which the runner's own pixels are flagged (0.35 of the background's
 * energy): the flag also fires when the focus landed behind a nearer, larger, soft person or beside an as near,
 * smeared one, and that frame's runner may be as crisp as any, but the photographer who built the frame around the
 * other one missed it.
 */
function focusValue(p: Runner["pixels"], flags: readonly Flag[]): number {
  const value =
    p && p.backgroundSharpness > 0 ? ratioValue((p.sharpness + 1e-6) / p.backgroundSharpness) : TYPICAL.focus;
  return flags.includes("focus-missed") ? Math.min(value, FOCUS_MISSED_VALUE) : value;
}
/** The focus value at the pixel flag's threshold (DEFAULT_FLAG_THRESHOLDS.focusRatio 0.35): about 0.12. */
const FOCUS_MISSED_VALUE = ratioValue(DEFAULT_FLAG_THRESHOLDS.focusRatio);

/** A ratio of the runner's to another's measure as a feature: log2 mapped 1/4x → 0, 1x → 0.5, 4x → 1. */
function ratioValue(ratio: number): number {
  return clamp01(0.5 + Math.log2(ratio) / 4);
}

const HEAD_CUT_ROOM = 0.3;
const HEAD_FREE_ROOM = 0.7;

function headRoomValue(runner: Runner): number {
  if (!reachesTop(runner.box) || !runner.keypoints) return 1;
  const room = headRoomOf(runner.keypoints);
  return room === null ? 1 : clamp01((room - HEAD_CUT_ROOM) / (HEAD_FREE_ROOM - HEAD_CUT_ROOM));
}

/** Persons at least this share of the runner's height compete for the focus (smaller ones are further back). */
const FOCUS_RIVAL_HEIGHT = 0.6;

function subjectFocus(runners: readonly Runner[], index: number): number {
  const own = runners[index]!;
  const crisp = own.pixels?.crispness;
  if (crisp === undefined) return 1;
  const height = own.box[3] - own.box[1];
  const rivals = runners.flatMap((r, i) =>
    i !== index && r.pixels?.crispness !== undefined && r.box[3] - r.box[1] >= FOCUS_RIVAL_HEIGHT * height
      ? [r.pixels.crispness]
      : [],
  );
  if (rivals.length === 0) return 1;
  return ratioValue((crisp + 1e-3) / (Math.max(...rivals) + 1e-3));
}

/**
 * 0 for a runner flagged under- or overexposed; otherwise clipping takes at most CLIPPING_SHARE of the feature (at
 * 30 % of the runner clipped): a blown white singlet in sun is delivered, a dark runner is not.
 */
const CLIPPING_SHARE = 1 / 6;
function exposureValue(p: NonNullable<Runner["pixels"]>, flags: readonly Flag[]): number {
  if (flags.includes("underexposed") || flags.includes("overexposed")) return 0;
  return clamp01(1 - (CLIPPING_SHARE * (p.highlightsClipped + p.shadowsClipped)) / 0.3);
}

function expressionValue(e: { label: string; score: number } | null): number {
  if (!e || e.label === "neutral") return 0.5;
  return e.label === "happy" ? 0.5 + 0.5 * e.score : 0.5 - 0.5 * e.score;
}

function burstValue(burst: KeeperInput["burst"]): number {
  if (!burst || burst.size <= 1) return 1;
  return 1 - (burst.rank - 1) / (burst.size - 1);
}
