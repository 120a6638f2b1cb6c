/**
 * A sighting: one posed runner on one photo of the shoot, with what a photographer would recognise them by (bib,
 * face, kit) and where the photo sits in the shoot (capture time, camera, file numbering, background).
 */
import type { AnalysisRecord, Box, Keypoints, Runner } from "../analysis.ts";
import { nameSequence, type NameSequence } from "../bursts/name-sequence.ts";
import { decodeEmbedding } from "./face-embedding.ts";

export interface Sighting {
  /** Index of the photo in the shoot's order (see shootOrder). */
  readonly photo: number;
  /**
   * The photo's place in the whole shoot's file order when only part of the shoot is linked (the companion links a
   * stretch of a folder: photos outside it still count in the window of neighbours); absent: `photo`.
   */
  readonly place?: number;
  /** Index of the runner in its record. */
  readonly runner: number;
  readonly file: string;
  /** The photo's identity (sha256 of its bytes), for ids that survive renames; "" when unknown. */
  readonly photoId: string;
  readonly epochMs: number | null;
  readonly camera: string | null;
  readonly sequence: NameSequence | null;
  readonly landscape: boolean;
  /** The photo's height over its width: keypoints are normalised per axis. */
  readonly aspect: number;
  readonly box: Box;
  readonly keypoints: Keypoints | null;
  /** Bib read on this photo, upper case, or null. */
  readonly bib: string | null;
  readonly bibConfidence: number;
  readonly face: Float32Array | null;
  readonly torso: readonly number[] | null;
  readonly legs: readonly number[] | null;
  /** Shoes colour (below the sure ankles); absent or null when not measured. */
  readonly shoes?: readonly number[] | null;
  readonly scene: readonly number[] | null;
}

export type ShootRecord = Pick<
  AnalysisRecord,
  "file" | "width" | "height" | "capture" | "runners" | "scene" | "source"
>;

/**
 * Photos in shoot order: by file path. Cameras number their files in shooting order, and one camera's files sit
 * together, so neighbours in this order are the frames shot one after the other; capture time is evidence of its
 * own (similarity.ts). File order is also total and deterministic, where time is missing or shared.
 */
export function shootOrder(records: readonly ShootRecord[]): number[] {
  return records.map((_, i) => i).sort((a, b) => compareText(records[a]!.file, records[b]!.file) || a - b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Runners worth linking: those with a pose (the others are deep background, too small to recognise). */
export function isLinkable(runner: Runner): boolean {
  return runner.keypoints !== null;
}

/**
 * The sightings of a shoot, photo by photo in shoot order, runner by runner. `places`: each record's place in the
 * whole shoot's file order, when these records are only part of it (increasing with the records' file order).
 */
export function sightingsOf(
  records: readonly ShootRecord[],
  order: readonly number[],
  places?: readonly number[],
): Sighting[] {
  const out: Sighting[] = [];
  order.forEach((recordIndex, photo) => {
    const record = records[recordIndex]!;
    record.runners.forEach((r, runner) => {
      if (!isLinkable(r)) return;
      const s = sightingOf(record, runner, photo);
      out.push(places ? { ...s, place: places[recordIndex]! } : s);
    });
  });
  return out;
}

/** One runner of one record as a sighting; `photo` is the record's place in the shoot. */
export function sightingOf(record: ShootRecord, runner: number, photo: number): Sighting {
  const r = record.runners[runner]!;
  return {
    photo,
    runner,
    file: record.file,
    photoId: record.source.sha256,
    epochMs: record.capture.epochMs,
    camera: record.capture.camera,
    sequence: nameSequence(record.file),
    landscape: record.width >= record.height,
    aspect: record.height / record.width,
    box: r.box,
    keypoints: r.keypoints,
    bib: r.bib ? r.bib.toUpperCase() : null,
    bibConfidence: r.bib ? (r.bibConfidence ?? 1) : 0,
    face: r.faceEmbedding ? decodeEmbedding(r.faceEmbedding) : null,
    torso: r.pixels?.torsoColour ?? null,
    legs: r.pixels?.legsColour ?? null,
    shoes: r.pixels?.shoesColour ?? null,
    scene: record.scene ?? null,
  };
}
