/**
 * One photo's XMP plan: what the folder's settings let us write (the XMP engineer's intent and policy), the file it
 * goes to, and whether that plan still has to be written. The write step and the burst re-score both ask here.
 */
import { createHash } from "node:crypto";
import { bestCrop } from "../../../core/domain/crop/best-crop.ts";
import type { XmpIntent } from "../../../core/domain/xmp/intent.ts";
import { xmpIntent } from "../../../core/pipeline/xmp-intent.ts";
import type { XmpPolicy } from "../../../core/domain/xmp/policy.ts";
import type { FolderConfig } from "../../config/schema.ts";
import type { Photo } from "../../store/photos.ts";
import type { PhotoScores } from "../../store/shapes.ts";
import { isRawFile } from "../../files/photo-files.ts";
import { folderNow, type StepContext } from "./step.ts";
import { keywordedCarriedBibs } from "./carried-bibs.ts";

export interface XmpPlan {
  readonly target: string;
  readonly intent: XmpIntent;
  readonly policy: XmpPolicy;
  readonly hash: string;
}

/** The file the XMP belongs to: the RAW of a RAW+JPEG pair (what the photographer edits), else the photo. */
export function xmpTargetOf(photo: Photo, ctx: StepContext): string {
  const raw = ctx.store.photos.files(photo.id).find((f) => isRawFile(f.path));
  return raw?.path ?? photo.path;
}

/** The plan for the photo's current scores (it has scores: the caller checked) under the folder's settings now. */
export function xmpPlanOf(photo: Photo, ctx: StepContext): XmpPlan {
  const models = { ...ctx.services.analysis.models, ...ctx.services.scoring.models };
  const folder = folderNow(ctx);
  const intent = intentFor(photo, photo.scores!, folder, models);
  const policy = xmpPolicyOf(folder);
  const target = xmpTargetOf(photo, ctx);
  return { target, intent, policy, hash: planHash(target, intent, policy) };
}

/**
 * True when the plan for the photo's current scores is not what its target last got. Compared with the target's
 * latest write, not any earlier one: best -> other -> best must be written again; an open intent (a kill mid-write)
 * is behind too.
 */
export function xmpBehind(photo: Photo, ctx: StepContext): boolean {
  if (!photo.scores) return false;
  const plan = xmpPlanOf(photo, ctx);
  const latest = ctx.store.writes.latest(photo.id, plan.target);
  return !latest || latest.planHash !== plan.hash || latest.state === "intent";
}

export function xmpPolicyOf(folder: FolderConfig): XmpPolicy {
  return {
    sidecarStyle: folder.sidecar.style,
    neverModifyOriginals: folder.sidecar.neverModifyOriginals,
    writeRating: folder.write.ratings,
    writeLabel: folder.write.labels,
    writeCrop: folder.write.crop,
  };
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
