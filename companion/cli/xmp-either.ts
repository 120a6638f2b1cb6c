/**
 * Reads a photo's XMP wherever Stridelight may have written it: inside the file (the default for JPEG/TIFF/DNG) or
 * in a sidecar (`neverModifyOriginals`, either sidecar spelling). `find` and `xmp read` must see what the companion
 * wrote under any policy, not only under the one the command line happens to default to.
 */
import type { XmpRead, XmpStore } from "../../core/adapters/xmp-store.ts";
import type { ExifToolAdapter } from "../../core/adapters/exiftool.ts";
import type { XmpError } from "../../core/domain/xmp/errors.ts";
import type { Result } from "../../core/domain/ports.ts";
import type { XmpPolicy } from "../../core/domain/xmp/policy.ts";

/** The stores to try, the given policy first; the others only when the photographer did not pin the policy. */
export function candidateStores(exiftool: ExifToolAdapter, policy: XmpPolicy, pinned: boolean): XmpStore[] {
  if (pinned) return [exiftool.xmp(policy)];
  const alternatives: Partial<XmpPolicy>[] = [
    { ...policy },
    { ...policy, neverModifyOriginals: !policy.neverModifyOriginals },
    { ...policy, neverModifyOriginals: true, sidecarStyle: "basename" },
    { ...policy, neverModifyOriginals: true, sidecarStyle: "name.ext" },
  ];
  const seen = new Set<string>();
  return alternatives
    .filter((p) => {
      const key = JSON.stringify(p);
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .map((p) => exiftool.xmp(p));
}

/**
 * The first read that carries our record; else the first successful read (the photographer's own XMP, e.g. a bib
 * keyword typed in Lightroom); else the first store's error.
 */
export async function readEither(
  stores: readonly XmpStore[],
  file: string,
): Promise<Result<XmpRead, XmpError>> {
  let first: Result<XmpRead, XmpError> | null = null;
  let firstOk: Result<XmpRead, XmpError> | null = null;
  for (const store of stores) {
    const read = await store.readXmp(file);
    if (read.ok && read.value.snapshot.ours !== null) return read;
    first ??= read;
    if (read.ok && firstOk === null) firstOk = read;
  }
  return firstOk ?? first!;
}
