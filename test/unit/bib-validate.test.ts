import { describe, expect, it } from "vitest";
import { BibRules, asBib, assignBibs, normaliseBib, pickBib, rankBibs } from "../../core/domain/bib/index.ts";

const read = (text: string, confidence = 0.99, height = 40, minConfidence = confidence) => ({
  text,
  confidence,
  minConfidence,
  height,
});

describe("asBib", () => {
  it("keeps digits in the length range and an optional letter prefix", () => {
    expect(asBib(read("1234"))).toEqual({ bib: "1234", confidence: 0.99 });
    expect(asBib(read("c11610"))?.bib).toBe("C11610");
    expect(asBib(read("12 34"))?.bib).toBe("1234");
  });
  it("rejects times, web addresses, sponsor words and out-of-range lengths", () => {
    for (const text of ["1:23:45", "monaco-athletisme.com", "ADIDAS", "RUN2024X", "7", "1234567", "AB123"]) {
      expect(asBib(read(text)), text).toBeNull();
    }
  });
  it("drops the leading zeros of a number alone, keeps those behind a letter as printed", () => {
    expect(normaliseBib("0891")).toBe("891");
    expect(normaliseBib("c 0891")).toBe("C0891");
    expect(normaliseBib("a00662")).toBe("A00662");
    expect(asBib(read("0007"))).toBeNull();
    // Two digits are bib-like; whether a line shows them whole is legibleBib's to judge (bib-legibility.test.ts).
    expect(asBib(read("0012"))?.bib).toBe("12");
  });
  it("rejects doubtful readings", () => {
    expect(asBib(read("1234", 0.9))).toBeNull();
    expect(asBib(read("1234", 0.97, 40, 0.4))).toBeNull();
  });
  it("follows a race's own rules", () => {
    const rules = BibRules.parse({ minDigits: 2, maxDigits: 3, maxPrefixLetters: 0 });
    expect(asBib(read("58"), rules)?.bib).toBe("58");
    expect(asBib(read("A58"), rules)).toBeNull();
    expect(asBib(read("1234"), rules)).toBeNull();
  });
});

describe("picking and assigning", () => {
  it("prefers the tallest print on the bib over small sure numbers", () => {
    expect(pickBib([read("2019", 1, 12), read("4711", 0.97, 60), read("ASICS", 1, 80)])?.bib).toBe("4711");
    expect(pickBib([read("ASICS")])).toBeNull();
  });
  it("gives each bib to one runner, and the loser its next reading", () => {
    const a = rankBibs([read("350", 0.99, 40), read("328", 0.98, 38)]);
    const b = rankBibs([read("350", 0.999, 45)]);
    const c = rankBibs([read("777", 0.96, 10)]);
    expect(assignBibs([a, b, c, []]).map((x) => x?.bib ?? null)).toEqual(["328", "350", "777", null]);
  });
});
