import type { CtcText } from "./ctc-decode.ts";
import type { TextLine } from "./runner-texts.ts";
import {
  DEFAULT_BIB_RULES,
  asBib,
  bibPattern,
  digitCount,
  normaliseBib,
  type BibReading,
  type BibRules,
} from "./validate.ts";

/**
 * The bib a text line spells when it is legible: some reading is sure of it (or enough readings agree on it, see
 * BibRules.minVotes), no reading reads a different bib-like string with some confidence or surely reads it longer
 * (extendsSurely), and a line at the torso crop's border is confirmed (or completed) by its reading past that
 * border. A bib shorter than BibRules.wholeDigits only where the line holds no bib of the usual length and shows
 * the short one whole (shortBib). Null otherwise.
 */
export function legibleBib(line: TextLine, rules: BibRules = DEFAULT_BIB_RULES): BibReading | null {
  const usual = usualLength(rules);
  if (usual.minDigits > usual.maxDigits) return shortBib(line, rules);
  return consistentBib(line, usual) ?? shortBib(line, rules);
}

/** The rules without short bibs: only numbers of the usual length (BibRules.wholeDigits digits or more). */
export function usualLength(rules: BibRules): BibRules {
  return { ...rules, minDigits: Math.max(rules.minDigits, rules.wholeDigits) };
}

/**
 * A bib shorter than wholeDigits, read only where no bib of the usual length is (so that a piece a pass reads never
 * stands in for the whole number another pass reads) and only when the line shows it whole.
 */
function shortBib(line: TextLine, rules: BibRules): BibReading | null {
  if (rules.minDigits >= rules.wholeDigits) return null;
  const bib = consistentBib(line, rules);
  return bib && digitCount(bib.bib) < rules.wholeDigits && shownWhole(line, rules) ? bib : null;
}

/** legibleBib before the short bib's test of wholeness. */
function consistentBib(line: TextLine, rules: BibRules): BibReading | null {
  const readings = [...line.passes, ...(line.rereads ?? [])];
  const best = surestReading(readings, rules) ?? agreedReading(readings, rules);
  if (!best || hasRival(readings, best.bib, rules) || readings.some((r) => extendsSurely(r, best.bib, rules)))
    return null;
  if (!line.extended) return best;
  const beyond = asBib(reading(line.extended), rules);
  if (beyond && beyond.bib.includes(best.bib)) return beyond;
  if (rivals(line.extended, best.bib, rules)) return null;
  return rules.edgeMustConfirm ? null : best;
}

/**
 * Whether a line's print is a whole number on its plate (see BibRules.wholeDigits): plate on both sides of it and
 * print of a race number's size. A line at the torso crop's border never is: what lies past the border was not
 * seen.
 */
function shownWhole(line: TextLine, rules: BibRules): boolean {
  const { flanks, printShare } = line;
  if (!flanks || printShare === undefined || line.extended) return false;
  return Math.min(flanks.left, flanks.right) >= rules.minPlateFlank && printShare >= rules.minShortPrintShare;
}

/** The pass whose bib-like reading has the surest weakest character. */
function surestReading(passes: readonly CtcText[], rules: BibRules): (BibReading & { min: number }) | null {
  let best: (BibReading & { min: number }) | null = null;
  for (const pass of passes) {
    const bib = asBib(reading(pass), rules);
    if (bib && (!best || pass.minConfidence > best.min)) best = { ...bib, min: pass.minConfidence };
  }
  return best ? { bib: best.bib, confidence: best.confidence, min: best.min } : null;
}

/**
 * The bib-like string most readings agree on, when at least rules.minVotes of them read it with the vote's mean
 * confidence and each of its characters, averaged over those readings, reaches voteCharConfidence; its
 * confidence is the mean of theirs. Null when none reaches the count, or two tie.
 *
 * Characters are judged across the agreeing readings, not in each one: the same glyph read the same way by
 * several looks is surer than any one look says (a prefix letter at 0.55 in two of four readings and above 0.8
 * in the others), while a glyph every look doubts stays doubtful. A space the recogniser emits is not judged:
 * the bib drops it (normaliseBib).
 */
