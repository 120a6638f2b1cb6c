import type { FrameLayout } from "./layout.ts";

/** What burst grouping needs to know of a photo. */
export interface BurstPhoto extends FrameLayout {
  /** The record's file path: its folder and name give the camera's frame numbering. */
  readonly file: string;
  /** sha256 of the file's bytes; equal hashes are the same photo twice. */
  readonly sha256: string | null;
  readonly epochMs: number | null;
  /** Camera make and model; frames of two cameras never form one burst. Absent or null when unknown. */
  readonly camera?: string | null;
  /** How good the frame is (higher = better): ranks the frames of a burst. */
  readonly quality: number;
}

/** A series: frames of one runner (or one pack) in one place, seconds apart or untimed, kept in file order. */
export interface SeriesOptions {
  /** A frame is compared with the next this many frames of its folder and name shape (file order). */
  readonly window: number;
  /** Timed frames of one camera further apart than this are never one series. */
  readonly maxGapMs: number;
  /** Mean colour distance (sRGB, per cell of the scene grid) at or below which two frames show the same place… */
  readonly sameScene: number;
  /** …or, up to this distance (a pan with the runner moves the background), when the runner's kit matches. */
  readonly sameSceneWithRunner: number;
  /** Kit colour distance (sRGB, mean of torso and legs) at or below which the main runners are the same person. */
  readonly sameKit: number;
}

export interface BurstOptions {
  /** Frames of one camera closer in capture time than this belong to one burst (capture times carry sub-seconds). */
  readonly maxGapMs: number;
  /** With capture times, frames further apart than this in pHash bits are different scenes even if close in time. */
  readonly sceneChangeBits: number;
  /** Without capture times, frames numbered at most this far apart in one folder may be one burst. */
  readonly maxNameStep: number;
  /** Neighbours by name are one scene only when their pHashes are at most this far apart … */
  readonly nameSceneBits: number;
  /** … and their prominent runners overlap at least this much (IoU). */
  readonly minRunnerOverlap: number;
  /** Untimed frames this close in pHash bits are the same scene wherever they are (near duplicates). */
  readonly nearDuplicateBits: number;
  /**
   * Within a burst the same runner comes closer frame by frame, and a photographer keeps the closer frame when the
   * rest is equal: each halving of the runner's size against the burst's largest costs this much keeper logit.
   */
  readonly closerWeight: number;
  /**
   * Race photos are sold by bib: of alike frames a photographer delivers the one whose number shows. A frame whose
   * runner's bib is read on it gains this much keeper logit when its burst is ranked (its rank, and so the
   * keeper's burstRank term, follow; the other terms of its keeper do not change).
   */
  readonly legibleBibWeight: number;
  /**
   * Every frame of a burst shows one runner doing one thing: whether he is running is the burst's answer, and from
   * frame to frame his running look (the keeper's `running` input) moves mostly with the stride's phase. When the
   * frames are ranked, each frame's running look counts this share of its difference from a typical frame's (1: as
   * in the keeper; 0: not at all); the keeper itself reads it whole.
   */
  readonly runningShare: number;
  readonly series: SeriesOptions;
}
