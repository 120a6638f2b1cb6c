/**
 * Hand-sorted folders as running-style labels: every photo under <dir>/good is a good stride, under <dir>/bad a bad
 * one. Each photo is analyzed (unless the store knows it already) and recorded with a "label" feedback event; a photo
 * whose latest folder label already says the same is left alone, so importing the same folders again adds nothing.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { AnyRecord } from "../../core/domain/analysis.ts";
import { hashFile } from "../queue/hash-file.ts";
import { pairKeyOf } from "../files/photo-files.ts";
import type { Store } from "../store/store.ts";
import { STYLE_BAD, STYLE_GOOD } from "./labelled-photos.ts";

export type Analyze = (file: string) => Promise<AnyRecord>;
export type ListPhotos = (dir: string) => Promise<string[]>;

export interface ImportCounts {
  readonly good: number;
  readonly bad: number;
  readonly failed: number;
  /** Photos whose folder label was already recorded (an import of the same folders again). */
  readonly unchanged: number;
}

type Outcome = "labelled" | "unchanged" | "failed";

const SOURCE = "folders";

/** A sorted folder that is not there: a typo in the path would otherwise import half the labels in silence. */
export class SortedFolderMissing extends Error {
  override name = "SortedFolderMissing";
  constructor(readonly folder: string) {
    super(`${folder}: no such folder (--import-folders needs both good/ and bad/ in it)`);
  }
}

async function photoIdOf(store: Store, file: string, folder: string, analyze: Analyze): Promise<number> {
  const hash = await hashFile(file);
  const known = store.photos.fileByHash(hash);
  const id =
    known?.photoId ??
    store.photos.create({ hash, path: file, folder, pairKey: pairKeyOf(file), role: "analyzed" });
  if (store.photos.get(id)!.analysis) return id;
  const record = await analyze(file);
  const failed = "error" in record;
  store.photos.saveAnalysis(id, record, failed ? null : record.capture.epochMs);
  store.photos.setStatus(id, failed ? "failed" : "done", failed ? record.error.message : null);
  return id;
}

/** The label the folders last gave this photo, or null. */
function folderLabel(store: Store, photoId: number): unknown {
  const last = store.feedback
    .forPhoto(photoId)
    .filter((f) => f.kind === "label" && f.source === SOURCE)
    .at(-1);
  return last ? last.value : null;
}

async function importOne(
  store: Store,
  file: string,
  folder: string,
  good: boolean,
  analyze: Analyze,
): Promise<Outcome> {
  const id = await photoIdOf(store, file, folder, analyze);
  const analyzed = store.photos.get(id)!.analysis;
  if (!analyzed || "error" in analyzed) return "failed";
  const value = good ? STYLE_GOOD : STYLE_BAD;
  if (folderLabel(store, id) === value) return "unchanged";
  store.feedback.add({ photoId: id, kind: "label", value, proposal: null, source: SOURCE });
  return "labelled";
}

async function assertFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new SortedFolderMissing(folder);
}

export async function importSortedFolders(
  store: Store,
  dir: string,
  list: ListPhotos,
  analyze: Analyze,
): Promise<ImportCounts> {
  const sides = ["good", "bad"] as const;
  for (const side of sides) await assertFolder(join(dir, side));
  const counts = { good: 0, bad: 0, failed: 0, unchanged: 0 };
  for (const side of sides) {
    for (const file of await list(join(dir, side))) {
      const outcome = await importOne(store, file, join(dir, side), side === "good", analyze);
      if (outcome === "labelled") counts[side]++;
      else counts[outcome]++;
    }
  }
  return counts;
}
