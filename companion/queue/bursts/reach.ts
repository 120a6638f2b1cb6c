/**
 * Which frames a region's re-score answers for: every frame of every burst that has a frame in the region. A burst
 * is a chain of frames at most maxGapMs apart, so one can run past the frames that were loaded: then the loaded
 * stretch must grow on that side before the burst can be judged whole.
 */

export interface PlacedFrame {
  readonly captureMs: number;
  readonly burstId: string;
}

/** Frames whose burst has at least one frame captured within [fromMs, toMs]. */
export function framesOfTouchedBursts<F extends PlacedFrame>(
  frames: readonly F[],
  fromMs: number,
  toMs: number,
): F[] {
  const touched = new Set(
    frames.filter((f) => f.captureMs >= fromMs && f.captureMs <= toMs).map((f) => f.burstId),
  );
  return frames.filter((f) => touched.has(f.burstId));
}

/** Whether a burst may go on beyond the loaded stretch [lo, hi]: one of its frames is within maxGapMs of an end. */
export function burstsReachEdges(
  frames: readonly PlacedFrame[],
  lo: number,
  hi: number,
  maxGapMs: number,
): { readonly before: boolean; readonly after: boolean } {
  return {
    before: frames.some((f) => f.captureMs - lo < maxGapMs),
    after: frames.some((f) => hi - f.captureMs < maxGapMs),
  };
}
