import { describe, expect, it } from "vitest";
import {
  BibRules,
  DEFAULT_BIB_RULES,
  agreedReading,
  firstLook,
  legibleBib,
  mergeLines,
  stretchContrast,
  type CtcText,
  type TextLine,
} from "../../core/domain/bib/index.ts";
import { pass } from "../helpers/ocr-pass.ts";

function line(
  passes: readonly CtcText[],
  rereads?: readonly CtcText[],
  box = { x: 10, y: 10, w: 80, h: 40 },
): TextLine {
  return { box, detScore: 0.99, edgeGap: 1.5, passes, extended: null, ...(rereads ? { rereads } : {}) };
}

describe("agreedReading (votes)", () => {
  it("accepts a bib enough readings agree on although none is sure", () => {
    const readings = [pass("4821", 0.9), pass("4821", [0.95, 0.7, 0.99, 0.9]), pass("4821", 0.88)];
    expect(agreedReading(readings, DEFAULT_BIB_RULES)).toMatchObject({ bib: "4821" });
  });
  it("needs minVotes readings, each confident enough", () => {
    const two = [pass("4821", 0.9), pass("4821", 0.9)];
    expect(agreedReading(two, DEFAULT_BIB_RULES)).toBeNull();
    const unsure = [...two, pass("4821", 0.8)];
    expect(agreedReading(unsure, DEFAULT_BIB_RULES)).toBeNull();
    expect(agreedReading([...two, pass("4821", 0.9)], BibRules.parse({ minVotes: 0 }))).toBeNull();
  });
  it("judges each character over the agreeing readings: one look's doubt is outvoted, shared doubt is not", () => {
    // The prefix letter of A00662 at 0.55 in two of four looks and above 0.8 in the others (a dev photo).
    const letter = [0.55, 0.82, 0.55, 0.89].map((a) => pass("A00662", [a, 0.99, 0.99, 0.99, 0.99, 0.99]));
    expect(agreedReading(letter, DEFAULT_BIB_RULES)).toMatchObject({ bib: "A00662" });
    // The last digit doubted by two looks of three: a hidden or smeared digit, no bib.
    const doubted = [0.9, 0.35, 0.4].map((d) => pass("4821", [0.99, 0.99, 0.99, d]));
    expect(agreedReading(doubted, DEFAULT_BIB_RULES)).toBeNull();
  });
  it("does not judge a space the recogniser emits, which the bib drops", () => {
    const spaced = [pass(" 7305", [0.5, 0.95, 0.95, 0.95, 0.95]), pass("7305", 0.9), pass("7305", 0.9)];
    expect(agreedReading(spaced, DEFAULT_BIB_RULES)).toMatchObject({ bib: "7305" });
  });
  it("refuses a tie between two strings", () => {
    const readings = [pass("4821", 0.9), pass("4821", 0.9), pass("4827", 0.9), pass("4827", 0.9)];
    expect(agreedReading(readings, BibRules.parse({ minVotes: 2 }))).toBeNull();
  });
  it("only counts bib-like strings", () => {
    const readings = [pass("12:34", 0.95), pass("12:34", 0.95), pass("12:34", 0.95)];
    expect(agreedReading(readings, DEFAULT_BIB_RULES)).toBeNull();
  });
});

describe("legibleBib with second looks", () => {
  it("lets re-reads vote a line through that the first look was unsure of", () => {
    const unsure = line([pass("7305", 0.9), pass("7305", 0.86)]);
    expect(legibleBib(unsure)).toBeNull();
    expect(legibleBib(line(unsure.passes, [pass("7305", 0.92)]))?.bib).toBe("7305");
  });
  it("a re-read that reads another bib confidently vetoes the first look's sure reading", () => {
    expect(legibleBib(line([pass("7305")], [pass("7306", 0.9)]))).toBeNull();
  });
  it("a reading short of a digit at the end is not a rival of the sure longer one (1453 / 11453)", () => {
    const l = line([pass("1453", [0.89, 1, 1, 1])], [pass("11453", [0.97, 0.95, 0.99, 0.97, 0.99])]);
    expect(legibleBib(l)?.bib).toBe("11453");
    // The other way round stays refused: a sure shorter reading with a longer rival is a cut-off bib.
    expect(legibleBib(line([pass("1453")], [pass("11453", 0.9)]))).toBeNull();
  });
});

describe("mergeLines", () => {
  it("adds a second look's readings of the same print as votes and keeps new print as new lines", () => {
    const first = [line([pass("7305", 0.9)])];
    const same = line([pass("7305", 0.93)], undefined, { x: 12, y: 11, w: 78, h: 38 });
    const other = line([pass("88", 0.99)], undefined, { x: 10, y: 120, w: 40, h: 20 });
    const merged = mergeLines(first, [same, other]);
    expect(merged).toHaveLength(2);
    expect(merged[0]!.rereads!.map((r) => r.text)).toEqual(["7305"]);
    expect(merged[1]!.second).toBe(true);
    expect(firstLook({ torso: null, lines: merged }).lines).toEqual(first);
  });
  it("keeps a print of another size apart even where it overlaps", () => {
    const big = line([pass("7305")]);
    const small = line([pass("12")], undefined, { x: 20, y: 20, w: 20, h: 10 });
    expect(mergeLines([big], [small])).toHaveLength(2);
  });
});

describe("stretchContrast", () => {
  it("spreads a squeezed range of grey levels to the full range", () => {
    const data = new Uint8Array(300);
    for (let i = 0; i < 100; i++) data.fill(i < 50 ? 100 : 140, i * 3, i * 3 + 3);
    const out = stretchContrast({ data, width: 10, height: 10 });
    expect(out.data[0]).toBe(0);
    expect(out.data[299]).toBe(255);
  });
  it("leaves a flat image alone", () => {
    const flat = { data: new Uint8Array(300).fill(90), width: 10, height: 10 };
    expect(stretchContrast(flat)).toBe(flat);
  });
});
