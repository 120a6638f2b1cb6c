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
 * The bib a text line spells when it is legible: some recognition pass reads it surely, no other pass reads a
 * different bib-like string with some confidence, and a line at the torso crop's border is confirmed (or
 * completed) by its reading past that border. Null otherwise.
 */
export function legibleBib(line: TextLine, rules: BibRules = DEFAULT_BIB_RULES): BibReading | null {
  const best = surestReading(line.passes, rules);
  if (!best || hasRival(line.passes, best.bib, rules)) return null;
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

function hasRival(passes: readonly CtcText[], bib: string, rules: BibRules): boolean {
  return passes.some((p) => rivals(p, bib, rules));
}

/** A pass that reads another bib-like string, confidently enough to doubt the chosen one. */
function rivals(pass: CtcText, bib: string, rules: BibRules): boolean {
  const text = normaliseBib(pass.text);
  return text !== bib && bibPattern(rules).test(text) && pass.confidence >= rules.rivalConfidence;
}

function reading(pass: CtcText): { text: string; confidence: number; minConfidence: number; height: number } {
  return { text: pass.text, confidence: pass.confidence, minConfidence: pass.minConfidence, height: 0 };
}
