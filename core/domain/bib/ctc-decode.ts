/**
 * Greedy CTC decoding of the PaddleOCR recogniser's output: per time step the most probable class; repeats
 * collapse, class 0 is the CTC blank, class i >= 1 is dictionary[i - 1], and the class after the dictionary is a
 * space (PaddleOCR's use_space_char).
 */
export interface CtcText {
  readonly text: string;
  /** Mean probability of the emitted characters (0 when none). */
  readonly confidence: number;
  /** Lowest probability among the emitted characters (0 when none). */
  readonly minConfidence: number;
  /** Probability of each emitted character, in reading order. */
  readonly charConfidences: readonly number[];
  /** Where each character sits along the line, as a share of its width (0 = left edge, 1 = right edge). */
  readonly charPositions: readonly number[];
}

export function ctcGreedyDecode(
  probabilities: Float32Array,
  steps: number,
  classes: number,
  dictionary: readonly string[],
): CtcText {
  let text = "";
  const confidences: number[] = [];
  const positions: number[] = [];
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const [best, p] = argmax(probabilities, t * classes, classes);
    if (best !== 0 && best !== previous) {
      text += best - 1 < dictionary.length ? dictionary[best - 1] : " ";
      confidences.push(p);
      positions.push((t + 0.5) / steps);
    }
    previous = best;
  }
  if (confidences.length === 0)
    return { text: "", confidence: 0, minConfidence: 0, charConfidences: [], charPositions: [] };
  const mean = confidences.reduce((a, b) => a + b, 0) / confidences.length;
  return {
    text,
    confidence: mean,
    minConfidence: Math.min(...confidences),
    charConfidences: confidences,
    charPositions: positions,
  };
}

function argmax(values: Float32Array, offset: number, length: number): [number, number] {
  let best = 0;
  let max = -Infinity;
  for (let k = 0; k < length; k++) {
    const v = values[offset + k]!;
    if (v > max) {
      max = v;
      best = k;
    }
  }
  return [best, max];
}

/** The recogniser's dictionary file: one character per line. */
export function parseDictionary(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
