/**
 * The read recall a customer meets, for any way of reading: its reads put on the records' runners, the shoot linked
 * again (core/domain/people), and each read that a person's other photos complete (662 → A00662, hidden-letter.ts)
 * counted whole. The read section gives it the shipped reads and the held-out ones, so the figure to quote — vote
 * thresholds chosen leave-one-source-out — includes the completion as the product does.
 */
import type { AnalysisRecord, Runner } from "../../../core/domain/analysis.ts";
import { linkShoot } from "../../../core/domain/people/index.ts";
import type { BibManifestEntry, PhotoBibs } from "../bibs.ts";
import { evaluateCompleted, type CompletedFigures } from "../people.ts";
import { baseName } from "./section.ts";

/**
 * `reads` are per photo in the order of `persons(photo's runners)` (the read plan's persons); a photo without reads
 * keeps its record's bibs. A read replaces the runner's bib; where the way of reading found none, the record's
 * digits kept apart (`bibDigits`) stay, as the analyzer keeps them.
 */
export function completedRecall(
  records: readonly AnalysisRecord[],
  reads: readonly PhotoBibs[],
  persons: (runners: readonly Runner[]) => readonly Runner[],
  manifest: readonly BibManifestEntry[],
): CompletedFigures {
  const byFile = new Map(reads.map((r) => [baseName(r.file), r]));
  const withReads = records.map((record) => {
    const photo = byFile.get(baseName(record.file));
    return photo ? { ...record, runners: readOnto(record.runners, photo, persons) } : record;
  });
  return evaluateCompleted(linkShoot(withReads), manifest);
}

function readOnto(
  runners: readonly Runner[],
  photo: PhotoBibs,
  persons: (runners: readonly Runner[]) => readonly Runner[],
): Runner[] {
  const order = persons(runners);
  return runners.map((runner) => {
    const k = order.indexOf(runner);
    const bib = k >= 0 ? (photo.runners[k]?.bib ?? null) : null;
    // The record's own read, as it stood before any link completed it (people/index.ts unlinked does the same).
    const plain: Runner = { ...runner, bib };
    delete plain.bibAsRead;
    if (bib) delete plain.bibDigits;
    return plain;
  });
}
