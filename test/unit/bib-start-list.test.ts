import { describe, expect, it } from "vitest";
import { bibKeywords, hasBib, matchBib, parseStartList } from "../../core/domain/bib/index.ts";
import { evaluateBibs } from "../../companion/eval/bibs.ts";

describe("parseStartList", () => {
  it("reads bib and name in any column order, quoted fields and extra columns", () => {
    const list = parseStartList('Name,Club,BIB\n"Doe, Jane",Harriers,1234\nMax Mustermann,,c11610\n');
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(matchBib(list.value, "1234")).toEqual({
      bib: "1234",
      name: "Doe, Jane",
      extra: { club: "Harriers" },
    });
    expect(matchBib(list.value, "C11610")?.name).toBe("Max Mustermann");
    expect(matchBib(list.value, "999")).toBeNull();
  });
  it("accepts semicolon-separated files", () => {
    const list = parseStartList("bib;name\n7;Ann\n");
    expect(list.ok && matchBib(list.value, "7")?.name).toBe("Ann");
  });
  it("names the line of a bad row, a duplicate or a missing column", () => {
    expect(parseStartList("bib,name\n12,Ann\nabc,Bob\n")).toMatchObject({ ok: false, error: { line: 3 } });
    expect(parseStartList("bib,name\n12,Ann\n12,Bob\n")).toMatchObject({ ok: false, error: { line: 3 } });
    expect(parseStartList("number,name\n12,Ann\n")).toMatchObject({ ok: false, error: { line: 1 } });
  });
});

describe("bibKeywords", () => {
  it("writes the hierarchy, the flat bib and the name once each", () => {
    const ann = { bib: "1234", name: "Ann Lee", extra: {} };
    const k = bibKeywords([{ bib: "1234", runner: ann }, { bib: "1234", runner: ann }, { bib: "88" }]);
    expect(k.hierarchical).toEqual([
      "Stridelight|bib|1234",
      "Stridelight|runner|Ann Lee",
      "Stridelight|bib|88",
    ]);
    expect(k.flat).toEqual(["1234", "Ann Lee", "88"]);
    expect(bibKeywords([{ bib: "1234", runner: ann }], { flat: false, name: false }).flat).toEqual([]);
    expect(hasBib(k.hierarchical, "1234")).toBe(true);
    expect(hasBib(k.hierarchical, "123")).toBe(false);
  });
});

describe("evaluateBibs", () => {
  it("counts like dev-eval.py: recall over truth bibs, precision over read bibs, reads on negatives", () => {
    const manifest = [
      { file: "a.jpg", kind: "running", bibs: ["12", "34"] },
      { file: "b.jpg", kind: "running", bibs: ["56"] },
      { file: "n.jpg", kind: "negative", bibs: null },
      { file: "x.jpg", kind: "running", bibs: null },
    ];
    const f = evaluateBibs(
      [
        { file: "/d/a.jpg", runners: [{ bib: "12" }, { bib: "99" }, { bib: null }] },
        { file: "b.jpg", runners: [{ bib: "56" }] },
        { file: "n.jpg", runners: [{ bib: "7" }] },
        { file: "x.jpg", runners: [{ bib: "8" }] },
      ],
      manifest,
    );
    expect(f).toMatchObject({ truthBibs: 3, found: 2, readBibs: 3, right: 2, onNegatives: 1 });
    expect(f.f1).toBeCloseTo(2 / 3, 5);
  });
});
