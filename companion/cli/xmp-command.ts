/**
 * `stridelight xmp read <files>`: what Stridelight wrote into each photo's XMP, what is there now, and the
 * photographer's changes as feedback events; one JSON line per photo. Also the XMP policy options of
 * `stridelight score --write-xmp`.
 */
import { z } from "zod";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import type { XmpRead } from "../../core/adapters/xmp-store.ts";
import { diffForFeedback } from "../../core/domain/xmp/feedback.ts";
import { SIDECAR_STYLES, XmpPolicy } from "../../core/domain/xmp/policy.ts";
import { flagsError, UsageError } from "./options.ts";
import { listPhotos } from "../files/photo-files.ts";
import { candidateStores, readEither } from "./xmp-either.ts";

/** The command-line spelling of the XMP policy (commander camel-cases the flags). */
export interface XmpPolicyFlags {
  sidecarStyle?: string;
  neverModifyOriginals?: boolean;
  writeRating?: boolean;
  writeLabel?: boolean;
  writeCrop?: boolean;
}

const PolicyFlags = z.object({
  sidecarStyle: z
    .enum(SIDECAR_STYLES, { message: '--sidecar-style must be "basename" or "name.ext"' })
    .optional(),
  neverModifyOriginals: z.boolean().optional(),
  writeRating: z.boolean().optional(),
  writeLabel: z.boolean().optional(),
  writeCrop: z.boolean().optional(),
});

/** Flags -> policy, defaults filled in; a bad value is a UsageError. */
export function xmpPolicyFromFlags(flags: XmpPolicyFlags): XmpPolicy {
  const parsed = PolicyFlags.safeParse(flags);
  if (!parsed.success) throw flagsError(parsed.error);
  const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  return XmpPolicy.parse(defined);
}

export interface XmpReadFlags extends XmpPolicyFlags {
  /** Where the JSON lines go (default stdout); tests pass their own. */
  out?: (line: string) => void;
}

/** One photo's line: our record against what the file holds now. */
export function xmpReadLine(file: string, read: XmpRead): Record<string, unknown> {
  const { snapshot, target } = read;
  const written = snapshot.ours?.written ?? null;
  return {
    file,
    target,
    analysisHash: snapshot.ours?.analysisHash ?? null,
    written,
    now: { rating: snapshot.rating, label: snapshot.label, crop: snapshot.crop, keywords: snapshot.keywords },
    ours:
      snapshot.ours === null
        ? null
        : {
            scores: snapshot.ours.scores,
            flags: snapshot.ours.flags,
            bibs: snapshot.ours.bibs,
            models: snapshot.ours.models,
          },
    feedback: diffForFeedback(snapshot, written),
  };
}

/** Prints one JSON line per photo; a photo that cannot be read gets an error line and the others go on. */
export async function xmpReadCommand(paths: string[], flags: XmpReadFlags = {}): Promise<void> {
  const { out, ...policyFlags } = flags;
  const policy = xmpPolicyFromFlags(policyFlags);
  const { files, missing } = await listPhotos(paths);
  for (const line of missing) process.stderr.write(`stridelight: ${line}\n`);
  if (files.length === 0) throw new UsageError("no photos found in the given paths");
  const print = out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const exiftool = ExifToolAdapter.start();
  try {
    // Unless the policy is given, look where the companion may have written: inside the photo, else its sidecar.
    const pinned = policyFlags.neverModifyOriginals !== undefined || policyFlags.sidecarStyle !== undefined;
    const stores = candidateStores(exiftool, policy, pinned);
    let failed = 0;
    for (const file of files) {
      const read = await readEither(stores, file);
      if (!read.ok) failed++;
      const line = read.ok
        ? xmpReadLine(file, read.value)
        : { file, error: { code: read.error.code, message: read.error.message } };
      print(JSON.stringify(line));
    }
    if (failed > 0) process.exitCode = 1;
  } finally {
    await exiftool.end();
  }
}
