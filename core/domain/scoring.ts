import type { AnalysisRecord } from "./analysis.ts";
import {
  DEFAULT_BURST_OPTIONS,
  groupBursts,
  type BurstMembership,
  type BurstOptions,
  type BurstPhoto,
} from "./bursts.ts";
import { DEFAULT_FLAG_THRESHOLDS, technicalFlags, type Flag, type FlagThresholds } from "./flags.ts";
import { KEEPER_FEATURES, keeperFeatures, TYPICAL } from "./keeper/features.ts";
import { DEFAULT_ACTION_OPTIONS, photoActivity, type ActionOptions, type PhotoActivity } from "./action.ts";
import { subjectClarity } from "./prominent.ts";
import { applyPolicy, DEFAULT_POLICY, type Policy, shootOf } from "./star-policy.ts";
import { SCORE_SCHEMA, type ScoreRecord, type ScoredRunner } from "./score-record.ts";
import {
  DEFAULT_STYLE_OPTIONS,
  KEEPER_STRIDE_OPTIONS,
  runningStyle,
  type RunningStyle,
  type StyleOptions,
} from "./style/running-style.ts";
import { withOtherFrames } from "./style/other-frames.ts";

/** Runs the keeper head on feature rows (KEEPER_FEATURES order) and gives one 0–1 score per row. */
export type KeeperHead = (
  rows: readonly (readonly number[])[],
) => Promise<readonly number[]> | readonly number[];

export interface ScoringOptions {
  readonly style: StyleOptions;
  readonly action?: ActionOptions;
  readonly flags: FlagThresholds;
  readonly bursts: BurstOptions;
  readonly policy: Policy;
  /** Crop proposals of one photo (the crop engineer's function); none when absent. */
  readonly crops?: (record: AnalysisRecord) => ScoreRecord["crops"];
}

export const DEFAULT_SCORING_OPTIONS: ScoringOptions = Object.freeze({
  style: DEFAULT_STYLE_OPTIONS,
  action: DEFAULT_ACTION_OPTIONS,
  flags: DEFAULT_FLAG_THRESHOLDS,
  bursts: DEFAULT_BURST_OPTIONS,
  policy: DEFAULT_POLICY,
});

interface Judged {
  readonly record: AnalysisRecord;
  readonly styles: (RunningStyle | null)[];
  /** The main runner's style, as the record and the policy give it. */
  readonly style: RunningStyle | null;
  /** The main runner's stride as the keeper reads it (KEEPER_STRIDE_OPTIONS: the rubric's, without the running term). */
  readonly stride: RunningStyle | null;
  readonly activity: PhotoActivity;
  readonly flags: Flag[];
}

/**
 * Scores a whole shoot: style and flags per photo, a first keeper pass that ranks the frames of each burst, then
 * the final keeper with the burst rank, then stars, label and keywords under the policy.
 */
export async function scoreShoot(
  records: readonly AnalysisRecord[],
  options: ScoringOptions,
  keeperHead: KeeperHead,
): Promise<ScoreRecord[]> {
  const judged = records.map((r) => judge(r, options));
  const firstPass = await keeperHead(judged.map((j) => rankingRow(j, options.bursts.runningShare)));
  const bursts = groupBursts(
    judged.map((j, i) => burstPhoto(j.record, firstPass[i] ?? 0)),
    options.bursts,
  );
  const memberships = judged.map((j) => bursts.get(j.record.file)!);
  const inBursts = withBurstStyles(
    judged.map((j, i) =>
      memberships[i]!.duplicateOf ? { ...j, flags: [...j.flags, "duplicate" as const] } : j,
    ),
    memberships,
    options.style.otherFramesShare ?? 0,
  );
  const keepers = await keeperHead(inBursts.map((j, i) => features(j, memberships[i]!)));
  const verdicts = applyPolicy(
    inBursts.map((j, i) => ({
      shoot: shootOf(j.record.file, j.record.capture.time),
      keeper: keepers[i] ?? 0,
      flags: j.flags,
      runningStyle: j.style?.score ?? null,
      handsAboveHead: j.style?.handsAboveHead ?? false,
      burst: memberships[i]!,
    })),
    options.policy,
  );
  return inBursts.map((j, i) => toRecord(j, keepers[i] ?? 0, memberships[i]!, verdicts[i]!, options));
}

/**
 * Each runner's style read with his other frames of the burst (style/other-frames.ts), once bursts are known. The
 * keeper reads the stride of the frame alone (`stride`), so only the style shown, its keywords and the policy move.
 */
function withBurstStyles(
  judged: readonly Judged[],
  memberships: readonly BurstMembership[],
  share: number,
): Judged[] {
  const styles = withOtherFrames(
    judged.map((j, i) =>
      j.record.runners.map((r, k) => ({
        burst: memberships[i]!.id,
        person: r.person,
        style: j.styles[k] ?? null,
      })),
    ),
    share,
  );
  return judged.map((j, i) => {
    const own = styles[i]!;
    return {
      ...j,
      styles: own,
      style: j.record.prominent === null ? null : (own[j.record.prominent] ?? null),
    };
  });
}

