import { z } from "zod";

/**
 * Bib reading figures with the definitions of shared/tools/dev-eval.py: on photos whose manifest lists bibs,
 * recall = truth bibs read on some runner / truth bibs, precision = read bibs that are in the truth / read bibs
 * (a true precision only where the truth is complete: elsewhere a correctly read unlisted bib counts against it),
 * plus the number of bibs read on negative photos.
 */
export const BibManifestEntry = z.object({
  file: z.string(),
  kind: z.string(),
  bibs: z
    .array(z.union([z.string(), z.number()]).transform(String))
    .nullable()
    .optional(),
  bibs_complete: z.boolean().nullable().optional(),
});
export type BibManifestEntry = z.infer<typeof BibManifestEntry>;
export const BibManifest = z.array(BibManifestEntry);

/** What was read on one photo: the record's runners with their bibs (null or absent when none). */
export interface PhotoBibs {
  readonly file: string;
  readonly runners: ReadonlyArray<{ readonly bib?: string | null }>;
}

export interface BibFigures {
  readonly truthBibs: number;
  readonly found: number;
  readonly readBibs: number;
  readonly right: number;
  readonly recall: number;
  readonly precision: number;
  readonly f1: number;
  readonly onNegatives: number;
  readonly photos: number;
}

export function evaluateBibs(
  results: readonly PhotoBibs[],
  manifest: readonly BibManifestEntry[],
): BibFigures {
  const byName = new Map(results.map((r) => [baseName(r.file), r]));
  let truthBibs = 0,
    found = 0,
    readBibs = 0,
    right = 0,
    onNegatives = 0,
    photos = 0;
  for (const entry of manifest) {
    const read = (byName.get(entry.file)?.runners ?? []).flatMap((r) => (r.bib ? [r.bib] : []));
    if (entry.kind === "negative") onNegatives += read.length;
    if (!byName.has(entry.file) || !entry.bibs || entry.bibs.length === 0) continue;
    const truth = new Set(entry.bibs);
    photos++;
    truthBibs += truth.size;
    found += [...truth].filter((b) => read.includes(b)).length;
    readBibs += read.length;
    right += read.filter((b) => truth.has(b)).length;
  }
  const recall = found / Math.max(1, truthBibs);
  const precision = right / Math.max(1, readBibs);
  const f1 = recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0;
  return { truthBibs, found, readBibs, right, recall, precision, f1, onNegatives, photos };
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** The source of a dev photo: its file name up to the first "-" (rbnr, laqieer, monaco…), the unit of cross-validation. */
export function sourceOf(file: string): string {
  return baseName(file).split("-")[0] ?? "";
}
