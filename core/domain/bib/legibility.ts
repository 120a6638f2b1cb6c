import type { CtcText } from "./ctc-decode.ts";
import type { TextLine } from "./runner-texts.ts";
import {
  DEFAULT_BIB_RULES,
  asBib,
  bibPattern,
  normaliseBib,
  type BibReading,
  type BibRules,
} from "./validate.ts";

/**
 * The bib a text line spells when it is legible: some reading is sure of it (or enough readings agree on it, see
 * BibRules.minVotes), no reading reads a different bib-like string with some confidence, and a line at the torso
 * crop's border is confirmed (or completed) by its reading past that border. Null otherwise.
 */
export function legibleBib(line: TextLine, rules: BibRules = DEFAULT_BIB_RULES): BibReading | null {
  const readings = [...line.passes, ...(line.rereads ?? [])];
  const best = surestReading(readings, rules) ?? agreedReading(readings, rules);
  if (!best || hasRival(readings, best.bib, rules)) return null;
  if (!line.extended) return best;
  const beyond = asBib(reading(line.extended), rules);
  if (beyond && beyond.bib.includes(best.bib)) return beyond;
  if (rivals(line.extended, best.bib, rules)) return null;
  return rules.edgeMustConfirm ? null : best;
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
 * The bib-like string most readings agree on, when at least rules.minVotes of them read it with the vote's
 * confidence; its confidence is the mean of theirs. Null when none reaches the count, or two tie.
 */
export function agreedReading(readings: readonly CtcText[], rules: BibRules): BibReading | null {
  if (rules.minVotes <= 0) return null;
  const votes = new Map<string, number[]>();
  for (const r of readings) {
    const bib = normaliseBib(r.text);
    if (!bibPattern(rules).test(bib)) continue;
    if (r.confidence < rules.voteConfidence || r.minConfidence < rules.voteCharConfidence) continue;
    votes.set(bib, [...(votes.get(bib) ?? []), r.confidence]);
  }
  const ranked = [...votes].sort((a, b) => b[1].length - a[1].length);
  const [first, second] = ranked;
  if (!first || first[1].length < rules.minVotes) return null;
  if (second && second[1].length === first[1].length) return null;
  return { bib: first[0], confidence: first[1].reduce((a, b) => a + b, 0) / first[1].length };
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
