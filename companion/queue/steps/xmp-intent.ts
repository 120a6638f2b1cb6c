/** What the folder's settings let us write for one photo, as the XMP engineer's intent and policy. */
import { createHash } from "node:crypto";
import type { CropProposal } from "../../../core/domain/crop/types.ts";
import type { XmpIntent } from "../../../core/domain/xmp/intent.ts";
import { xmpIntent } from "../../../core/pipeline/xmp-intent.ts";
import type { XmpPolicy } from "../../../core/domain/xmp/policy.ts";
import type { FolderConfig } from "../../config/schema.ts";
import type { Photo } from "../../store/photos.ts";
import type { PhotoScores } from "../../store/shapes.ts";
import { keywordedCarriedBibs } from "./carried-bibs.ts";

export function xmpPolicyOf(folder: FolderConfig): XmpPolicy {
  return {
    sidecarStyle: folder.sidecar.style,
    neverModifyOriginals: folder.sidecar.neverModifyOriginals,
    writeRating: folder.write.ratings,
    writeLabel: folder.write.labels,
    writeCrop: folder.write.crop,
  };
}

/** The best crop that is a real crop (not the untouched frame). */
export function bestCrop(crops: readonly CropProposal[] | null): CropProposal | null {
  const real = (crops ?? []).filter((c) => c.aspect !== "original" && c.score > 0);
  return real.reduce<CropProposal | null>((best, c) => (!best || c.score > best.score ? c : best), null);
}

export function intentFor(
  photo: Photo,
  scores: PhotoScores,
  folder: FolderConfig,
  models: Record<string, string>,
): XmpIntent {
  const crop = folder.write.crop ? bestCrop(photo.crops) : null;
  return xmpIntent({
    rating: folder.write.ratings ? scores.stars : null,
    label: folder.write.labels ? scores.label : null,
    keywords: scores.keywords,
    bibs: scores.bibs.map((bib) => ({ bib })),
    // Carried bibs are keyworded like read ones only at or above the documented confidence.
    carriedBibs: keywordedCarriedBibs(scores).map((bib) => ({ bib })),
    crop: crop?.crs ?? null,
    analysisHash: photo.hash,
    scores: scores.parts,
    flags: scores.flags,
    models,
    writeKeywords: folder.write.keywords,
  });
}

export function planHash(target: string, intent: XmpIntent, policy: XmpPolicy): string {
  return createHash("sha256")
    .update(JSON.stringify([target, intent, policy]))
    .digest("hex")
    .slice(0, 32);
}
