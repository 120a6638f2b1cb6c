import { describe, expect, it } from "vitest";
import { ctcGreedyDecode, parseDictionary } from "../../core/domain/bib/index.ts";

const dictionary = ["1", "2", "3", "4", "A"];
const classes = dictionary.length + 2; // blank first, space last

/** Synthetic recogniser output: one class per time step with probability p, the rest spread evenly. */
function logits(path: number[], p = 0.9): Float32Array {
  const out = new Float32Array(path.length * classes).fill((1 - p) / (classes - 1));
  path.forEach((k, t) => (out[t * classes + k] = p));
  return out;
}

describe("ctcGreedyDecode", () => {
  it("collapses repeats, drops blanks and keeps doubled characters split by a blank", () => {
    const path = [0, 1, 1, 0, 2, 0, 2, 2, 3, 0, 0, 4];
    expect(ctcGreedyDecode(logits(path), path.length, classes, dictionary).text).toBe("12234");
  });
  it("maps the class after the dictionary to a space", () => {
    const path = [5, 0, 6, 1];
    expect(ctcGreedyDecode(logits(path), path.length, classes, dictionary).text).toBe("A 1");
  });
  it("reports mean and lowest confidence of the emitted characters", () => {
    const probs = logits([1, 0, 2]);
    probs[2 * classes + 2] = 0.5;
    const decoded = ctcGreedyDecode(probs, 3, classes, dictionary);
    expect(decoded.confidence).toBeCloseTo(0.7, 5);
    expect(decoded.minConfidence).toBeCloseTo(0.5, 5);
  });
  it("returns empty text with zero confidence for all blanks", () => {
    expect(ctcGreedyDecode(logits([0, 0, 0]), 3, classes, dictionary)).toEqual({
      text: "",
      confidence: 0,
      minConfidence: 0,
      charConfidences: [],
      charPositions: [],
    });
  });
});

/** One step per entry, `n` classes: the class probabilities that are not spread evenly over the rest. */
function stepsOf(rows: Record<number, number>[], n: number): Float32Array {
  const out = new Float32Array(rows.length * n);
  rows.forEach((row, t) => {
    const rest = (1 - Object.values(row).reduce((a, b) => a + b, 0)) / (n - Object.keys(row).length);
    for (let k = 0; k < n; k++) out[t * n + k] = row[k] ?? rest;
  });
  return out;
}

describe("digits and the letters drawn like them", () => {
  const withLetters = ["A", "0", "O", "6", "2", "l", "1"];
  const n = withLetters.length + 2;
  const steps = (rows: Record<number, number>[]): Float32Array => stepsOf(rows, n);
  it("counts an O's share of a step with an emitted 0 (A00662 read 0 at 0.47, O at 0.41)", () => {
    const probs = steps([{ 1: 0.95 }, { 2: 0.47, 3: 0.41 }, { 0: 0.9 }, { 2: 0.97 }, { 4: 0.98 }]);
    const decoded = ctcGreedyDecode(probs, 5, n, withLetters);
    expect(decoded.text).toBe("A006");
    expect(decoded.charConfidences[1]).toBeCloseTo(0.88, 5);
    expect(decoded.minConfidence).toBeCloseTo(0.88, 5);
  });
  it("never changes the text nor the confidence of a letter that won its step", () => {
    const probs = steps([{ 3: 0.6, 2: 0.3 }, { 6: 0.5, 7: 0.4 }, { 1: 0.7 }]);
    const decoded = ctcGreedyDecode(probs, 3, n, withLetters);
    expect(decoded.text).toBe("OlA");
    expect(decoded.charConfidences[0]).toBeCloseTo(0.6, 5);
    expect(decoded.charConfidences[1]).toBeCloseTo(0.5, 5);
  });
  it("counts an l's share with an emitted 1", () => {
    const probs = steps([{ 7: 0.55, 6: 0.35 }]);
    expect(ctcGreedyDecode(probs, 1, n, withLetters).confidence).toBeCloseTo(0.9, 5);
  });
});

describe("parseDictionary", () => {
  it("reads one character per line with or without a final newline", () => {
    expect(parseDictionary("a\nb\r\nc\n")).toEqual(["a", "b", "c"]);
    expect(parseDictionary("a\nb")).toEqual(["a", "b"]);
  });
});

describe("the letter behind a first digit", () => {
  const dictionary = ["A", "B", "4", "0", "6"];
  const n = dictionary.length + 2;
  const steps = (rows: Record<number, number>[]): Float32Array => stepsOf(rows, n);
  it("keeps the most probable letter at the first digit's step (A00662 read 400662: A at 0.29)", () => {
    const probs = steps([{ 3: 0.65, 1: 0.29, 2: 0.02 }, { 0: 0.9 }, { 4: 0.95 }, { 5: 0.97 }]);
    const decoded = ctcGreedyDecode(probs, 4, n, dictionary);
    expect(decoded.text).toBe("406");
    expect(decoded.firstLetter?.letter).toBe("A");
    expect(decoded.firstLetter?.probability).toBeCloseTo(0.29, 5);
  });
  it("has none when the first character is a letter", () => {
    const probs = steps([{ 1: 0.9 }, { 4: 0.95 }]);
    expect(ctcGreedyDecode(probs, 2, n, dictionary).firstLetter).toBeUndefined();
  });
});
