import { z } from "zod";

/** What a bib looks like at this race: digits in a length range, optionally after a few letters (C11610). */
export const BibRules = z.object({
  /** Fewest digits a bib has: two (a race's first hundred runners, the elite); see wholeDigits. */
  minDigits: z.number().int().min(1).max(12).default(2),
  maxDigits: z.number().int().min(1).max(12).default(6),
  /** Most letters allowed before the digits (0 = digits only). */
  maxPrefixLetters: z.number().int().min(0).max(3).default(1),
  /** Fewest letters before the digits (1 where the race prints a prefix on every bib: see race-format.ts). */
  minPrefixLetters: z.number().int().min(0).max(3).default(0),
  /** Lowest recogniser confidence (mean over characters) for a reading to count. */
  minConfidence: z.number().min(0).max(1).default(0.95),
  /**
   * Lowest confidence of any single character: one doubtful digit makes a wrong bib (a bib's first "1" half
   * hidden read 1453 for 11453 at 0.89).
   */
  minCharConfidence: z.number().min(0).max(1).default(0.9),
  /**
   * Another recognition pass of the same line reading a different bib-like string with at least this confidence
   * makes the line ambiguous (61527 / S1527): no bib rather than a coin toss.
   */
  rivalConfidence: z.number().min(0).max(1).default(0.8),
  /** A line at the torso crop's border counts only when its reading past the border confirms or extends it. */
  edgeMustConfirm: z.boolean().default(true),
  /**
   * Agreement instead of certainty: a line no single reading makes sure of still spells a bib when at least
   * `minVotes` of its readings (recognition passes of the first look and of the re-reads at another resolution or
   * contrast) read the same bib-like string, each with mean confidence >= voteConfidence, each character's
   * confidence averaged over those readings >= voteCharConfidence (legibility.ts: agreedReading), and no reading
   * reads a rival (see rivalConfidence). 0 switches voting off.
   */
  minVotes: z.number().int().min(0).max(12).default(3),
  voteConfidence: z.number().min(0).max(1).default(0.85),
  voteCharConfidence: z.number().min(0).max(1).default(0.6),
  /**
   * Bibs whose print is shorter than this share of the tallest bib print on the photo are background runners'
   * (0 = read every runner's bib).
   */
  minRelativeHeight: z.number().min(0).max(1).default(0),
  /**
   * A race prints one bib format. When at least this many other runners of the photo have a legible bib of one
   * letter and the same number of digits (and they are most of its legible bibs), a runner's bib must have that
   * form too (race-format.ts). One: another runner's A498 says a B161 read 8161 beside it lost its letter to the
   * digit drawn like it (dev, originals and re-saved copies: that bib and its three carried copies right, no read
   * lost against 2). 0 switches the race format off.
   */
  formatMinBibs: z.number().int().min(0).max(12).default(1),
  /**
   * Under such a format, a reading with one digit too many is the prefix letter read as the digit drawn like it
   * (A00662 read 400662) when the recogniser gave the most probable letter at least this probability at that
   * step; below it the glyph showed no letter's shape and which letter it was would be a guess.
   */
  formatLetterProbability: z.number().min(0).max(1).default(0.01),
  /**
   * A bib of fewer digits than this must show that it is whole: what a hand, an arm or a neighbour leaves of a
   * longer number is most often two digits ("16" of a 16x under a thumb, "80" of an x80 behind a hand: on the dev
   * photos more than half of the two-digit numbers read). The plate runs on from both ends of its print
   * (minPlateFlank), the print is bib-sized on the torso (minShortPrintShare), and no longer bib is read on the line
   * (legibility.ts).
   */
  wholeDigits: z.number().int().min(1).max(12).default(3),
  /**
   * Least share of the strip beside a short bib's print (half a print high) over which the plate runs on, on each
   * side (plate-flanks.ts): a hand or a sleeve over a digit, or the ink of a digit the reading left out, ends it at
   * once. Half: the plate's border or a sponsor's print may end it past that; an occluder ends it at the print.
   */
  minPlateFlank: z.number().min(0).max(1).default(0.5),
  /**
   * Least height of a short bib's print as a share of the torso region's height: a race number is the largest
   * print on the plate, and a year, a distance or a sponsor's number in small print is none. Every bib of three
   * digits or more read on the dev photos was printed at least 0.067 of its torso region (median 0.12).
   */
  minShortPrintShare: z.number().min(0).max(1).default(0.06),
});
export type BibRules = z.infer<typeof BibRules>;
export const DEFAULT_BIB_RULES: BibRules = BibRules.parse({});

