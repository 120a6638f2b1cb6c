/**
 * A runner's style read with his other frames of the burst. His form is his own for the few seconds of a burst, and
 * each frame measures it once more through a pose that errs from frame to frame (a knee the model places high, an
 * ankle it loses): each frame's score moves `share` of the way toward the mean of his frames in that burst. The
 * frame's own stride still leads, so the frame the photographer rates higher (the knee driven through) stays higher;
 * the move is kept in `otherFrames` so the score's explanation still adds up.
 */
import type { RunningStyle } from "./running-style.ts";

/** One runner in one frame: his burst, who he is across the shoot (absent before linking) and his style there. */
export interface StyleSighting {
  readonly burst: string;
  readonly person: string | undefined;
  readonly style: RunningStyle | null;
}

/** The sightings' styles, photo by photo and runner by runner as given, each read with his other frames. */
export function withOtherFrames(
  photos: readonly (readonly StyleSighting[])[],
  share: number,
): (RunningStyle | null)[][] {
  const scores = new Map<string, number[]>();
  for (const s of photos.flat()) {
    const key = keyOf(s);
    if (key === null || !s.style) continue;
    const frames = scores.get(key) ?? [];
    frames.push(s.style.score);
    scores.set(key, frames);
  }
  return photos.map((runners) =>
    runners.map((s) => {
      const key = keyOf(s);
      const frames = key === null ? undefined : scores.get(key);
      if (!s.style || !frames || frames.length < 2 || share <= 0) return s.style;
      const mean = frames.reduce((a, b) => a + b, 0) / frames.length;
      const score = Math.min(1, Math.max(0, s.style.score + share * (mean - s.style.score)));
      return { ...s.style, score, otherFrames: score - s.style.score };
    }),
  );
}

function keyOf(s: StyleSighting): string | null {
  return s.person === undefined ? null : `${s.burst}\u0000${s.person}`;
}
