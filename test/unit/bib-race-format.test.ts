import { describe, expect, it } from "vitest";
import {
  BibRules,
  DEFAULT_BIB_RULES,
  chooseBibs,
  chooseBibsWithDigits,
  inFormat,
  prefixFormat,
  type CtcText,
  type RunnerTexts,
} from "../../core/domain/bib/index.ts";
import { pass } from "../helpers/ocr-pass.ts";

/** A pass whose first digit the recogniser also gave a letter's shape (the letter at that step, its probability). */
function withLetter(text: string, p: number | number[], letter: string, probability: number): CtcText {
  return { ...pass(text, p), firstLetter: { letter, probability } };
}

/** A runner with one line of print read by these passes. */
function runner(...passes: CtcText[]): RunnerTexts {
  return {
    torso: { x: 0, y: 0, w: 200, h: 300 },
    lines: [{ box: { x: 40, y: 80, w: 120, h: 40 }, detScore: 0.99, edgeGap: 1.5, passes, extended: null }],
  };
}

const bibsOf = (photo: RunnerTexts[], rules = DEFAULT_BIB_RULES): Array<string | null> =>
  chooseBibs(photo, rules).map((b) => b?.bib ?? null);

describe("prefixFormat", () => {
  it("is the letter-and-digits form most of a photo's bibs share, from one bib on", () => {
    expect(prefixFormat(["B10437"], DEFAULT_BIB_RULES)).toEqual({ digits: 5 });
    expect(prefixFormat(["A498", "8161"], DEFAULT_BIB_RULES)).toBeNull();
    expect(prefixFormat(["B10437", "B10606"], DEFAULT_BIB_RULES)).toEqual({ digits: 5 });
    expect(prefixFormat(["B10437", "A11915", "3723"], DEFAULT_BIB_RULES)).toEqual({ digits: 5 });
  });
  it("is the longest count two bibs share: a bib with fewer digits lost some to a hand or an arm", () => {
    expect(prefixFormat(["C10800", "C20086", "C116"], DEFAULT_BIB_RULES)).toEqual({ digits: 5 });
    expect(prefixFormat(["C10800", "C112", "C20086", "C116"], DEFAULT_BIB_RULES)).toEqual({ digits: 5 });
    // One bib does not outvote others, shorter or longer: the photo does not say which is whole.
    expect(prefixFormat(["C10800", "C116", "C112"], DEFAULT_BIB_RULES)).toBeNull();
    expect(prefixFormat(["C10800", "C20086", "C116"], BibRules.parse({ formatMinBibs: 3 }))).toBeNull();
  });
  it("is none for one bib, digits-only bibs, a longer count on one bib or when switched off", () => {
    expect(prefixFormat(["B10437"], BibRules.parse({ formatMinBibs: 2 }))).toBeNull();
    expect(prefixFormat([], DEFAULT_BIB_RULES)).toBeNull();
    expect(prefixFormat(["8192", "8463", "603"], DEFAULT_BIB_RULES)).toBeNull();
    expect(prefixFormat(["B004", "A11915"], DEFAULT_BIB_RULES)).toBeNull();
    expect(prefixFormat(["B10437", "B10606", "B104371"], DEFAULT_BIB_RULES)).toBeNull();
    expect(prefixFormat(["B10437", "B10606", "AB1043"], DEFAULT_BIB_RULES)).toBeNull();
    expect(prefixFormat(["B10437", "A11915", "3723", "8192"], DEFAULT_BIB_RULES)).toBeNull();
    expect(prefixFormat(["B10437", "B10606"], BibRules.parse({ formatMinBibs: 0 }))).toBeNull();
  });
});

describe("inFormat", () => {
  const format = { digits: 5 };
  it("reads one digit too many as the letter the recogniser half saw in the first", () => {
    const read = inFormat(withLetter("400662", [0.7, 1, 1, 1, 1, 1], "A", 0.29), format, DEFAULT_BIB_RULES);
    expect(read.text).toBe("A00662");
    expect(read.charConfidences[0]).toBeCloseTo(0.7, 5);
  });
  it("leaves a digit whose step showed no letter's shape, and readings of other lengths", () => {
    expect(inFormat(withLetter("400662", 0.99, "A", 0.0005), format, DEFAULT_BIB_RULES).text).toBe("400662");
    expect(inFormat(withLetter("00662", 0.99, "O", 0.3), format, DEFAULT_BIB_RULES).text).toBe("00662");
    expect(inFormat(pass("400662"), format, DEFAULT_BIB_RULES).text).toBe("400662");
  });
});