/** One string the recogniser read on a runner's torso, with the height of its text box (pixels of any scale). */
export interface TextReading {
  readonly text: string;
  readonly confidence: number;
  readonly minConfidence: number;
  readonly height: number;
}

export interface BibReading {
  readonly bib: string;
  readonly confidence: number;
}

/**
 * The bib a reading spells, or null. Spaces inside the number are dropped (wide bibs are often read "12 34");
 * anything else that is not a letter or digit (":" of a time, "." and "-" of a web address) rejects the reading.
 * Leading zeros are dropped: some bibs print "0891", start lists and searches say 891.
 */
export function asBib(reading: TextReading, rules: BibRules = DEFAULT_BIB_RULES): BibReading | null {
  const text = normaliseBib(reading.text);
  if (!bibPattern(rules).test(text)) return null;
  if (reading.confidence < rules.minConfidence || reading.minConfidence < rules.minCharConfidence)
    return null;
  return { bib: text, confidence: reading.confidence };
}

/** What a normalised bib looks like under the race's rules. */
export function bibPattern(rules: BibRules): RegExp {
  return new RegExp(
    `^[A-Z]{${rules.minPrefixLetters},${rules.maxPrefixLetters}}[0-9]{${rules.minDigits},${rules.maxDigits}}$`,
  );
}

/**
 * Upper case, no spaces; a number alone loses its leading zeros ("0891" -> "891", as start lists write it), a number
 * behind a letter keeps them: "A00662" is printed, listed and typed that way by the races that use prefixes, and it is
 * what a runner searches for ("c 0891" -> "C0891").
 */
export function normaliseBib(text: string): string {
  const compact = text.replace(/\s+/g, "").toUpperCase();
  return /^[A-Z]/.test(compact) ? compact : compact.replace(/^0+(?=[0-9])/, "");
}

/**
 * Two reads that cannot be one bib. A read inside the other ("662" in "A00662", "11607" in "A11607") is the same
 * bib partly read (an arm over the letter, a fold): no evidence either way, never a reason to keep two apart.
 */
export function differentBibs(a: string, b: string): boolean {
  return a !== b && !a.includes(b) && !b.includes(a);
}

/** How many digits a bib has (its letters left out). */
export function digitCount(bib: string): number {
  return bib.replace(/[^0-9]/g, "").length;
}

/** Whether `text` is a number alone: digits and nothing else (a bib without its letter, or a race without letters). */
export function isNumberAlone(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

/** The digits of a bib behind a letter prefix (`A00662` → `00662`), or null for a number alone or anything else. */
export function prefixedDigits(bib: string): string | null {
  return /^[A-Z]+([0-9]+)$/.exec(bib)?.[1] ?? null;
}

/** A bib-like reading on one runner, ranked by `score`. */
export interface BibCandidate extends BibReading {
  readonly score: number;
}

/**
 * The bib-like readings on one runner's torso, best first. The number is the largest print on a bib, so each is
 * ranked by confidence times its text height relative to the tallest bib-like reading.
 */
export function rankBibs(
  readings: readonly TextReading[],
  rules: BibRules = DEFAULT_BIB_RULES,
): BibCandidate[] {
  const valid = readings.flatMap((r) => {
    const bib = asBib(r, rules);
    return bib ? [{ bib, height: r.height }] : [];
  });
  const tallest = Math.max(0, ...valid.map((v) => v.height));
  return valid
    .map((v) => ({ ...v.bib, score: v.bib.confidence * (v.height / tallest) }))
    .sort((a, b) => b.score - a.score);
}

/** The runner's bib: the best-ranked bib-like reading, or null. */
export function pickBib(
  readings: readonly TextReading[],
  rules: BibRules = DEFAULT_BIB_RULES,
): BibReading | null {
  const best = rankBibs(readings, rules)[0];
  return best ? { bib: best.bib, confidence: best.confidence } : null;
}

/**
 * One bib per runner and one runner per bib. Torso regions of neighbours overlap, so the same bib can be read on
 * two runners: the strongest claims are settled first, and a runner who loses its best reading may still get its
 * next one (the neighbour's bib was in its crop, its own is further down its list).
 */
export function assignBibs(candidates: ReadonlyArray<readonly BibCandidate[]>): Array<BibReading | null> {
  const claims = candidates
    .flatMap((list, runner) => list.map((c) => ({ runner, c })))
    .sort((a, b) => b.c.score - a.c.score || a.runner - b.runner);
  const result: Array<BibReading | null> = candidates.map(() => null);
  const taken = new Set<string>();
  for (const { runner, c } of claims) {
    if (result[runner] || taken.has(c.bib)) continue;
    result[runner] = { bib: c.bib, confidence: c.confidence };
    taken.add(c.bib);
  }
  return result;
}
