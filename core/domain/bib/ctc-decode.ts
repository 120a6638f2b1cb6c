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
  /**
   * When the first character is a digit: the most probable Latin capital letter at its step, with its probability.
   * A bib's prefix letter is often read as the digit drawn like it (A00662 read 400662); only a race whose bibs
   * carry a prefix makes it the letter (bib/race-format.ts). Absent otherwise.
   */
  readonly firstLetter?: { readonly letter: string; readonly probability: number };
}

/**
 * Glyphs a bib's print cannot tell from a digit: the recogniser splits its belief between them (a bib's "A00662"
 * read 0 at 0.47 and O at 0.41 in one pass), so an emitted digit's probability is its own plus theirs. Only the
 * confidence changes, never the text: the digit has already won the step.
 */
export const DIGIT_LOOKALIKES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "0": Object.freeze(["O", "o", "〇", "Ｏ", "０"]),
  "1": Object.freeze(["I", "l", "|", "１"]),
});

/** Per class index: the class indices whose probability counts with it (itself first). */
type Folding = ReadonlyMap<number, readonly number[]>;
const foldings = new WeakMap<readonly string[], Folding>();

function foldingOf(dictionary: readonly string[]): Folding {
  let folding = foldings.get(dictionary);
  if (folding) return folding;
  const classOf = new Map(dictionary.map((c, i) => [c, i + 1] as const));
  const built = new Map<number, number[]>();
  for (const [digit, alikes] of Object.entries(DIGIT_LOOKALIKES)) {
    const own = classOf.get(digit);
    if (own === undefined) continue;
    built.set(own, [own, ...alikes.flatMap((c) => (classOf.has(c) ? [classOf.get(c)!] : []))]);
  }
  folding = built;
  foldings.set(dictionary, folding);
  return folding;
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
  const folding = foldingOf(dictionary);
  let previous = -1;
  let firstLetter: CtcText["firstLetter"];
  for (let t = 0; t < steps; t++) {
    const [best, p] = argmax(probabilities, t * classes, classes);
    if (best !== 0 && best !== previous) {
      if (text === "" && /^[0-9]$/.test(dictionary[best - 1] ?? ""))
        firstLetter = bestLetter(probabilities, t * classes, dictionary);
      text += best - 1 < dictionary.length ? dictionary[best - 1] : " ";
      const alikes = folding.get(best);
      confidences.push(alikes ? Math.min(1, foldedProbability(probabilities, t * classes, alikes)) : p);
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
    ...(firstLetter ? { firstLetter } : {}),
  };
}

/** Per dictionary: the class indices of the Latin capital letters. */
const letterClasses = new WeakMap<readonly string[], ReadonlyArray<readonly [string, number]>>();

/** The most probable Latin capital letter at one step (undefined when the dictionary has none). */
function bestLetter(
  values: Float32Array,
  offset: number,
  dictionary: readonly string[],
): CtcText["firstLetter"] {
  let letters = letterClasses.get(dictionary);
  if (!letters) {
    letters = dictionary.flatMap((c, i) => (/^[A-Z]$/.test(c) ? [[c, i + 1] as const] : []));
    letterClasses.set(dictionary, letters);
  }
  let found: CtcText["firstLetter"];
  for (const [letter, k] of letters) {
    const probability = values[offset + k]!;
    if (!found || probability > found.probability) found = { letter, probability };
  }
  return found;
}

function foldedProbability(values: Float32Array, offset: number, classes: readonly number[]): number {
  return classes.reduce((sum, k) => sum + values[offset + k]!, 0);
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