describe("chooseBibs under the race format the other runners show", () => {
  const neighbours = [runner(pass("B10437")), runner(pass("B10606"))];
  it("reads a prefix letter read as a digit as the letter (400662 beside B10437, B10606)", () => {
    const photo = [
      ...neighbours,
      runner(withLetter("400662", [0.99, 0.99, 0.99, 0.99, 0.99, 0.94], "A", 0.05)),
    ];
    expect(bibsOf(photo)).toEqual(["B10437", "B10606", "A00662"]);
    // Without the format the digits stand: a six-digit number is a bib of a digits-only race.
    expect(bibsOf(photo, BibRules.parse({ formatMinBibs: 0 }))).toEqual(["B10437", "B10606", "400662"]);
  });
  it("reads no bib from a number that lost its letter (00662 under a hand, 3723 of B13723)", () => {
    expect(bibsOf([...neighbours, runner(pass("00662"))])).toEqual(["B10437", "B10606", null]);
    expect(bibsOf([...neighbours, runner(pass("3723"))])).toEqual(["B10437", "B10606", null]);
    // One lettered bib beside it is enough to say the race's form.
    expect(bibsOf([runner(pass("B10437")), runner(pass("00662"))])).toEqual(["B10437", null]);
    expect(
      bibsOf([runner(pass("B10437")), runner(pass("00662"))], BibRules.parse({ formatMinBibs: 2 })),
    ).toEqual(["B10437", "662"]);
  });
  it("keeps the digits a hand left without their letter for the runner's other photos, and nothing else", () => {
    const photo = [...neighbours, runner(pass("00662")), runner(pass("3723")), runner(pass("TEAM"))];
    // 3723 is kept as digits too: only the runner's other photos reading B13723 whole could complete it, and they
    // cannot (people/hidden-letter.ts completes a missing letter, never missing digits).
    expect(chooseBibsWithDigits(photo).bibDigits).toEqual([null, null, "662", "3723", null]);
    // Without a format the number alone is the bib, and nothing is kept apart.
    const alone = [runner(pass("8192")), runner(pass("00662"))];
    expect(chooseBibsWithDigits(alone).bibDigits).toEqual([null, null]);
  });
  it("reads no bib from a number an arm cut short, beside as many as two such (C116 and C112 of C116xx, C112xx)", () => {
    const photo = [
      runner(pass("C10800")),
      runner(pass("C112")),
      runner(pass("C20086")),
      runner(pass("C116")),
    ];
    expect(bibsOf(photo)).toEqual(["C10800", null, "C20086", null]);
    expect(bibsOf(photo, BibRules.parse({ formatMinBibs: 0 }))).toEqual(["C10800", "C112", "C20086", "C116"]);
  });
  it("reads the letter a lone neighbour's bib says the race prints (B161 read 8161 beside A498)", () => {
    const photo = [runner(pass("A498")), runner(withLetter("8161", 0.99, "B", 0.2))];
    expect(bibsOf(photo)).toEqual(["A498", "B161"]);
    expect(bibsOf(photo, BibRules.parse({ formatMinBibs: 2 }))).toEqual(["A498", "8161"]);
  });
  it("does not doubt a sure bib for a reading that lost one of its digits (A11915 / A1915)", () => {
    const photo = [...neighbours, runner(pass("A11915", 0.99), pass("A1915", [1, 1, 0.62, 1, 1]))];
    expect(bibsOf(photo)).toEqual(["B10437", "B10606", "A11915"]);
    expect(bibsOf(photo, BibRules.parse({ formatMinBibs: 0 }))).toEqual(["B10437", "B10606", null]);
  });
  it("changes nothing on a photo of digits-only bibs (8192 whose 8 looked a little like a B)", () => {
    const photo = [runner(pass("8463")), runner(pass("603")), runner(withLetter("8192", 0.99, "B", 0.012))];
    expect(bibsOf(photo)).toEqual(["8463", "603", "8192"]);
  });
});