export function agreedReading(readings: readonly CtcText[], rules: BibRules): BibReading | null {
  if (rules.minVotes <= 0) return null;
  const votes = new Map<string, CtcText[]>();
  for (const r of readings) {
    const bib = normaliseBib(r.text);
    if (!bibPattern(rules).test(bib) || r.confidence < rules.voteConfidence) continue;
    votes.set(bib, [...(votes.get(bib) ?? []), r]);
  }
  const agreed = [...votes].filter(([, rs]) => charsAgreed(rs, rules.voteCharConfidence));
  const ranked = agreed.sort((a, b) => b[1].length - a[1].length);
  const [first, second] = ranked;
  if (!first || first[1].length < rules.minVotes) return null;
  if (second && second[1].length === first[1].length) return null;
  const confidences = first[1].map((r) => r.confidence);
  return { bib: first[0], confidence: confidences.reduce((a, b) => a + b, 0) / confidences.length };
}

/**
 * Whether every character the readings share, averaged over them, reaches `min`. Readings of one bib can differ
 * in length only by spaces and leading zeros (normaliseBib), so their characters are aligned from the end.
 */
function charsAgreed(readings: readonly CtcText[], min: number): boolean {
  const chars = readings.map((r) =>
    r.charConfidences.filter((_, i) => !/\s/.test(r.text[i] ?? "")).reverse(),
  );
  const longest = Math.max(...chars.map((c) => c.length));
  for (let k = 0; k < longest; k++) {
    const at = chars.flatMap((c) => (k < c.length ? [c[k]!] : []));
    if (at.reduce((a, b) => a + b, 0) / at.length < min) return false;
  }
  return true;
}

function hasRival(passes: readonly CtcText[], bib: string, rules: BibRules): boolean {
  return passes.some((p) => rivals(p, bib, rules));
}

/**
 * A pass that reads another bib-like string, confidently enough to doubt the chosen one. A reading that is the
 * chosen bib short of characters at either end (1453 beside a sure 11453) is not a rival: a digit half hidden or
 * cut off is dropped, never invented.
 */
function rivals(pass: CtcText, bib: string, rules: BibRules): boolean {
  const text = normaliseBib(pass.text);
  if (text === bib || (text.length < bib.length && bib.includes(text))) return false;
  return bibPattern(rules).test(text) && pass.confidence >= rules.rivalConfidence;
}

function reading(pass: CtcText): { text: string; confidence: number; minConfidence: number; height: number } {
  return { text: pass.text, confidence: pass.confidence, minConfidence: pass.minConfidence, height: 0 };
}

/** One character of a reading with the recogniser's confidence in it. */
interface Glyph {
  readonly char: string;
  readonly p: number;
}

/**
 * Whether a reading shows `bib` with sure characters added at either end, each a letter or digit at
 * rules.minCharConfidence or more: the chosen bib is then a piece of a longer print, cut short in the other looks
 * (a plain 30211 read "0211" by a narrower look and "30211." by four, whose doubtful end mark, a fold, keeps them
 * from being a bib). The converse of a rival's exception: a digit hidden or cut off is dropped, never invented, so a
 * look that surely reads more shows the bib is longer. Characters added with doubt (a finger read as the 1 of 1350
 * beside 350, at 0.33) say nothing.
 */
function extendsSurely(pass: CtcText, bib: string, rules: BibRules): boolean {
  const glyphs = asBibGlyphs(pass, rules);
  const at = glyphs
    .map((g) => g.char)
    .join("")
    .indexOf(bib);
  if (at < 0 || glyphs.length <= bib.length) return false;
  const added = [...glyphs.slice(0, at), ...glyphs.slice(at + bib.length)];
  return added.every((g) => /[A-Z0-9]/.test(g.char) && g.p >= rules.minCharConfidence);
}

/**
 * The reading's characters as a bib is compared with it (normaliseBib): capitals, no spaces, no leading zeros of a
 * number alone, and without the marks at its ends the recogniser doubts (below rules.minCharConfidence). Empty when
 * the characters and their confidences do not pair up.
 */
function asBibGlyphs(pass: CtcText, rules: BibRules): Glyph[] {
  const chars = [...pass.text.toUpperCase()];
  if (chars.length !== pass.charConfidences.length) return [];
  const all = chars
    .map((char, i) => ({ char, p: pass.charConfidences[i]! }))
    .filter((g) => !/\s/.test(g.char));
  const doubtfulMark = (g: Glyph | undefined) =>
    !!g && /[^\p{L}\p{N}]/u.test(g.char) && g.p < rules.minCharConfidence;
  while (doubtfulMark(all[0])) all.shift();
  while (doubtfulMark(all.at(-1))) all.pop();
  if (all.every((g) => /[0-9]/.test(g.char))) while (all.length > 1 && all[0]!.char === "0") all.shift();
  return all;
}
