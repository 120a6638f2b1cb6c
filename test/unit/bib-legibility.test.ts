import { describe, expect, it } from "vitest";
import {
  BibRules,
  chooseBibs,
  legibleBib,
  type CtcText,
  type RunnerTexts,
  type TextLine,
} from "../../core/domain/bib/index.ts";
import { pass } from "../helpers/ocr-pass.ts";

function line(
  passes: CtcText[],
  options: { h?: number; extended?: CtcText; flanks?: TextLine["flanks"]; printShare?: number } = {},
): TextLine {
  const h = options.h ?? 40;
  return {
    box: { x: 10, y: 10, w: 2 * h, h },
    detScore: 0.99,
    edgeGap: options.extended ? 0 : 1.5,
    passes,
    extended: options.extended ?? null,
    ...(options.flanks ? { flanks: options.flanks } : {}),
    ...(options.printShare !== undefined ? { printShare: options.printShare } : {}),
  };
}

const runner = (...lines: TextLine[]): RunnerTexts => ({ torso: { x: 0, y: 0, w: 200, h: 300 }, lines });

describe("legibleBib", () => {
  it("keeps a bib every pass agrees on", () => {
    expect(legibleBib(line([pass("1454"), pass("1454")]))).toMatchObject({ bib: "1454" });
  });
  it("takes the sure pass when the other one is not bib-like (114U / 1140)", () => {
    const bib = legibleBib(line([pass("114U", [1, 1, 1, 0.41]), pass("1140", [0.99, 1, 1, 0.95])]));
    expect(bib?.bib).toBe("1140");
  });
  it("refuses a line two passes read as different bibs (61527 / S1527)", () => {
    const sixes = line([pass("61527", [0.58, 0.98, 1, 1, 0.99]), pass("S1527", [0.93, 0.98, 1, 1, 0.98])]);
    expect(legibleBib(sixes)).toBeNull();
    expect(legibleBib(sixes, BibRules.parse({ rivalConfidence: 1 }))?.bib).toBe("S1527");
  });
  it("refuses a bib with one doubtful character", () => {
    expect(legibleBib(line([pass("1453", [0.89, 1, 1, 1]), pass("1453", [0.64, 0.97, 1, 0.98])]))).toBeNull();
  });
  it("refuses a piece of a longer print another look reads surely (0211 beside 30211. with a doubtful fold)", () => {
    const piece = line([pass("0211", [0.94, 1, 1, 1]), pass("30211.", [1, 1, 1, 1, 0.99, 0.56])]);
    expect(legibleBib(piece)).toBeNull();
    // Characters added with doubt say nothing: a finger read as the 1 of 1350 beside a sure 350.
    expect(legibleBib(line([pass("350", [0.98, 1, 1]), pass("1350", [0.33, 0.71, 0.99, 1])]))?.bib).toBe(
      "350",
    );
    // Leading zeros are no characters a number lacks (00662 is 662), and a sure mark is no character of a bib.
    expect(legibleBib(line([pass("00662"), pass("00662")]))?.bib).toBe("662");
    expect(legibleBib(line([pass("1454"), pass("1454:")]))?.bib).toBe("1454");
  });
  it("completes a number cut by the torso crop with its reading past the border", () => {
    expect(legibleBib(line([pass("200"), pass("200")], { extended: pass("2001") }))?.bib).toBe("2001");
    expect(legibleBib(line([pass("8192"), pass("8192")], { extended: pass("8192") }))?.bib).toBe("8192");
  });
  it("drops a line at the border that reads differently or not at all past it", () => {
    expect(legibleBib(line([pass("328")], { extended: pass("528") }))).toBeNull();
    const unreadable = line([pass("328")], { extended: pass("") });
    expect(legibleBib(unreadable)).toBeNull();
    expect(legibleBib(unreadable, BibRules.parse({ edgeMustConfirm: false }))?.bib).toBe("328");
  });
});

describe("legibleBib on two-digit bibs", () => {
  const whole = { flanks: { left: 0.75, right: 1 }, printShare: 0.1 };
  it("reads a two-digit number printed whole on its plate (the 92 of an elite runner)", () => {
    expect(legibleBib(line([pass("92"), pass("92")], whole))?.bib).toBe("92");
  });
  it("refuses what a hand or an arm leaves of a longer number: skin or cloth beside the digits", () => {
    // "16" of a 16x under a thumb (right flank skin), "80" of an x80 behind a hand (left).
    expect(
      legibleBib(line([pass("16"), pass("16")], { ...whole, flanks: { left: 0.91, right: 0.03 } })),
    ).toBeNull();
    expect(
      legibleBib(line([pass("80"), pass("80")], { ...whole, flanks: { left: 0.03, right: 0 } })),
    ).toBeNull();
  });
  it("refuses small print (a year or a distance on the plate) and a short line at the torso's border", () => {
    expect(legibleBib(line([pass("20"), pass("20")], { ...whole, printShare: 0.04 }))).toBeNull();
    expect(legibleBib(line([pass("65"), pass("65")], { ...whole, extended: pass("65") }))).toBeNull();
  });
  it("refuses a short number whose plate was not measured (OCR output saved before flanks were)", () => {
    expect(legibleBib(line([pass("58"), pass("58")]))).toBeNull();
    expect(legibleBib(line([pass("58"), pass("58")], { flanks: whole.flanks }))).toBeNull();
  });
  it("leaves bibs of three digits and more as they were: a short reading is no rival to them", () => {
    expect(legibleBib(line([pass("1454"), pass("1454")], { flanks: { left: 0, right: 0 } }))?.bib).toBe(
      "1454",
    );
    expect(legibleBib(line([pass("1454"), pass("54")]))?.bib).toBe("1454");
    expect(legibleBib(line([pass("1454"), pass("38")]))?.bib).toBe("1454");
    // Between two short readings the doubt stands.
    expect(legibleBib(line([pass("58"), pass("38")], whole))).toBeNull();
  });
});

describe("chooseBibs", () => {
  it("gives each runner the tallest legible print, one runner per bib", () => {
    const bibs = chooseBibs([
      runner(
        line([pass("2019")], { h: 12 }),
        line([pass("4711")], { h: 60 }),
        line([pass("ASICS")], { h: 80 }),
      ),
      runner(line([pass("4711", 0.999)], { h: 50 })),
      runner(),
    ]);
    // The second runner's claim on 4711 is surer, so the first keeps its next legible print.
    expect(bibs.map((b) => b?.bib ?? null)).toEqual(["2019", "4711", null]);
  });
  it("can leave background runners out by the size of their print", () => {
    const photo = [runner(line([pass("1454")], { h: 48 })), runner(line([pass("2564")], { h: 13 }))];
    expect(chooseBibs(photo).map((b) => b?.bib ?? null)).toEqual(["1454", "2564"]);
    const near = BibRules.parse({ minRelativeHeight: 0.35 });
    expect(chooseBibs(photo, near).map((b) => b?.bib ?? null)).toEqual(["1454", null]);
  });
});
