/**
 * The services a photo job calls, one per step of the pipeline (analyze -> score -> crops -> write XMP). The daemon
 * plugs the real ones in (services/real-services.ts); tests may plug in others. Each is a small interface so a step
 * never knows which library is behind it.
 */
import type { AnalysisRecord, AnyRecord } from "../../core/domain/analysis.ts";
import type { CropProposal } from "../../core/domain/crop/types.ts";
import type { Policy } from "../../core/domain/star-policy.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";
import type { XmpIntent } from "../../core/domain/xmp/intent.ts";
import type { XmpPolicy } from "../../core/domain/xmp/policy.ts";

export interface AnalysisService {
  /** Never rejects for a bad photo: a FailedRecord names the problem. `urgent` jumps the workers' queue. */
  analyze(file: string, urgent: boolean): Promise<AnyRecord>;
  /** Model id -> version of what analyzes. */
  readonly models: Record<string, string>;
  readonly workers: number;
  close(): Promise<void>;
}

export interface ScoringService {
  /**
   * Scores the photos of one shoot together (bursts and relative stars need the neighbours); `alsoLinked` are
   * photos around them that only the link of one runner across the shoot uses (not scored, not returned).
   */
  scoreShoot(
    records: readonly AnalysisRecord[],
    policy: Policy,
    alsoLinked?: readonly AnalysisRecord[],
  ): Promise<ScoreRecord[]>;
  readonly models: Record<string, string>;
  close(): Promise<void>;
}

export interface CropService {
  propose(record: AnalysisRecord): CropProposal[];
}

export interface XmpWriteReport {
  /** false: nothing needed writing (the file already said this, or the photographer owns every field). */
  readonly written: boolean;
  /** Fields left alone and why (the photographer's own rating …). */
  readonly skipped: readonly string[];
  /** A problem no retry fixes (read-only file, unsupported format): recorded, the photo still counts as done. */
  readonly problem?: string;
}

export interface XmpService {
  write(target: string, intent: XmpIntent, policy: XmpPolicy): Promise<XmpWriteReport>;
  /** Does the file already hold this intent (a write that finished just before a crash)? */
  holds(target: string, intent: XmpIntent, policy: XmpPolicy): Promise<boolean>;
  close(): Promise<void>;
}

export interface PhotoServices {
  readonly analysis: AnalysisService;
  readonly scoring: ScoringService;
  readonly crops: CropService;
  readonly xmp: XmpService;
}
