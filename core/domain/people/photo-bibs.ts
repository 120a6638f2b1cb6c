/** The bibs carried onto one photo, as the companion's store and page show them. */
import type { Runner } from "../analysis.ts";

/** Carried bibs of a photo's runners, one per bib (its most confident carry), none that a runner read here. */
export function carriedBibsOf(runners: readonly Runner[]): { bib: string; confidence: number }[] {
  const read = new Set(runners.flatMap((r) => (r.bib ? [r.bib] : [])));
  const best = new Map<string, number>();
  for (const r of runners) {
    if (!r.carriedBib || read.has(r.carriedBib)) continue;
    best.set(r.carriedBib, Math.max(best.get(r.carriedBib) ?? 0, r.carriedBibConfidence ?? 0));
  }
  return [...best].map(([bib, confidence]) => ({ bib, confidence }));
}
