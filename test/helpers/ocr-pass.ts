import type { CtcText } from "../../core/domain/bib/index.ts";

/** A recogniser pass reading text with these per-character confidences (all `p` when one number is given). */
export function pass(text: string, p: number | number[] = 0.99): CtcText {
  const chars = Array.isArray(p) ? p : [...text].map(() => p);
  const confidence = chars.length ? chars.reduce((a, b) => a + b, 0) / chars.length : 0;
  return {
    text,
    confidence,
    minConfidence: chars.length ? Math.min(...chars) : 0,
    charConfidences: chars,
    charPositions: chars.map((_, i) => (i + 0.5) / chars.length),
  };
}
