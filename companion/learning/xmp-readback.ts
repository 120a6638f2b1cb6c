/**
 * XMP read-back: what the photographer changed in Lightroom (or any editor) on photos we wrote, recorded as
 * feedback. Ratings and labels as they are now; a changed crop as an adjusted crop (displayed frame); one of our
 * keywords taken away as a label naming it. Each change is recorded once: the read-back runs again and again, the
 * photographer's edit stays.
 */
import { ExifTool } from "exiftool-vendored";
import { z } from "zod";
import { XmpStore, xmpExifToolArgs } from "../../core/adapters/xmp-store.ts";
import { fromCameraRaw } from "../../core/domain/crop/camera-raw.ts";
import { diffForFeedback, type FeedbackEvent } from "../../core/domain/xmp/feedback.ts";
import { XmpPolicy } from "../../core/domain/xmp/policy.ts";
import type { XmpSnapshot } from "../../core/domain/xmp/snapshot.ts";
import type { NewFeedback } from "../store/feedback.ts";
import type { Photo } from "../store/photos.ts";
import type { Store } from "../store/store.ts";
import { bestCrop } from "../../core/domain/crop/best-crop.ts";

/** Reads a photo's XMP under a folder's policy; null when it cannot be read (gone, unreadable). */
export type XmpReader = (target: string, policy: XmpPolicy) => Promise<XmpSnapshot | null>;

/** The reader on exiftool-vendored with our namespace: one process for one read-back run. */
export function openXmpReader(): { read: XmpReader; close: () => Promise<void> } {
  const exiftool = new ExifTool({ exiftoolArgs: xmpExifToolArgs(), maxProcs: 1, taskTimeoutMillis: 30_000 });
  const stores = new Map<string, XmpStore>();
  const read: XmpReader = async (target, policy) => {
    const key = JSON.stringify(policy);
    let store = stores.get(key);
    if (!store) stores.set(key, (store = new XmpStore(exiftool, policy)));
    const result = await store.readXmp(target);
    return result.ok ? result.value.snapshot : null;
  };
  return { read, close: () => exiftool.end() };
}

interface WrittenTarget {
  readonly photoId: number;
  readonly target: string;
  readonly policy: XmpPolicy;
}

/** The latest finished write of each photo: where its XMP is and under which policy it was written. */
function writtenTargets(store: Store): WrittenTarget[] {
  return store.writes.latestFinished().flatMap((r) => {
    const policy = XmpPolicy.safeParse((JSON.parse(r.plan) as { policy?: unknown }).policy);
    return policy.success ? [{ photoId: r.photo_id, target: r.target, policy: policy.data }] : [];
  });
}

function feedbackOf(photo: Photo, e: FeedbackEvent): Omit<NewFeedback, "photoId" | "source"> {
  const orientation =
    photo.analysis && !("error" in photo.analysis) ? photo.analysis.source.orientation : null;
  switch (e.type) {
    case "rating-changed":
      // A rating the photographer cleared reads as 0 stars: they took our stars away.
      return { kind: "rating", value: e.now ?? 0, proposal: e.ours };
    case "label-changed":
      return { kind: "label", value: e.now, proposal: e.ours };
    case "crop-changed": {
      if (!e.now)
        return { kind: "crop-rejected", value: null, proposal: { box: fromCameraRaw(e.ours, orientation) } };
      const aspect = bestCrop(photo.crops)?.aspect ?? "original";
      return {
        kind: "crop-adjusted",
        value: { aspect, box: fromCameraRaw(e.now, orientation) },
        proposal: { aspect, box: fromCameraRaw(e.ours, orientation) },
      };
    }
    case "keyword-removed":
      return {
        kind: "keyword-removed",
        value: { keywordRemoved: e.keyword, field: e.kind },
        proposal: e.keyword,
      };
  }
}

/** The value of a keyword-removed event as the store keeps it. */
const KeywordRemoved = z.object({ keywordRemoved: z.string(), field: z.enum(["flat", "hierarchical"]) });

/**
 * What an event is about: one field (rating, colour label, crop) or one keyword. Events about the same thing replace
 * each other; every removed keyword is a subject of its own.
 */
function subjectOf(kind: string, value: unknown): string {
  const keyword = KeywordRemoved.safeParse(value);
  if (kind === "keyword-removed" && keyword.success)
    return `keyword|${keyword.data.field}|${keyword.data.keywordRemoved}`;
  return kind.startsWith("crop-") ? "crop" : kind;
}

/** Already recorded: the latest read-back event about the same subject says the same. */
function alreadyRecorded(store: Store, photoId: number, kind: string, value: unknown): boolean {
  const subject = subjectOf(kind, value);
  const last = store.feedback
    .forPhoto(photoId)
    .filter((f) => f.source === "xmp" && subjectOf(f.kind, f.value) === subject)
    .at(-1);
  return last?.kind === kind && JSON.stringify(last.value) === JSON.stringify(value ?? null);
}

/** Reads back every photo we wrote; returns how many feedback events were recorded. */
export async function readBack(store: Store, read: XmpReader): Promise<number> {
  let recorded = 0;
  for (const w of writtenTargets(store)) {
    const photo = store.photos.get(w.photoId);
    const snapshot = photo ? await read(w.target, w.policy) : null;
    if (!photo || !snapshot) continue;
    for (const event of diffForFeedback(snapshot, snapshot.ours?.written ?? null)) {
      const f = feedbackOf(photo, event);
      if (alreadyRecorded(store, photo.id, f.kind, f.value)) continue;
      store.feedback.add({ ...f, photoId: photo.id, source: "xmp" });
      recorded++;
    }
  }
  return recorded;
}
