import { z } from "zod";

/**
 * Bib reading figures with the definitions of shared/tools/dev-eval.py: on photos whose manifest lists bibs,
 * recall = truth bibs read on some runner / truth bibs, precision = read bibs that are in the truth / read bibs
 * (a true precision only where the truth is complete: elsewhere a correctly read unlisted bib counts against it),
 * plus the number of bibs read on negative photos.
 */
export const BibManifestEntry = z.object({
  file: z.string(),
  kind: z.string().default("running"),
  bibs: z
    .array(z.union([z.string(), z.number()]).transform(String))
    .nullable()
    .optional(),
  bibs_complete: z.boolean().nullable().optional(),
  /** The repository a dev photo came from: the unit of leave-one-source-out. */
  source_repo: z.string().optional(),
  /** Every legible bib drawn as a box, with its number (null on photos nobody boxed). */
  bib_boxes: z
    .array(
      z.object({
        number: z.union([z.string(), z.number()]).transform(String),
        x: z.number(),
        y: z.number(),
        w: z.number(),
        h: z.number(),
      }),
    )
    .nullable()
    .optional(),
  width: z.number().nullable().optional(),
  height: z.number().nullable().optional(),
});
export type BibManifestEntry = z.infer<typeof BibManifestEntry>;
export const BibManifest = z.array(BibManifestEntry);

/**
 * What was read on one photo: the record's runners with their bibs (null or absent when none), and where each was
 * read when the reader says (the print's box, normalised 0-1 over the displayed frame: x0, y0, x1, y1).
 */
export interface PhotoBibs {
  readonly file: string;
  readonly runners: ReadonlyArray<{ readonly bib?: string | null; readonly at?: readonly number[] }>;
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
  /**
   * On photos with labelled bib boxes (bib_boxes): read bibs on a labelled box, and those that are its number (the
   * hidden set's precision). A read whose place is known counts only on the box it overlaps; one without a place
   * counts against the photo's boxed numbers.
   */
  readonly boxedRead: number;
  readonly boxedRight: number;
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
    photos = 0,
    boxedRead = 0,
    boxedRight = 0;
  for (const entry of manifest) {
    const read = (byName.get(entry.file)?.runners ?? []).flatMap((r) => (r.bib ? [r.bib] : []));
    if (entry.kind === "negative") onNegatives += read.length;
    if (byName.has(entry.file) && entry.bib_boxes && entry.bib_boxes.length > 0) {
      const onBoxes = readOnBoxes(byName.get(entry.file)!, entry);
      boxedRead += onBoxes.read;
      boxedRight += onBoxes.right;
    }
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
  return {
    truthBibs,
    found,
    readBibs,
    right,
    recall,
    precision,
    f1,
    onNegatives,
    photos,
    boxedRead,
    boxedRight,
  };
}

/** The reads of one photo on its labelled bib boxes, and how many are the box's number. */
function readOnBoxes(photo: PhotoBibs, entry: BibManifestEntry): { read: number; right: number } {
  const boxes = entry.bib_boxes ?? [];
  const numbers = new Set(boxes.map((b) => b.number));
  const [w, h] = [entry.width ?? 0, entry.height ?? 0];
  let read = 0;
  let right = 0;
  for (const runner of photo.runners) {
    if (!runner.bib) continue;
    const at = runner.at;
    if (!at || w <= 0 || h <= 0) {
      read++;
      right += numbers.has(runner.bib) ? 1 : 0;
      continue;
    }
    const box = boxes.find((b) => overlapsBox(at, [b.x / w, b.y / h, (b.x + b.w) / w, (b.y + b.h) / h]));
    if (!box) continue;
    read++;
    right += box.number === runner.bib ? 1 : 0;
  }
  return { read, right };
}

/** Most (half) of the smaller of two normalised boxes lies in the other. */
function overlapsBox(a: readonly number[], b: readonly number[]): boolean {
  const w = Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!);
  const h = Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!);
  if (w <= 0 || h <= 0) return false;
  const area = (r: readonly number[]): number => (r[2]! - r[0]!) * (r[3]! - r[1]!);
  return (w * h) / Math.min(area(a), area(b)) >= 0.5;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** The source of a dev photo: its file name up to the first "-" (rbnr, laqieer, monaco…), the unit of cross-validation. */
export function sourceOf(file: string): string {
  return baseName(file).split("-")[0] ?? "";
}
