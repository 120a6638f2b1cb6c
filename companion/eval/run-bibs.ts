/**
 * Bib reading figures on a folder with a manifest.json holding bib ground truth:
 *
 *   npx tsx companion/eval/run-bibs.ts ../shared/data/dev --records dev.jsonl [--max-side 1536] [--digits 3-6]
 *
 * The runners come from analysis records (`stridelight analyze --jsonl`, one JSON object per line); each photo is
 * decoded like the analyzer does, the bibs are read on its runners, and the figures are printed as dev-eval.py
 * defines them, with the milliseconds the reader adds per runner.
 */
import { readFile } from "node:fs/promises";
import { join, basename } from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { Runner } from "../../core/domain/analysis.ts";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { decodePhoto } from "../../core/adapters/image-decoder.ts";
import { BibReader } from "../../core/pipeline/bib-reader.ts";
import { BibManifest, evaluateBibs, type PhotoBibs } from "./bibs.ts";

const RunnersRecord = z.object({ file: z.string(), runners: z.array(Runner) });

interface RunOptions {
  records: string;
  maxSide: string;
  digits: string;
  verbose?: boolean;
}

async function main(folder: string, options: RunOptions): Promise<void> {
  const manifest = BibManifest.parse(JSON.parse(await readFile(join(folder, "manifest.json"), "utf8")));
  const wanted = new Set(manifest.filter((e) => e.kind === "negative" || e.bibs?.length).map((e) => e.file));
  const records = (await readRecords(options.records)).filter((r) => wanted.has(basename(r.file)));
  const [minDigits, maxDigits] = options.digits.split("-").map(Number);
  const reader = await BibReader.openDefault({ rules: { minDigits, maxDigits } });
  const exiftool = ExifToolAdapter.start();
  const results: PhotoBibs[] = [];
  let ms = 0;
  let runners = 0;
  try {
    for (const record of records) {
      const decoded = await decodePhoto(join(folder, basename(record.file)), {
        maxSide: Number(options.maxSide),
        exiftool,
      });
      if (!decoded.ok) continue;
      const started = performance.now();
      const bibs = await reader.readBibs(decoded.value.image, record.runners);
      ms += performance.now() - started;
      runners += record.runners.length;
      results.push({ file: record.file, runners: bibs.map((b) => ({ bib: b?.bib ?? null })) });
      if (options.verbose) console.log(basename(record.file), bibs.map((b) => b?.bib ?? "-").join(" "));
    }
  } finally {
    await Promise.all([reader.close(), exiftool.end()]);
  }
  report(evaluateBibs(results, manifest), ms, runners, records.length);
}

async function readRecords(file: string): Promise<Array<z.infer<typeof RunnersRecord>>> {
  const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l.trim().startsWith("{"));
  return lines.flatMap((l) => {
    const parsed = RunnersRecord.safeParse(JSON.parse(l));
    return parsed.success ? [parsed.data] : [];
  });
}

function report(f: ReturnType<typeof evaluateBibs>, ms: number, runners: number, photos: number): void {
  console.log(`photos ${photos}, runners ${runners}, with bib truth ${f.photos}`);
  console.log(`recall ${f.found}/${f.truthBibs} = ${f.recall.toFixed(3)}`);
  console.log(
    `precision ${f.right}/${f.readBibs} = ${f.precision.toFixed(3)} (truth complete only where the manifest says so)`,
  );
  console.log(`F1 ${f.f1.toFixed(3)}; bibs on negatives ${f.onNegatives}`);
  console.log(`bib reading: ${(ms / Math.max(1, runners)).toFixed(1)} ms per runner`);
}

await new Command()
  .argument("<folder>", "folder with photos and manifest.json (bibs per file)")
  .requiredOption("--records <jsonl>", "analysis records with runners for these photos")
  .option("--max-side <px>", "working raster long side", "1536")
  .option("--digits <range>", "bib digit range, min-max", "3-6")
  .option("--verbose", "print the bibs read per photo")
  .action(main)
  .parseAsync();
