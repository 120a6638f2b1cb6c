/**
 * After a promotion (or a roll-back), photos are scored again with the head now active. Only photos whose rating is
 * still ours: one the photographer rated, picked or rejected, or whose XMP rating they changed, keeps their word
 * (the XMP ownership rule would protect the file anyway; this also spares the work).
 */
import type { Store } from "../store/store.ts";
import type { Enqueue } from "./runtime.ts";

const PHOTOGRAPHER_OWNS = /^rating: (changed-by-photographer|set-by-someone-else|removed-by-photographer)/;

function ratingTakenBack(store: Store, photoId: number): boolean {
  const last = store.writes
    .forPhoto(photoId)
    .filter((w) => w.state !== "intent")
    .at(-1);
  const skipped = (last?.outcome as { skipped?: unknown } | null)?.skipped;
  return Array.isArray(skipped) && skipped.some((s) => typeof s === "string" && PHOTOGRAPHER_OWNS.test(s));
}

/** Photos scored before whose rating we still own. */
export function photosToRescore(store: Store): number[] {
  const rated = store.feedback.ratedByHand();
  return store.photos.scoredIds().filter((id) => !rated.has(id) && !ratingTakenBack(store, id));
}

/**
 * Asked again when the re-score runs: the photographer may have rated the photo between the promotion that queued
 * it and now (a culling session goes on while the companion retrains).
 */
export function stillOurs(store: Store, photoId: number): boolean {
  return !store.feedback.isRatedByHand(photoId) && !ratingTakenBack(store, photoId);
}

/** Queues a re-score of each, once per generation of active heads (the key names the versions). */
export function queueRescore(store: Store, enqueue: Enqueue, generation: string): number {
  const ids = photosToRescore(store);
  for (const photoId of ids)
    enqueue("rescore-photo", `rescore:${photoId}:${generation}`, { photoId, generation }, -5);
  return ids.length;
}
