/**
 * `stridelight find --bib 1234 <photos and/or folders>`: the photos whose XMP says bib 1234 (read from what
 * Stridelight wrote and from the keywords), without analysing anything again.
 */
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { hasBib } from "../../core/domain/bib/keywords.ts";
import type { XmpSnapshot } from "../../core/domain/xmp/snapshot.ts";
import { DEFAULT_XMP_POLICY } from "../../core/domain/xmp/policy.ts";
import { UsageError } from "./options.ts";
import { candidateStores, readEither } from "./xmp-either.ts";
import { listPhotos } from "../files/photo-files.ts";

export async function findCommand(paths: string[], flags: { bib?: string }): Promise<void> {
  const bib = flags.bib?.trim();
  if (!bib) throw new UsageError("give the bib to look for: --bib 1234");
  const { files, missing } = await listPhotos(paths);
  for (const line of missing) process.stderr.write(`stridelight: ${line}\n`);
  const exiftool = ExifToolAdapter.start();
  // Inside the photo and in its sidecar: the companion may have written either (neverModifyOriginals).
  const stores = candidateStores(exiftool, DEFAULT_XMP_POLICY, false);
  let found = 0;
  try {
    for (const file of files) {
      const read = await readEither(stores, file);
      if (read.ok && snapshotHasBib(read.value.snapshot, bib)) {
        found += 1;
        process.stdout.write(`${file}\n`);
      }
    }
  } finally {
    await exiftool.end();
  }
  process.stderr.write(`stridelight: bib ${bib} in ${found} of ${files.length} photos\n`);
}

export function snapshotHasBib(snapshot: XmpSnapshot, bib: string): boolean {
  const wanted = bib.toUpperCase();
  if (snapshot.ours?.bibs.some((b) => b.toUpperCase() === wanted)) return true;
  return hasBib([...snapshot.keywords.hierarchical, ...snapshot.keywords.flat], wanted);
}
