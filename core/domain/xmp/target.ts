import { basename, dirname, extname, join } from "node:path";
import type { Result } from "../ports.ts";
import { XmpError } from "./errors.ts";
import type { XmpPolicy } from "./policy.ts";

/** Proprietary RAW: Lightroom reads a basename.xmp sidecar and never writes into the file. */
const PROPRIETARY_RAW = new Set(
  "3fr ari arw bay cr2 cr3 crw dcr dcs erf fff gpr iiq k25 kdc mef mos mrw nef nrw orf pef raf raw rw2 rwl sr2 srf srw x3f".split(
    " ",
  ),
);
/** Formats whose XMP Lightroom reads from inside the file (it ignores sidecars for them). */
const EMBEDDED = new Set("jpg jpeg jpe tif tiff dng heic heif psd png".split(" "));

export interface XmpTarget {
  readonly kind: "embedded" | "sidecar";
  /** The file exiftool writes: the photo itself or its sidecar. */
  readonly path: string;
  /** False when Lightroom will not read what we write here (name.ext sidecars, sidecars of JPEG/DNG/...). */
  readonly lightroomReads: boolean;
}

const extOf = (file: string) => extname(file).slice(1).toLowerCase();
const stemOf = (name: string) => basename(name, extname(name)).toLowerCase();

export function isProprietaryRaw(file: string): boolean {
  return PROPRIETARY_RAW.has(extOf(file));
}

export function isPhotoFile(file: string): boolean {
  return PROPRIETARY_RAW.has(extOf(file)) || EMBEDDED.has(extOf(file));
}

/** An existing sidecar keeps its spelling (IMG_1.XMP stays IMG_1.XMP). */
function existingSpelling(wanted: string, siblings: readonly string[]): string {
  return siblings.find((s) => s.toLowerCase() === wanted.toLowerCase()) ?? wanted;
}

/**
 * Other photos in the folder that may claim the same basename sidecar: RAWs, DNGs (a DNG converted from the RAW beside
 * it; several tools write IMG_1.xmp for it), and every photo when originals are never modified. A JPEG beside its RAW
 * (RAW+JPEG shooting) keeps its XMP inside and does not collide.
 */
function collidingSiblings(name: string, siblings: readonly string[], policy: XmpPolicy): string[] {
  const claims = (s: string) =>
    isProprietaryRaw(s) || extOf(s) === "dng" || (policy.neverModifyOriginals && isPhotoFile(s));
  return siblings.filter((s) => s !== name && stemOf(s) === stemOf(name) && claims(s));
}

/** Where one photo's XMP goes under the policy; `siblings` are the names of the files in its folder. */
export function xmpTarget(
  file: string,
  siblings: readonly string[],
  policy: XmpPolicy,
): Result<XmpTarget, XmpError> {
  const raw = isProprietaryRaw(file);
  if (!raw && !EMBEDDED.has(extOf(file))) {
    return {
      ok: false,
      error: new XmpError("unsupported-format", file, `no XMP target for "${extname(file)}" files`),
    };
  }
  if (!raw && !policy.neverModifyOriginals)
    return { ok: true, value: { kind: "embedded", path: file, lightroomReads: true } };
  const name = basename(file);
  if (policy.sidecarStyle === "name.ext") {
    const path = join(dirname(file), existingSpelling(`${name}.xmp`, siblings));
    return { ok: true, value: { kind: "sidecar", path, lightroomReads: false } };
  }
  const others = collidingSiblings(name, siblings, policy);
  if (others.length > 0) {
    const message = `${basename(name, extname(name))}.xmp would be shared with ${others.join(", ")}; use sidecarStyle "name.ext"`;
    return { ok: false, error: new XmpError("sidecar-collision", file, message) };
  }
  const path = join(dirname(file), existingSpelling(`${basename(name, extname(name))}.xmp`, siblings));
  return { ok: true, value: { kind: "sidecar", path, lightroomReads: raw } };
}
