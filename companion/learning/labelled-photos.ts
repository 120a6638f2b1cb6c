/**
 * The photographer's labels as the learner needs them: one LabelledPhoto per photo that has feedback and an
 * analysis. Feedback comes from every source alike (plugins, web page, XMP read-back, folder imports).
 */
import { z } from "zod";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import type { LabelledPhoto } from "../../core/domain/learning/examples.ts";
import { latestJudgement, type FeedbackSignal } from "../../core/domain/learning/labels.ts";
import { cropExampleOf, keeperRowOf, styleRowOfRecord } from "../../core/domain/learning/photo-rows.ts";
import type { StyleOptions } from "../../core/domain/style/running-style.ts";
import type { Photo } from "../store/photos.ts";
import type { Store } from "../store/store.ts";

/** Folder imports record running-style judgements as labels with these values. */
export const STYLE_GOOD = "style:good";
export const STYLE_BAD = "style:bad";

const Box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const CropAnswer = z.object({ aspect: z.string().optional(), box: Box });

interface FeedbackRow {
  readonly photo_id: number;
  readonly kind: string;
  readonly value: string | null;
  readonly proposal: string | null;
}

const parse = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

function signalOf(kind: string, value: unknown): FeedbackSignal | null {
  if (kind === "rating" && typeof value === "number") return { kind: "rating", stars: value };
  if (kind === "pick") return { kind: "pick" };
  if (kind === "reject") return { kind: "reject" };
  if (kind === "label" && (value === STYLE_GOOD || value === STYLE_BAD))
    return { kind: "style", good: value === STYLE_GOOD };
  return null;
}

/** The crop the photographer kept: the proposal they accepted, or the box they adjusted it to. */
function keptCrop(
  kind: string,
  value: unknown,
  proposal: unknown,
): { aspect: string; box: z.infer<typeof Box> } | null {
  const answer = CropAnswer.safeParse(
    kind === "crop-accepted" ? proposal : kind === "crop-adjusted" ? value : null,
  );
  if (!answer.success) return null;
  const asked = CropAnswer.safeParse(proposal);
  const aspect = answer.data.aspect ?? (asked.success ? asked.data.aspect : undefined);
  return aspect ? { aspect, box: answer.data.box } : null;
}

/** A shoot: the folder and the capture day (a photographer compares frames of one race, not across years). */
function shootOf(photo: Photo): string {
  const day = photo.captureMs === null ? "undated" : new Date(photo.captureMs).toISOString().slice(0, 10);
  return `${photo.folder}|${day}`;
}

function analyzed(photo: Photo): AnalysisRecord | null {
  return photo.analysis && !("error" in photo.analysis) ? photo.analysis : null;
}

export function labelledPhotos(store: Store, style?: StyleOptions): LabelledPhoto[] {
  const rows: FeedbackRow[] = store.feedback.rows();
  const byPhoto = new Map<number, FeedbackRow[]>();
  for (const r of rows) byPhoto.set(r.photo_id, [...(byPhoto.get(r.photo_id) ?? []), r]);
  return [...byPhoto.entries()].flatMap(([id, events]) => {
    const photo = store.photos.get(id);
    const record = photo ? analyzed(photo) : null;
    return photo && record ? [labelled(photo, record, events, style)] : [];
  });
}

function labelled(
  photo: Photo,
  record: AnalysisRecord,
  events: readonly FeedbackRow[],
  style?: StyleOptions,
): LabelledPhoto {
  const signals = events.flatMap((e) => signalOf(e.kind, parse(e.value)) ?? []);
  const crops = events.flatMap((e) => keptCrop(e.kind, parse(e.value), parse(e.proposal)) ?? []);
  const judgement = latestJudgement(signals);
  const crop = crops.at(-1);
  const burst = photo.scores?.burst ?? null;
  return {
    id: photo.hash,
    shoot: shootOf(photo),
    burst: burst && burst.size > 1 ? `${photo.folder}|${burst.id}` : `photo|${photo.hash}`,
    keeperRow: keeperRowOf(record, burst, style),
    styleRow: styleRowOfRecord(record),
    level: judgement.level,
    styleGood: judgement.styleGood,
    crop: crop ? cropExampleOf(record, crop.aspect, crop.box) : null,
  };
}
