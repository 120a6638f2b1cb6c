/**
 * `stridelight find --bib 1234 <photos and/or folders>`: the photos whose XMP says bib 1234 (read from what
 * Stridelight wrote and from the keywords), without analyzing anything again. A photo where the bib was read is
 * printed as its path; a photo where it was carried from another photo of the same runner (keyworded at or above
 * the carried-bib confidence) as its path, a tab and "carried". `--name` with `--start-list` looks the runner up.
 */
import { readFile } from "node:fs/promises";
import { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import { hasBib } from "../../core/domain/bib/keywords.ts";
import { parseStartList } from "../../core/domain/bib/start-list.ts";
import { hasCarriedBib } from "../../core/domain/people/keywords.ts";
import type { XmpSnapshot } from "../../core/domain/xmp/snapshot.ts";
import { DEFAULT_XMP_POLICY } from "../../core/domain/xmp/policy.ts";
import { UsageError } from "./options.ts";
import { candidateStores, readEither } from "./xmp-either.ts";
import { listPhotos } from "../files/photo-files.ts";

export interface FindFlags {
  bib?: string;
  name?: string;
  startList?: string;
}

export async function findCommand(paths: string[], flags: FindFlags): Promise<void> {
  const bibs = await wantedBibs(flags);
  const { files, missing } = await listPhotos(paths);
  for (const line of missing) process.stderr.write(`stridelight: ${line}\n`);
  // As `score`: a path mistyped is a mistake to say, not "found in 0 of 0 photos" with success.
  if (files.length === 0) throw new UsageError("no photos found in the given paths");
  const exiftool = ExifToolAdapter.start();
  // Inside the photo and in its sidecar: the companion may have written either (neverModifyOriginals).
  const stores = candidateStores(exiftool, DEFAULT_XMP_POLICY, false);
  const counts = { read: 0, carried: 0 };
  try {
    for (const file of files) {
      const read = await readEither(stores, file);
      if (!read.ok) continue;
      const how = bibs.map((bib) => bibInSnapshot(read.value.snapshot, bib));
      const found = how.includes("read") ? "read" : how.includes("carried") ? "carried" : null;
      if (!found) continue;
      counts[found] += 1;
      process.stdout.write(found === "read" ? `${file}\n` : `${file}\tcarried\n`);
    }
  } finally {
    await exiftool.end();
  }
  const found = counts.read + counts.carried;
  process.stderr.write(
    `stridelight: bib ${bibs.join(", ")} in ${found} of ${files.length} photos ` +
      `(read in ${counts.read}, carried to ${counts.carried})\n`,
  );
}

/** The bibs asked for: --bib, or the start list's bibs of the runners whose name contains --name. */
async function wantedBibs(flags: FindFlags): Promise<string[]> {
  const bib = flags.bib?.trim();
  if (bib) return [bib.toUpperCase()];
  const name = flags.name?.trim().toLowerCase();
  if (!name) throw new UsageError("give the bib to look for (--bib 1234) or a name with a start list");
  if (!flags.startList)
    throw new UsageError("--name needs --start-list <csv> (bib,name) to find the runner's bib");
  const text = await readFile(flags.startList, "utf8").catch(() => {
    throw new UsageError(`${flags.startList}: cannot read the start list`);
  });
  const parsed = parseStartList(text);
  if (!parsed.ok)
    throw new UsageError(`${flags.startList}: line ${parsed.error.line}: ${parsed.error.message}`);
  const bibs = [...parsed.value.values()]
    .filter((e) => e.name.toLowerCase().includes(name))
    .map((e) => e.bib);
  if (bibs.length === 0) throw new UsageError(`no runner named "${flags.name}" in ${flags.startList}`);
  return bibs;
}

export function snapshotHasBib(snapshot: XmpSnapshot, bib: string): boolean {
  return bibInSnapshot(snapshot, bib) !== null;
}

/** "read" when the bib was read on the photo, "carried" when it was carried onto it, null when neither. */
export function bibInSnapshot(snapshot: XmpSnapshot, bib: string): "read" | "carried" | null {
  const wanted = bib.toUpperCase();
  if (snapshot.ours?.bibs.some((b) => b.toUpperCase() === wanted)) return "read";
  const keywords = [...snapshot.keywords.hierarchical, ...snapshot.keywords.flat];
  if (!hasBib(keywords, wanted)) return null;
  return hasCarriedBib(keywords, wanted) ? "carried" : "read";
}
