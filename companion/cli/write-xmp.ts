/** `score --write-xmp`: each scored photo's results into its XMP, under the ownership rule; one line per photo. */
import { basename } from "node:path";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import type { StartList } from "../../core/domain/bib/start-list.ts";
import { xmpIntentOf } from "../../core/pipeline/xmp-intent.ts";
import type { ScoreOutput } from "./score-command.ts";
import { xmpPolicyFromFlags, type XmpPolicyFlags } from "./xmp-command.ts";
import type { XmpPolicy } from "../../core/domain/xmp/policy.ts";

/** The aspect whose best crop --write-crop writes when --crop-aspect is not given: the portrait print's. */
export const DEFAULT_CROP_ASPECT = "4:5";

export interface XmpWriteFlags extends XmpPolicyFlags {
  writeXmp?: boolean;
  /** The aspect whose best proposal becomes the Camera Raw crop (with --write-crop). */
  cropAspect?: string;
  verbose?: boolean;
  /** No summary line (benchmarks). */
  quiet?: boolean;
}

export async function writeXmpForShoot(
  records: readonly ScoreOutput[],
  flags: XmpWriteFlags,
  startList: StartList | null,
  policy: XmpPolicy = xmpPolicyFromFlags(flags),
): Promise<void> {
  const exiftool = ExifToolAdapter.start();
  const store = exiftool.xmp(policy);
  const counts = { written: 0, unchanged: 0, kept: 0, failed: 0 };
  try {
    for (const record of records) {
      if ("error" in record) continue;
      const intent = xmpIntentOf(record, { cropAspect: flags.cropAspect ?? DEFAULT_CROP_ASPECT, startList });
      const result = await store.update(record.file, intent);
      if (!result.ok) {
        counts.failed += 1;
        process.stderr.write(`stridelight: XMP not written: ${result.error.message}\n`);
        continue;
      }
      counts[result.value.plan.changed ? "written" : "unchanged"] += 1;
      // Fields the photographer set are left alone: feedback, not failures; one line each so they can be found.
      for (const skip of result.value.plan.skipped) {
        counts.kept += 1;
        if (flags.verbose)
          process.stderr.write(`stridelight: ${basename(record.file)}: ${skip.field} kept: ${skip.reason}\n`);
      }
    }
  } finally {
    await exiftool.end();
  }
  if (!flags.quiet)
    process.stderr.write(
      `stridelight: XMP written for ${counts.written} photos, ${counts.unchanged} already up to date, ${counts.kept} fields kept as the photographer set them, ${counts.failed} failed\n`,
    );
}
