import { legibleBib } from "./legibility.ts";
import type { RunnerTexts } from "./runner-texts.ts";
import { underRaceFormat, type RunnerReading } from "./race-format.ts";
import {
  DEFAULT_BIB_RULES,
  assignBibs,
  isNumberAlone,
  type BibCandidate,
  type BibReading,
  type BibRules,
} from "./validate.ts";

/**
 * Each runner's bib from what the OCR saw on the photo's runners (one entry per runner, null when none): chosen
 * once on its own, then again under the bib format the photo's other runners show (race-format.ts).
 */
export function chooseBibs(
  runners: readonly RunnerTexts[],
  rules: BibRules = DEFAULT_BIB_RULES,
): Array<BibReading | null> {
  return chooseBibsWithDigits(runners, rules).bibs;
}

/**
 * chooseBibs, and the digits each runner shows of a bib whose letter the photo hides (null for the others). Under
 * the photo's race format a runner whose reading is a number alone (`00662` with the A under a thumb, where the
 * photo's other bibs read B10437 and B11035) gets no bib: the digits could be another runner's number
 * (race-format.ts). They are kept for the runner's other photos, which may read the whole bib
 * (people/hidden-letter.ts).
 */
export function chooseBibsWithDigits(
  runners: readonly RunnerTexts[],
  rules: BibRules = DEFAULT_BIB_RULES,
): { bibs: Array<BibReading | null>; bibDigits: Array<string | null> } {
  const plain = chooseAlone(runners, rules);
  const readings = formatReadings(runners, plain, rules);
  if (readings === null) return { bibs: plain, bibDigits: runners.map(() => null) };
  const bibs = chooseEach(readings, rules);
  const bibDigits = plain.map((reading, i) => {
    const underFormat = readings[i]!.rules !== rules;
    return underFormat && !bibs[i] && reading && isNumberAlone(reading.bib) ? reading.bib : null;
  });
  return { bibs, bibDigits };
}

/**
 * The runners' texts and rules under the photo's race format (bib/race-format.ts), or null when no runner's
 * neighbours on the photo show one (then every runner is read by `rules` as it was seen).
 */
export function inRaceFormat(
  runners: readonly RunnerTexts[],
  rules: BibRules = DEFAULT_BIB_RULES,
): RunnerReading[] | null {
  return formatReadings(runners, chooseAlone(runners, rules), rules);
}

/** Each runner's bib chosen by `rules` as it was seen, without any format. */
function chooseAlone(runners: readonly RunnerTexts[], rules: BibRules): Array<BibReading | null> {
  return chooseEach(
    runners.map((texts) => ({ texts, rules })),
    rules,
  );
}

/** inRaceFormat from the runners' bibs chosen without a format (`first`). */
function formatReadings(
  runners: readonly RunnerTexts[],
  first: ReadonlyArray<BibReading | null>,
  rules: BibRules,
): RunnerReading[] | null {
  if (rules.formatMinBibs <= 0) return null;
  const formatted = underRaceFormat(
    runners,
    first.map((b) => b?.bib ?? null),
    rules,
  );
  return formatted.some((r, i) => r.texts !== runners[i]) ? formatted : null;
}

function chooseEach(runners: readonly RunnerReading[], rules: BibRules): Array<BibReading | null> {
  const legible = runners.map(({ texts, rules: own }) =>
    texts.lines.flatMap((line) => {
      const bib = legibleBib(line, own);
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
