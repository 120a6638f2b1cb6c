import { legibleBib } from "./legibility.ts";
import type { RunnerTexts } from "./runner-texts.ts";
import {
  DEFAULT_BIB_RULES,
  assignBibs,
  type BibCandidate,
  type BibReading,
  type BibRules,
} from "./validate.ts";

/** Each runner's bib from what the OCR saw on the photo's runners (one entry per runner, null when none). */
export function chooseBibs(
  runners: readonly RunnerTexts[],
  rules: BibRules = DEFAULT_BIB_RULES,
): Array<BibReading | null> {
  const legible = runners.map((r) =>
    r.lines.flatMap((line) => {
      const bib = legibleBib(line, rules);
      return bib ? [{ ...bib, height: line.box.h }] : [];
    }),
  );
  const tallest = Math.max(0, ...legible.flat().map((b) => b.height));
  return assignBibs(legible.map((bibs) => ranked(bibs, tallest * rules.minRelativeHeight)));
}

/**
 * A runner's legible bibs, best first: the number is the largest print on a bib, so each is ranked by its
 * confidence times its height relative to the runner's tallest. Prints smaller than minHeight (pixels) belong
 * to background runners.
 */
function ranked(bibs: ReadonlyArray<BibReading & { height: number }>, minHeight: number): BibCandidate[] {
  const kept = bibs.filter((b) => b.height >= minHeight);
  const tallest = Math.max(0, ...kept.map((b) => b.height));
  return kept
    .map((b) => ({ bib: b.bib, confidence: b.confidence, score: b.confidence * (b.height / tallest) }))
    .sort((a, b) => b.score - a.score);
}
