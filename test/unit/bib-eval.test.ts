import { describe, expect, it } from "vitest";
import { BibManifest, evaluateBibs } from "../../companion/eval/bibs.ts";
import { recallIntervalLine } from "../../companion/eval/bib-report/section.ts";

describe("evaluateBibs on labelled bib boxes", () => {
  const manifest = BibManifest.parse([
    {
      file: "p.jpg",
      kind: "running",
      width: 1000,
      height: 500,
      bibs: ["4821", "77"],
      bib_boxes: [
        { x: 100, y: 100, w: 100, h: 50, number: "4821" },
        { x: 600, y: 100, w: 100, h: 50, number: 77 },
      ],
    },
  ]);

  it("judges a placed read by the labelled box it lies on, and leaves out reads on no labelled box", () => {
    const f = evaluateBibs(
      [
        {
          file: "p.jpg",
          runners: [
            { bib: "4821", at: [0.11, 0.21, 0.19, 0.29] }, // on the 4821 box: right
            { bib: "78", at: [0.61, 0.21, 0.69, 0.29] }, // on the 77 box: wrong
            { bib: "5000", at: [0.4, 0.6, 0.5, 0.7] }, // a runner nobody boxed: not counted
          ],
        },
      ],
      manifest,
    );
    expect(f).toMatchObject({ boxedRead: 2, boxedRight: 1, readBibs: 3, right: 1 });
  });

  it("counts a read without a place against the photo's labelled numbers", () => {
    const f = evaluateBibs([{ file: "p.jpg", runners: [{ bib: "77" }, { bib: "5000" }] }], manifest);
    expect(f).toMatchObject({ boxedRead: 2, boxedRight: 1 });
  });
});

describe("the read recall's interval over sources", () => {
  const manifest = BibManifest.parse([
    { file: "a1.jpg", bibs: ["101", "102"], source_repo: "a" },
    { file: "a2.jpg", bibs: ["103"], source_repo: "a" },
    { file: "b1.jpg", bibs: ["201"], source_repo: "b" },
  ]);
  const results = [
    { file: "/x/a1.jpg", runners: [{ bib: "101" }, { bib: "102" }] },
    { file: "/x/a2.jpg", runners: [{ bib: "103" }] },
    { file: "/x/b1.jpg", runners: [{ bib: null }] },
  ];

  it("gives the recall on every photo and only mixtures of whole sources as its ends", () => {
    // a alone reads 3/3, b alone 0/1, a with b 3/4: the ends are among those, never a photo-by-photo mixture.
    const line = recallIntervalLine(results, manifest);
    expect(line).toMatch(
      /recall 0\.750, 90 % interval over the sources drawn again 1000 times: (0\.00|0\.75)–(0\.75|1\.00)$/,
    );
  });
});
