import type { XmpCrop } from "./intent.ts";
import type { Keywords, WrittenFields, XmpSnapshot } from "./snapshot.ts";
import { sameCrop } from "./values.ts";

/** A change the photographer (or another tool) made to something we wrote: a signal to learn from. */
export type FeedbackEvent =
  | { readonly type: "rating-changed"; readonly ours: number; readonly now: number | null }
  | { readonly type: "label-changed"; readonly ours: string; readonly now: string | null }
  | { readonly type: "crop-changed"; readonly ours: XmpCrop; readonly now: XmpCrop | null }
  | { readonly type: "keyword-removed"; readonly keyword: string; readonly kind: "flat" | "hierarchical" };

function removedKeywords(current: Keywords, written: Keywords): FeedbackEvent[] {
  const flat = new Set(current.flat);
  const hierarchical = new Set(current.hierarchical);
  return [
    ...written.flat
      .filter((k) => !flat.has(k))
      .map((keyword) => ({ type: "keyword-removed", keyword, kind: "flat" }) as const),
    ...written.hierarchical
      .filter((k) => !hierarchical.has(k))
      .map((keyword) => ({ type: "keyword-removed", keyword, kind: "hierarchical" }) as const),
  ];
}

/** Every difference between what we last wrote and what is there now. Nothing written yet = no feedback. */
export function diffForFeedback(current: XmpSnapshot, lastWritten: WrittenFields | null): FeedbackEvent[] {
  if (lastWritten === null) return [];
  const events: FeedbackEvent[] = [];
  if (lastWritten.rating !== null && current.rating !== lastWritten.rating) {
    events.push({ type: "rating-changed", ours: lastWritten.rating, now: current.rating });
  }
  if (lastWritten.label !== null && current.label !== lastWritten.label) {
    events.push({ type: "label-changed", ours: lastWritten.label, now: current.label });
  }
  if (lastWritten.crop !== null && !sameCrop(current.crop, lastWritten.crop)) {
    events.push({ type: "crop-changed", ours: lastWritten.crop, now: current.crop });
  }
  return [...events, ...removedKeywords(current.keywords, lastWritten.keywords)];
}
