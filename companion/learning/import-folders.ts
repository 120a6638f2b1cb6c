/**
 * Hand-sorted folders as running-style labels: every photo under <dir>/good is a good stride, under <dir>/bad a bad
 * one. Each photo is analysed (unless the store knows it already) and recorded with a "label" feedback event.
 */
import { join } from "node:path";
import type { AnyRecord } from "../../core/domain/analysis.ts";
import { hashFile } from "../queue/hash-file.ts";
import { pairKeyOf } from "../queue/photo-files.ts";
import type { Store } from "../store/store.ts";
import { STYLE_BAD, STYLE_GOOD } from "./labelled-photos.ts";

export type Analyse = (file: string) => Promise<AnyRecord>;
export type ListPhotos = (dir: string) => Promise<string[]>;

export interface ImportCounts {
  readonly good: number;
  readonly bad: number;
  readonly failed: number;
}

async function importOne(
  store: Store,
  file: string,
  folder: string,
  good: boolean,
  analyse: Analyse,
): Promise<boolean> {
  const hash = await hashFile(file);
  const known = store.photos.fileByHash(hash);
  const id =
    known?.photoId ??
    store.photos.create({ hash, path: file, folder, pairKey: pairKeyOf(file), role: "analysed" });
  const photo = store.photos.get(id)!;
  if (!photo.analysis) {
    const record = await analyse(file);
    store.photos.saveAnalysis(id, record, "error" in record ? null : record.capture.epochMs);
    store.photos.setStatus(
      id,
      "error" in record ? "failed" : "done",
      "error" in record ? record.error.message : null,
    );
  }
  const analysed = store.photos.get(id)!.analysis;
  if (!analysed || "error" in analysed) return false;
  store.feedback.add({
    photoId: id,
    kind: "label",
    value: good ? STYLE_GOOD : STYLE_BAD,
    proposal: null,
    source: "folders",
  });
  return true;
}

export async function importSortedFolders(
  store: Store,
  dir: string,
  list: ListPhotos,
  analyse: Analyse,
): Promise<ImportCounts> {
  const counts = { good: 0, bad: 0, failed: 0 };
  for (const side of ["good", "bad"] as const) {
    for (const file of await list(join(dir, side))) {
      if (await importOne(store, file, join(dir, side), side === "good", analyse)) counts[side]++;
      else counts.failed++;
    }
  }
  return counts;
}
