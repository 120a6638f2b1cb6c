import { basename, dirname, extname, join } from "node:path";
import { photoKindOf } from "../photo-kinds.ts";
import type { Result } from "../ports.ts";
import { XmpError } from "./errors.ts";
import type { XmpPolicy } from "./policy.ts";

export interface XmpTarget {
  readonly kind: "embedded" | "sidecar";
  /** The file exiftool writes: the photo itself or its sidecar. */
  readonly path: string;
  /** False when Lightroom will not read what we write here (name.ext sidecars, sidecars of JPEG/DNG/...). */
  readonly lightroomReads: boolean;
}

const stemOf = (name: string) => basename(name, extname(name)).toLowerCase();

/** Proprietary RAW: Lightroom reads a basename.xmp sidecar and never writes into the file (photo-kinds.ts). */
export function isProprietaryRaw(file: string): boolean {
  return photoKindOf(file)?.xmp === "sidecar";
}

/** A file some XMP is written for, inside it or beside it. */
export function isPhotoFile(file: string): boolean {
  return (photoKindOf(file)?.xmp ?? null) !== null;
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
    photoKindOf(s)?.raw === true || (policy.neverModifyOriginals && isPhotoFile(s));
  return siblings.filter((s) => s !== name && stemOf(s) === stemOf(name) && claims(s));
}

/** Where one photo's XMP goes under the policy; `siblings` are the names of the files in its folder. */
export function xmpTarget(
  file: string,
  siblings: readonly string[],
  policy: XmpPolicy,
): Result<XmpTarget, XmpError> {
  const raw = isProprietaryRaw(file);
  if (!isPhotoFile(file)) {
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
