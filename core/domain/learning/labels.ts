/**
 * What the photographer told us, reduced to one judgement per photo. Feedback events arrive from the plugins, the
 * web page, XMP read-back and folder imports; the latest judgement of a photo wins (a photographer who first picked
 * and then rejected a frame has changed their mind).
 */

/** The feedback kinds the store records (companion/store/feedback.ts), as the learner reads them. */
export type FeedbackSignal =
  | { readonly kind: "rating"; readonly stars: number }
  | { readonly kind: "pick" }
  | { readonly kind: "reject" }
  | { readonly kind: "style"; readonly good: boolean };

/**
 * A photo's level on one scale: stars 1–5, a reject (or rating −1 / 0) is 0, a pick counts as a 4-star keeper —
 * photographers pick what they deliver, and deliver 3 stars and up. Levels compare only within a shoot.
 */
export function levelOf(signal: FeedbackSignal): number | null {
  switch (signal.kind) {
    case "rating":
      return Math.max(0, Math.min(5, signal.stars));
    case "pick":
      return 4;
    case "reject":
      return 0;
    case "style":
      return null;
  }
}

/** Pointwise keeper target: 3 stars and up kept, 0–1 star not kept, 2 stars says nothing either way. */
export function keepTarget(level: number): number | null {
  if (level >= 3) return 1;
  if (level <= 1) return 0;
  return null;
}

/** The latest signal of each kind family for a photo: keeper judgement and style judgement are kept apart. */
export function latestJudgement(signals: readonly FeedbackSignal[]): {
  readonly level: number | null;
  readonly styleGood: boolean | null;
} {
  let level: number | null = null;
  let styleGood: boolean | null = null;
  for (const s of signals) {
    if (s.kind === "style") styleGood = s.good;
    else level = levelOf(s);
  }
  return { level, styleGood };
}
