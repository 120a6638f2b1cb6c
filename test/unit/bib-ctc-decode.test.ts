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

describe("parseDictionary", () => {
  it("reads one character per line with or without a final newline", () => {
    expect(parseDictionary("a\nb\r\nc\n")).toEqual(["a", "b", "c"]);
    expect(parseDictionary("a\nb")).toEqual(["a", "b"]);
  });
});
