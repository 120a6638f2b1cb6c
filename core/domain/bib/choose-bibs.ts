import type { RunnerTexts } from "./runner-texts.ts";
import { DEFAULT_BIB_RULES, assignBibs, rankBibs, type BibReading, type BibRules } from "./validate.ts";

/** Each runner's bib from what the OCR saw on the photo's runners (one entry per runner, null when none). */
export function chooseBibs(
  runners: readonly RunnerTexts[],
  rules: BibRules = DEFAULT_BIB_RULES,
): Array<BibReading | null> {
  const candidates = runners.map((r) =>
    rankBibs(
      r.lines.map((l) => ({ ...l.passes[0]!, height: l.box.h })),
      rules,
    ),
  );
  return assignBibs(candidates);
}
