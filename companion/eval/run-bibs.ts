/**
 * `npm run eval:bibs`: bib reading figures on a folder with a manifest.json holding bib ground truth (the dev set
 * by default), one section per concern (see eval/bib-report/section.ts):
 *
 *   npm run eval:bibs -- [folder] [--records dev.jsonl] [--digits 2-6] [--save-ocr ocr.json | --ocr ocr.json]
 *     [--no-baseline]
 *
 * The runners come from analysis records (`stridelight analyze --jsonl`) when given, otherwise the analyzer finds
 * them (bibs off). Like the analyzer, only runners with a pose are read. --save-ocr keeps the raw OCR output per
 * runner; --ocr replays it without decoding or models, so the bib rules can be tuned in a second. Without the
 * folder (a fresh clone has no ../shared) it says so and exits 0.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { z } from "zod";
import { Runner } from "../../core/domain/analysis.ts";
import { DEFAULT_BIB_RULES } from "../../core/domain/bib/index.ts";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { decodePhoto } from "../../core/adapters/image-decoder.ts";
import { Analyzer, DEFAULT_MAX_SIDE } from "../../core/pipeline/analyzer.ts";
import { BibManifest, type BibManifestEntry } from "./bibs.ts";
import { baselineSection } from "./bib-report/baseline-section.ts";
import { peopleSection } from "./bib-report/people-section.ts";
import { readSection } from "./bib-report/read-section.ts";
import type { BibEvalContext, BibSection, EvalPhoto } from "./bib-report/section.ts";

/** The report's sections, in order. */
const SECTIONS: readonly BibSection[] = [readSection, peopleSection, baselineSection];

const DEV_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/data/dev");

const RunnersRecord = z.object({ file: z.string(), runners: z.array(Runner) });

interface RunOptions {
  records?: string;
  digits: string;
  saveOcr?: string;
  ocr?: string;
  baseline: boolean;
  unposed?: boolean;
}

async function main(folderArgument: string | undefined, options: RunOptions): Promise<void> {
  const folder = folderArgument ?? DEV_FOLDER;
  if (!existsSync(join(folder, "manifest.json"))) {
    console.log(
      `eval:bibs skipped: no manifest.json in ${folder} (the dev set lives outside the repository)`,
    );
    return;
  }
  const manifest = BibManifest.parse(JSON.parse(await readFile(join(folder, "manifest.json"), "utf8")));
  const wanted = manifest.filter((e) => e.kind === "negative" || (e.bibs?.length ?? 0) > 0);
  const exiftool = ExifToolAdapter.start();
  try {
    const photos = await runnersOf(folder, wanted, options.records);
    const context: BibEvalContext = {
      folder,
      manifest,
      photos,
      exiftool,
      options: { ...options },
      decode: async (photo) => {
        const decoded = await decodePhoto(join(folder, photo.file), { maxSide: DEFAULT_MAX_SIDE, exiftool });
        return decoded.ok ? decoded.value : null;
      },
    };
    console.log(`${folder}: ${photos.length} photos with bib truth or negative`);
    for (const section of SECTIONS) {
      console.log(`\n## ${section.title}`);
      for (const line of await section.run(context)) console.log(line);
    }
  } finally {
    await exiftool.end();
  }
}

/** Each wanted photo with its runners: from the records when given, otherwise analyzed now (bibs off). */
async function runnersOf(
  folder: string,
  wanted: readonly BibManifestEntry[],
  records: string | undefined,
): Promise<EvalPhoto[]> {
  if (records) {
    const lines = (await readFile(records, "utf8")).split("\n").filter((l) => l.trim().startsWith("{"));
    const byFile = new Map(
      lines.flatMap((l) => {
        const parsed = RunnersRecord.safeParse(JSON.parse(l));
        return parsed.success ? [[basename(parsed.data.file), parsed.data.runners] as const] : [];
      }),
    );
    return wanted.flatMap((entry) => {
      const runners = byFile.get(entry.file);
      return runners ? [{ file: entry.file, entry, runners }] : [];
    });
  }
  const analyzer = await Analyzer.open({ bibs: false });
  try {
    const photos: EvalPhoto[] = [];
    for (const entry of wanted) {
      const record = await analyzer.analyze(join(folder, entry.file));
      if ("runners" in record) photos.push({ file: entry.file, entry, runners: record.runners });
    }
    return photos;
  } finally {
    await analyzer.close();
  }
}

await new Command()
  .argument("[folder]", "folder with photos and manifest.json (bibs per file); the dev set by default")
  .option("--records <jsonl>", "analysis records with runners for these photos (otherwise analyzed now)")
  .option(
    "--digits <range>",
    "bib digit range, min-max",
    `${DEFAULT_BIB_RULES.minDigits}-${DEFAULT_BIB_RULES.maxDigits}`,
  )
  .option("--save-ocr <json>", "write the raw OCR output per runner to this file")
  .option("--ocr <json>", "replay OCR output saved by --save-ocr instead of running the models")
  .option("--unposed", "also read runners without a pose (torso placed on the person box)")
  .option("--no-baseline", "leave out the whole-frame OCR baseline (the slowest section)")
  .action(main)
  .parseAsync();
