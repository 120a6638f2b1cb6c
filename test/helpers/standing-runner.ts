/**
 * An analysis record the tests write themselves: one runner standing straight in the middle of the frame. Enough
 * for scoring and learning tests that need a shoot of records without running the models.
 */
import type { AnalysisService } from "../../companion/queue/services.ts";
import {
  KEYPOINT_NAMES,
  type AnalysisRecord,
  type Keypoints,
  type Runner,
} from "../../core/domain/analysis.ts";

export interface StandingRunner {
  readonly file: string;
  /** Runner height as a share of the frame's height. */
  readonly height: number;
  readonly epochMs: number | null;
  readonly sha256: string;
  readonly phash: string;
  /** Half the runner box's width (share of the frame's width). */
  readonly halfWidth?: number;
  /** Where across the frame the runner stands (share of the frame's width); the middle by default. */
  readonly centreX?: number;
  readonly pixels?: Runner["pixels"];
}

export function standingRunnerRecord(r: StandingRunner): AnalysisRecord {
  const top = 0.95 - r.height;
  const half = r.halfWidth ?? 0.1;
  const x = r.centreX ?? 0.5;
  return {
    schema: "stridelight.analysis/1",
    file: r.file,
    width: 1200,
    height: 800,
    source: { format: "jpeg", raw: false, preview: null, orientation: 1, bytes: 1, sha256: r.sha256 },
    capture: {
      time: null,
      epochMs: r.epochMs,
      camera: null,
      lens: null,
      focalLength: null,
      exposureTime: null,
    },
    runners: [
      {
        box: [x - half, top, x + half, 0.95],
        score: 0.9,
        keypoints: standingKeypoints(top, r.height, x),
        poseScore: 0.8,
        ...(r.pixels ? { pixels: r.pixels } : {}),
      },
    ],
    prominent: 0,
    faces: [],
    phash: r.phash,
    models: {},
    timings: { decode: 0, detect: 0, pose: 0, face: 0, total: 0 },
    warnings: [],
  };
}

/** Keypoints in COCO order from the head down, left of the body slightly right of centre in the image. */
function standingKeypoints(top: number, height: number, x: number): Keypoints {
  const side = (n: string) => (n.startsWith("left") ? 0.02 : n.startsWith("right") ? -0.02 : 0);
  return Object.fromEntries(
    KEYPOINT_NAMES.map((n, k) => [n, [x + side(n), top + (height * (k + 1)) / 18, 0.8]]),
  ) as Keypoints;
}

/** Pixel measures of a runner in focus against a softer background, no blur, no clipping. */
export const SHARP_RUNNER_PIXELS: NonNullable<Runner["pixels"]> = Object.freeze({
  sharpness: 2,
  backgroundSharpness: 1,
  motionBlur: 0.05,
  highlightsClipped: 0,
  shadowsClipped: 0,
});

/**
 * The companion's analysis service answered from records the test writes: for tests whose subject is what
 * happens after analysis (bursts, learning), not the models.
 */
export function syntheticAnalysis(recordFor: (file: string) => AnalysisRecord): AnalysisService {
  return {
    analyze: (file) => Promise.resolve(recordFor(file)),
    models: { synthetic: "1" },
    workers: 2,
    close: () => Promise.resolve(),
  };
}
