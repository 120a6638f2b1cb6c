/**
 * The bib report is a list of sections, one per concern (bibs read, the whole-frame baseline, and later carried
 * bibs and the same-person check), each in its own module: a section gets the shared context and returns its
 * lines. Adding a concern is adding a module and listing it in run-bibs.ts.
 */
import type { Runner } from "../../../core/domain/analysis.ts";
import type { DecodedPhoto } from "../../../core/domain/ports.ts";
import type { ExifToolAdapter } from "../../../core/adapters/exiftool.ts";
import { evaluateBibs, type BibFigures, type BibManifestEntry, type PhotoBibs } from "../bibs.ts";
import { DEFAULT_INTERVAL, sourceInterval } from "../intervals.ts";

/** One photo of the evaluation: its manifest entry and the runners the analyzer found (poses included). */
export interface EvalPhoto {
  readonly file: string;
  readonly entry: BibManifestEntry;
  readonly runners: readonly Runner[];
}

export interface BibEvalContext {
  readonly folder: string;
  readonly manifest: readonly BibManifestEntry[];
  readonly photos: readonly EvalPhoto[];
  /** Decodes a photo at the working size (the same decode as the analyzer's). */
  decode(photo: EvalPhoto): Promise<DecodedPhoto | null>;
  readonly exiftool: ExifToolAdapter;
  /** Free-form per-section options from the command line (e.g. a saved OCR file to replay). */
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
}

export interface BibSection {
  readonly title: string;
  run(context: BibEvalContext): Promise<string[]>;
}

/** The figures of one way of reading, in the words of dev-eval.py, on one line each. */
export function figureLines(f: BibFigures): string[] {
  return [
    `recall ${f.found}/${f.truthBibs} = ${f.recall.toFixed(3)}`,
    `read bibs in the truth ${f.right}/${f.readBibs} = ${f.precision.toFixed(3)} (precision where the truth is complete)`,
    f.boxedRead > 0
      ? `precision on labelled bib boxes ${f.boxedRight}/${f.boxedRead} = ${(f.boxedRight / f.boxedRead).toFixed(3)}`
      : "precision on labelled bib boxes: no read on a labelled box",
    `bibs on negatives ${f.onNegatives}`,
  ];
}

/** The figures per source repository, one line each (sources without bibs or reads left out). */
export function perSourceLines(
  results: readonly PhotoBibs[],
  manifest: readonly BibManifestEntry[],
): string[] {
  const sourceOf = new Map(manifest.map((e) => [e.file, e.source_repo ?? ""]));
  const sources = [...new Set(sourceOf.values())].sort();
  return sources.flatMap((source) => {
    const f = evaluateBibs(
      results.filter((r) => sourceOf.get(baseName(r.file)) === source),
      manifest,
    );
    if (f.truthBibs + f.readBibs + f.onNegatives === 0) return [];
    return [
      `  ${source.padEnd(40)} recall ${f.found}/${f.truthBibs}, in truth ${f.right}/${f.readBibs}, boxed ${f.boxedRight}/${f.boxedRead}, on negatives ${f.onNegatives}`,
    ];
  });
}

/**
 * Recall's 90 % interval over the sources drawn again (eval/intervals.ts): per photo with truth, its truth bibs and
 * how many were read; a source's photos drawn together.
 */
export function recallIntervalLine(
  results: readonly PhotoBibs[],
  manifest: readonly BibManifestEntry[],
): string {
  const sourceOf = new Map(manifest.map((e) => [e.file, e.source_repo]));
  // Each photo's truth bibs and how many were read, counted as the recall line counts them (evaluateBibs).
  const photos = results.flatMap((r) => {
    const source = sourceOf.get(baseName(r.file));
    const { truthBibs, found } = evaluateBibs([r], manifest);
    return source && truthBibs > 0 ? [{ source, truthBibs, found }] : [];
  });
  const recall = (ps: readonly { truthBibs: number; found: number }[]) =>
    ps.reduce((n, p) => n + p.found, 0) /
    Math.max(
      1,
      ps.reduce((n, p) => n + p.truthBibs, 0),
    );
  const i = sourceInterval(photos, (p) => p.source, recall);
  return `  recall ${i.figure.toFixed(3)}, ${Math.round(DEFAULT_INTERVAL.level * 100)} % interval over the sources drawn again ${DEFAULT_INTERVAL.draws} times: ${i.low.toFixed(2)}–${i.high.toFixed(2)}`;
}

export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
