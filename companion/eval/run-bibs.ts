/**
 * Bib reading figures on a folder with a manifest.json holding bib ground truth:
 *
 *   npx tsx companion/eval/run-bibs.ts ../shared/data/dev --records dev.jsonl [--max-side 1280] [--digits 3-6]
 *     [--passes 2] [--save-ocr ocr.json | --ocr ocr.json] [--verbose]
 *
 * The runners come from analysis records (`stridelight analyze --jsonl`, one JSON object per line); like the
 * analyzer, only runners with a pose are read. Each photo is decoded like the analyzer does, the bibs are read on
 * its runners, and the figures are printed as dev-eval.py defines them, overall and per source (file name prefix),
 * with the milliseconds the reader adds per runner. --save-ocr keeps the raw OCR output per runner; --ocr replays
 * it without decoding or models, so the bib rules can be tuned in a second.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join, basename } from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { Runner } from "../../core/domain/analysis.ts";
import { BibRules, chooseBibs, type RunnerTexts } from "../../core/domain/bib/index.ts";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { decodePhoto } from "../../core/adapters/image-decoder.ts";
import { DEFAULT_MAX_SIDE } from "../../core/pipeline/analyzer.ts";
import { BibReader, DEFAULT_MARGINS } from "../../core/pipeline/bib-reader.ts";
import { BibManifest, evaluateBibs, sourceOf, type BibManifestEntry, type PhotoBibs } from "./bibs.ts";
import { peopleFigures } from "./run-people.ts";

const RunnersRecord = z.object({ file: z.string(), runners: z.array(Runner) });
type RunnersRecord = z.infer<typeof RunnersRecord>;

/** One photo's OCR output as --save-ocr writes it (our own file, checked loosely). */
const OcrPhoto = z.object({ file: z.string(), ms: z.number(), texts: z.array(z.custom<RunnerTexts>()) });
type OcrPhoto = z.infer<typeof OcrPhoto>;

interface RunOptions {
  records: string;
  maxSide: string;
  digits: string;
  saveOcr?: string;
  passes: string;
  ocr?: string;
  verbose?: boolean;
}

async function main(folder: string, options: RunOptions): Promise<void> {
  const manifest = BibManifest.parse(JSON.parse(await readFile(join(folder, "manifest.json"), "utf8")));
  const wanted = new Set(manifest.filter((e) => e.kind === "negative" || e.bibs?.length).map((e) => e.file));
  const records = (await readRecords(options.records)).filter((r) => wanted.has(basename(r.file)));
  const photos = options.ocr
    ? z.array(OcrPhoto).parse(JSON.parse(await readFile(options.ocr, "utf8")))
    : await readOcr(folder, records, options);
  if (options.saveOcr) await writeFile(options.saveOcr, JSON.stringify(photos));
  const [minDigits, maxDigits] = options.digits.split("-").map(Number);
  const rules = BibRules.parse({ minDigits, maxDigits });
  const results = photos.map((p) => photoBibs(p, rules, options.verbose === true));
  const runners = photos.reduce((n, p) => n + p.texts.length, 0);
  const ms = photos.reduce((n, p) => n + p.ms, 0);
  report(results, manifest, ms, runners);
  // Carried bibs and the same-person check, from the records' links (no models: run-people.ts).
  for (const line of peopleFigures(folder, options.records)) console.log(line);
}

function photoBibs(photo: OcrPhoto, rules: BibRules, verbose: boolean): PhotoBibs {
  const bibs = chooseBibs(photo.texts, rules);
  if (verbose) console.log(basename(photo.file), bibs.map((b) => b?.bib ?? "-").join(" "));
  return { file: photo.file, runners: bibs.map((b) => ({ bib: b?.bib ?? null })) };
}

/** Decode each photo and run the OCR on its posed runners, timing the reader alone. */
async function readOcr(folder: string, records: RunnersRecord[], options: RunOptions): Promise<OcrPhoto[]> {
  const reader = await BibReader.openDefault({ margins: DEFAULT_MARGINS.slice(0, Number(options.passes)) });
  const exiftool = ExifToolAdapter.start();
  const photos: OcrPhoto[] = [];
  try {
    for (const record of records) {
      const decoded = await decodePhoto(join(folder, basename(record.file)), {
        maxSide: Number(options.maxSide),
        exiftool,
      });
      if (!decoded.ok) continue;
      const started = performance.now();
      const posed = record.runners.filter((r) => r.keypoints !== null);
      const texts = await reader.readTexts(decoded.value.image, posed);
      photos.push({ file: record.file, ms: performance.now() - started, texts });
    }
  } finally {
    await Promise.all([reader.close(), exiftool.end()]);
  }
  return photos;
}

async function readRecords(file: string): Promise<RunnersRecord[]> {
  const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l.trim().startsWith("{"));
  return lines.flatMap((l) => {
    const parsed = RunnersRecord.safeParse(JSON.parse(l));
    return parsed.success ? [parsed.data] : [];
  });
}

function report(results: PhotoBibs[], manifest: BibManifestEntry[], ms: number, runners: number): void {
  const f = evaluateBibs(results, manifest);
  console.log(`photos ${results.length}, posed runners ${runners}, with bib truth ${f.photos}`);
  console.log(`recall ${f.found}/${f.truthBibs} = ${f.recall.toFixed(3)}`);
  console.log(
    `precision ${f.right}/${f.readBibs} = ${f.precision.toFixed(3)} (truth complete only where the manifest says so)`,
  );
  console.log(`F1 ${f.f1.toFixed(3)}; bibs on negatives ${f.onNegatives}`);
  for (const source of [...new Set(manifest.map((e) => sourceOf(e.file)))].sort()) {
    const s = evaluateBibs(
      results.filter((r) => sourceOf(r.file) === source),
      manifest,
    );
    if (s.truthBibs + s.readBibs + s.onNegatives === 0) continue;
    console.log(
      `  ${source.padEnd(12)} recall ${s.found}/${s.truthBibs}, in truth ${s.right}/${s.readBibs}, on negatives ${s.onNegatives}`,
    );
  }
  console.log(`bib reading: ${(ms / Math.max(1, runners)).toFixed(1)} ms per runner`);
}

await new Command()
  .argument("<folder>", "folder with photos and manifest.json (bibs per file)")
  .requiredOption("--records <jsonl>", "analysis records with runners for these photos")
  .option("--max-side <px>", "working raster long side (the analyzer's by default)", String(DEFAULT_MAX_SIDE))
  .option("--digits <range>", "bib digit range, min-max", "3-6")
  .option("--passes <n>", "recognition passes per text line (1 = no test-time variant)", "2")
  .option("--save-ocr <json>", "write the raw OCR output per runner to this file")
  .option("--ocr <json>", "replay OCR output saved by --save-ocr instead of running the models")
  .option("--verbose", "print the bibs read per photo")
  .action(main)
  .parseAsync();
