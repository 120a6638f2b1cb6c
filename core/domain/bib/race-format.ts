/**
 * One race, one bib format: where a photo's bibs carry a letter prefix and a fixed count of digits (A00662,
 * B10437), a runner's bib on that photo has that form too. The format turns a reading with one digit too many into
 * the letter the recogniser half saw (A00662 read 400662: the "A" drawn like a "4"), and stops a number that lost its
 * letter (00662 under a hand, 3723 of B13723 behind an arm) from becoming another runner's bib (662).
 */
import type { CtcText } from "./ctc-decode.ts";
import type { RunnerTexts, TextLine } from "./runner-texts.ts";
import { isNumberAlone, prefixedDigits, type BibRules } from "./validate.ts";

/** A race whose bibs are one letter and `digits` digits. */
export interface PrefixFormat {
  readonly digits: number;
}

/**
 * The prefix format the bibs read on a photo show, or null. Its count of digits is the longest the photo's lettered
 * bibs show, when at least rules.formatMinBibs of them show it and bibs with a letter are more than half of them.
 * A lettered bib with fewer digits does not block the format: a hand or an arm hides digits and nothing adds them
 * (C116 and C112 read beside C10800 and C20086 on one dev photo were C116xx and C112xx under arms); on the dev races
 * every read and every truth bib of one race has one count. One bib alone shows its race's format (B161 read 8161
 * beside A498), but one bib cannot outvote others of another count: a digit too many may be a misread (see inFormat),
 * and beside two fragments the photo does not say which is whole.
 */
export function prefixFormat(bibs: readonly string[], rules: BibRules): PrefixFormat | null {
  if (rules.formatMinBibs <= 0) return null;
  const counts: number[] = [];
  for (const bib of bibs) {
    const number = prefixedDigits(bib);
    if (number === null) continue;
    // Two letters or more before the digits: not the one-letter form this format describes.
    if (!/^[A-Z][0-9]/.test(bib)) return null;
    counts.push(number.length);
  }
  if (counts.length === 0 || 2 * counts.length <= bibs.length) return null;
  const digits = Math.max(...counts);
  const sharing = counts.filter((c) => c === digits).length;
  if (sharing < rules.formatMinBibs || (sharing < 2 && counts.length > 1)) return null;
  return { digits };
}

/** The bib rules under a prefix format: one letter, then exactly its digits. */
export function formatRules(rules: BibRules, format: PrefixFormat): BibRules {
  return {
    ...rules,
    minPrefixLetters: 1,
    maxPrefixLetters: 1,
    minDigits: format.digits,
    maxDigits: format.digits,
  };
}

/**
 * A reading under the format: one digit too many, and the recogniser saw a letter's shape in the first (see
 * BibRules.formatLetterProbability), reads as that letter and the rest. The first character keeps its confidence:
 * the recogniser was sure of the glyph; the format says which of its two meanings the race prints.
 */
export function inFormat(pass: CtcText, format: PrefixFormat, rules: BibRules): CtcText {
  const compact = pass.text.replace(/\s+/g, "");
  const letter = pass.firstLetter;
  if (compact.length !== format.digits + 1 || !isNumberAlone(compact)) return pass;
  if (!letter || letter.probability < rules.formatLetterProbability) return pass;
  return { ...pass, text: letter.letter + compact.slice(1) };
}

/** Every reading of a line under the format. */
function lineInFormat(line: TextLine, format: PrefixFormat, rules: BibRules): TextLine {
  const read = (p: CtcText): CtcText => inFormat(p, format, rules);
  return {
    ...line,
    passes: line.passes.map(read),
    extended: line.extended ? read(line.extended) : null,
    ...(line.rereads ? { rereads: line.rereads.map(read) } : {}),
  };
}

/** One runner's texts and the rules its bib is chosen by. */
export interface RunnerReading {
  readonly texts: RunnerTexts;
  readonly rules: BibRules;
}

/**
 * Each runner's texts and rules under the format the other runners' bibs on the photo show (`first`: each runner's
 * bib chosen without any format, or null); a runner without such neighbours keeps its texts and the rules.
 */
export function underRaceFormat(
  runners: readonly RunnerTexts[],
  first: ReadonlyArray<string | null>,
  rules: BibRules,
): RunnerReading[] {
  return runners.map((texts, i) => {
    const others = first.flatMap((bib, j) => (j === i || !bib ? [] : [bib]));
    const format = prefixFormat(others, rules);
    if (!format) return { texts, rules };
    return {
      texts: { ...texts, lines: texts.lines.map((l) => lineInFormat(l, format, rules)) },
      rules: formatRules(rules, format),
    };
  });
}