/** What burst grouping reads of a record: time, camera, file numbering, frame and where the runner stands. */
export function burstPhoto(record: AnalysisRecord, quality: number): BurstPhoto {
  const runner = record.prominent === null ? undefined : record.runners[record.prominent];
  return {
    file: record.file,
    sha256: record.source.sha256 || null,
    epochMs: record.capture.epochMs,
    camera: record.capture.camera,
    phash: record.phash ?? null,
    width: record.width,
    height: record.height,
    runnerBox: runner?.box ?? null,
    scene: record.scene ?? null,
    kit:
      runner?.pixels?.torsoColour && runner.pixels.legsColour
        ? {
            torso: runner.pixels.torsoColour,
            legs: runner.pixels.legsColour,
            shoes: runner.pixels.shoesColour ?? null,
          }
        : null,
    people: peopleOf(record),
    quality,
    bibs: bibsOf(record),
  };
}

/** The bibs read on the frame itself (a carried bib is the link's guess, not the frame's evidence). */
function bibsOf(record: AnalysisRecord): BurstPhoto["bibs"] {
  const read = (bib: unknown): bib is string => typeof bib === "string" && bib.length > 0;
  const main = record.prominent === null ? undefined : record.runners[record.prominent]?.bib;
  return { main: read(main) ? main : null, all: record.runners.map((r) => r.bib).filter(read) };
}

/** The frame's linked persons (runners carry `person` once the shoot is linked), null before linking. */
function peopleOf(record: AnalysisRecord): BurstPhoto["people"] {
  const all = record.runners.flatMap((r) => (typeof r.person === "string" ? [r.person] : []));
  if (all.length === 0) return null;
  const main = record.prominent === null ? null : (record.runners[record.prominent]?.person ?? null);
  return { main, all };
}

/** The keeper row of one photo exactly as scoreShoot builds it (the learner trains on the rows the head saw). */
export function keeperRow(
  record: AnalysisRecord,
  burst: { readonly rank: number; readonly size: number } | null,
  options: ScoringOptions = DEFAULT_SCORING_OPTIONS,
): number[] {
  return features(judge(record, options), burst);
}

function judge(record: AnalysisRecord, options: ScoringOptions): Judged {
  const styles = record.runners.map((r) => runningStyle(r, record, options.style));
  const style = record.prominent === null ? null : (styles[record.prominent] ?? null);
  const main = record.prominent === null ? undefined : record.runners[record.prominent];
  const stride = main ? runningStyle(main, record, KEEPER_STRIDE_OPTIONS) : null;
  const activity = photoActivity(record, record.prominent, options.action ?? DEFAULT_ACTION_OPTIONS);
  return { record, styles, style, stride, activity, flags: photoFlags(record, activity, options) };
}

/**
 * The technical faults of the main runner, then what the photo as a whole says: nobody running, or a crowd in
 * which no runner stands out (NO_SUBJECT_CLARITY: the runner-up is nearly as prominent as the pick).
 */
function photoFlags(record: AnalysisRecord, activity: PhotoActivity, options: ScoringOptions): Flag[] {
  const flags = technicalFlags(record, record.prominent, options.flags);
  if (activity.notRunning) flags.push("not-running");
  if (record.prominent !== null && subjectClarity(record.runners) < NO_SUBJECT_CLARITY)
    flags.push("no-subject");
  return flags;
}

/** Below this prominence margin over the runner-up (see subjectClarity) no runner is the photo's subject. */
const NO_SUBJECT_CLARITY = 0.08;

/**
 * The keeper row the frames of a burst are ranked by (scoreShoot's first pass): bursts unknown yet, and the running
 * look counting `runningShare` of its difference from a typical frame's (BurstOptions.runningShare). Any head, the
 * prior or a learned one, reads it as it reads the keeper's rows.
 */
function rankingRow(j: Judged, runningShare: number): number[] {
  const row = features(j, null);
  if (j.record.prominent === null) return row; // no runner: nothing to rank his look on
  const running = row[RUNNING]!;
  row[RUNNING] = TYPICAL.running + runningShare * (running - TYPICAL.running);
  return row;
}

const RUNNING = KEEPER_FEATURES.indexOf("running");

function features(j: Judged, burst: { readonly rank: number; readonly size: number } | null): number[] {
  return keeperFeatures({
    record: j.record,
    runnerIndex: j.record.prominent,
    style: j.stride,
    flags: j.flags,
    burst,
    running: j.activity.mainRunning,
  });
}

function toRecord(
  j: Judged,
  keeper: number,
  burst: BurstMembership,
  verdict: { rating: number; label: string | null; keywords: string[] },
  options: ScoringOptions,
): ScoreRecord {
  const runners: ScoredRunner[] = j.record.runners.map((r, i) => ({
    ...r,
    runningStyle: j.styles[i] ?? null,
    action: actionField(j.activity.actions[i]),
  }));
  return {
    ...j.record,
    schema: SCORE_SCHEMA,
    runners,
    runningStyle: j.style?.score ?? null,
    keeper: Math.min(1, Math.max(0, keeper)),
    rating: verdict.rating,
    label: verdict.label,
    flags: j.flags,
    burst: {
      id: burst.id,
      rank: burst.rank,
      size: burst.size,
      best: burst.best,
      duplicateOf: burst.duplicateOf,
    },
    crops: options.crops?.(j.record) ?? [],
    keywords: verdict.keywords,
  };
}

function actionField(a: PhotoActivity["actions"][number] | undefined): ScoredRunner["action"] {
  return a ? { action: a.action, confidence: Math.round(a.confidence * 1000) / 1000 } : undefined;
}
