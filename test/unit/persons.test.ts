import { describe, expect, it } from "vitest";
import { decodePersons, DEFAULT_PERSON_OPTIONS, iou, suppressOverlaps } from "../../core/domain/persons.ts";
import type { Box } from "../../core/domain/analysis.ts";

/** One detections row as centernet writes it: input pixels, score, 0-based COCO class. */
const row = (x0: number, y0: number, x1: number, y1: number, score: number, cls = 0) => [
  x0,
  y0,
  x1,
  y1,
  score,
  cls,
];

describe("decodePersons", () => {
  it("keeps persons only, normalises by the input size and sorts by score", () => {
    const d = [
      ...row(0, 0, 256, 512, 0.4),
      ...row(100, 100, 200, 400, 0.9, 2),
      ...row(256, 0, 512, 512, 0.8),
    ];
    const persons = decodePersons(d, 512);
    expect(persons.map((p) => p.box)).toEqual([
      [0.5, 0, 1, 1],
      [0, 0, 0.5, 1],
    ]);
    expect(persons[0]!.score).toBeCloseTo(0.8);
  });

  it("keeps a lone small runner (a figure on a ridge), but not small persons beside a real subject", () => {
    const small = row(300, 330, 315, 358, 0.5); // 28 px of 512: under the usual minimum height
    expect(decodePersons(small, 512)).toHaveLength(1);
    expect(decodePersons([...small, ...row(0, 0, 200, 500, 0.9)], 512)).toHaveLength(1);
    expect(decodePersons([...small, ...row(0, 0, 200, 500, 0.9)], 512)[0]!.score).toBeCloseTo(0.9);
    expect(decodePersons(row(300, 330, 315, 358, 0.3), 512)).toEqual([]); // not sure enough to stand alone
  });

  it("drops low scores, tiny boxes and clamps boxes into the frame", () => {
    const d = [...row(0, 0, 100, 400, 0.1), ...row(0, 0, 10, 20, 0.9), ...row(-20, 300, 100, 530, 0.7)];
    const persons = decodePersons(d, 512);
    expect(persons).toHaveLength(1);
    expect(persons[0]!.box).toEqual([0, 300 / 512, 100 / 512, 1]);
  });

  it("suppresses duplicates of the same person and a weaker box covering part of it", () => {
    const d = [
      ...row(100, 100, 200, 400, 0.9),
      ...row(105, 100, 205, 410, 0.6),
      ...row(100, 250, 200, 400, 0.5),
    ];
    expect(decodePersons(d, 512)).toHaveLength(1);
  });

  it("keeps a small distant person seen between a near runner's limbs", () => {
    const d = [...row(100, 50, 400, 500, 0.9), ...row(230, 200, 260, 260, 0.5)];
    expect(decodePersons(d, 512)).toHaveLength(2);
  });

  it("caps the number of persons", () => {
    const d = Array.from({ length: 30 }, (_, i) => row(i * 16, 0, i * 16 + 14, 200, 0.5 + i / 100)).flat();
    const persons = decodePersons(d, 512, { ...DEFAULT_PERSON_OPTIONS, maxPersons: 5 });
    expect(persons).toHaveLength(5);
    expect(persons[0]!.score).toBeCloseTo(0.79);
  });
});

describe("iou and suppression", () => {
  it("computes intersection over union", () => {
    const a: Box = [0, 0, 0.5, 0.5];
    expect(iou(a, a)).toBe(1);
    expect(iou(a, [0.25, 0, 0.75, 0.5])).toBeCloseTo(1 / 3);
    expect(iou(a, [0.6, 0.6, 1, 1])).toBe(0);
  });

  it("keeps the better of two overlapping boxes", () => {
    const kept = suppressOverlaps(
      [
        { box: [0, 0, 0.5, 0.5] as Box, score: 0.3 },
        { box: [0.02, 0, 0.5, 0.5] as Box, score: 0.7 },
      ],
      0.5,
    );
    expect(kept.map((k) => k.score)).toEqual([0.7]);
  });
});
