/**
 * Bibs read wrong on dev race photos, found by eye among the reads the dev truth does not list (it lists mostly the
 * photographer's runner's bib), stay unread or are read whole: pieces a hand or an arm left of a longer bib, and a
 * prefix letter read as the digit drawn like it. The photos are read in place (never copied; skipped when absent).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisRecord } from "../../core/domain/analysis.ts";
import { Analyzer } from "../../core/pipeline/index.ts";

const DEV = resolve(import.meta.dirname, "../../../shared/data/dev");

/** Photo → bibs read right there (by eye), and the wrong reads it gave before their rule was mended. */
const PHOTOS: ReadonlyArray<
  readonly [string, { readonly right: readonly string[]; readonly wrong: readonly string[] }]
> = [
  // C112xx and C116xx under arms beside C10800 and C20086: the race format is the longest count (race-format.ts).
  ["laqieer-kunming-runff-644-000107.jpg", { right: ["C10800", "C20086"], wrong: ["C112", "C116"] }],
  // B161 read 8161 beside A498: one other lettered bib says the race's format (BibRules.formatMinBibs).
  ["laqieer-wujiang-a02a7904.jpg", { right: ["A498", "B161"], wrong: ["8161"] }],
  // 0211 of a plain 30211 that other looks read with a doubtful fold mark after it (legibility.ts extendsSurely).
  ["wahyubib-0716cdac-finish-arms-raised.jpg", { right: ["30008", "30023"], wrong: ["211"] }],
];

describe.skipIf(!existsSync(join(DEV, "manifest.json")))(`bibs read wrong by eye (photos in ${DEV})`, () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await Analyzer.open();
  });
  afterAll(async () => {
    await analyzer.close();
  });

  it.each(PHOTOS)(
    "%s: reads the right bibs and none of the pieces",
    { timeout: 120_000 },
    async (file, bibs) => {
      const record = AnalysisRecord.parse(await analyzer.analyze(join(DEV, file)));
      if (!("runners" in record)) throw new Error(`${file}: not analysed`);
      const read = record.runners.flatMap((r) => (r.bib ? [r.bib] : []));
      expect(read).toEqual(expect.arrayContaining([...bibs.right]));
      expect(read.filter((b) => bibs.wrong.includes(b))).toEqual([]);
    },
  );
});
