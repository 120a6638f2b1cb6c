/** Scores of a photo the companion has scored, with nothing in particular to say: tests change what they test. */
import type { PhotoScores } from "../../companion/store/shapes.ts";

export const NEUTRAL_SCORES: PhotoScores = Object.freeze({
  keeper: 0.5,
  stars: 2,
  label: null,
  flags: [],
  bibs: [],
  keywords: [],
  burst: null,
  parts: {},
  explanations: [],
});
