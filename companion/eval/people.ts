/**
 * One runner across the shoot, judged on the dev set (called by `npm run eval:bibs` after the read figures):
 *
 * - carried bibs, apart from read ones: on photos whose manifest lists bibs, recall = truth bibs not read on the
 *   photo but carried onto it / truth bibs not read on it; precision = carried bibs in the photo's truth / carried
 *   bibs (a true precision only where the truth is complete, as for reads); carried bibs on negative photos. Both
 *   for every carried bib and for those at or above the keyword confidence (the ones written as keywords).
 * - same person: the photographer's runner of each labelled frame (the record's posed runner over
 *   labels.json main_runner_box, IoU ≥ 0.5). Pairs of frames of one labelled series (labels.json bursts) should
 *   share a person id; pairs of frames of different series from the same source should not. Pair precision/recall.
 * - leave-one-source-out: the link's face and kit neutral points and the twins' keypoint distance were chosen by
 *   looking at the dev pairs; here they are chosen from a grid on the other sources' pairs and judged on the
 *   held-out source's pairs.
 *
 * The records are linked again here with the current code (saved records carry everything the link needs).
 */
import { basename } from "node:path";
import { z } from "zod";
import type { AnalysisRecord, Box, Runner } from "../../core/domain/analysis.ts";
import { iou } from "../../core/domain/persons.ts";
import { DEFAULT_PEOPLE_OPTIONS, linkShoot, type PeopleOptions } from "../../core/domain/people/index.ts";
import { bibOnPhoto } from "../../core/domain/people/hidden-letter.ts";
import { sourceOf, type BibManifestEntry } from "./bibs.ts";

export const PeopleLabels = z.object({
  photos: z.array(
    z.object({ file: z.string(), main_runner_box: z.array(z.number()).length(4).nullable() }).loose(),
  ),
  bursts: z.array(z.object({ group: z.string(), ranking: z.array(z.string()) })),
});
export type PeopleLabels = z.infer<typeof PeopleLabels>;

export const PeopleManifest = z.array(
  z
    .object({
      file: z.string(),
      group: z.string().optional(),
      source_repo: z.string().optional(),
      bibs: z
        .array(z.union([z.string(), z.number()]))
        .nullable()
        .optional(),
    })
    .loose(),
);
export type PeopleManifest = z.infer<typeof PeopleManifest>;

export interface CarriedFigures {
  readonly unreadTruth: number;
  /** Unread truth bibs read on some other photo of the shoot: what carrying could reach at most. */
  readonly reachable: number;
  readonly found: number;
  readonly carried: number;
  readonly right: number;
  readonly onNegatives: number;
}

export interface PairFigures {
  readonly positives: number;
  readonly negatives: number;
  readonly linkedPositives: number;
  readonly linkedNegatives: number;
  readonly precision: number;
  readonly recall: number;
}

/** Carried bibs at or above minConfidence against the manifest's bibs. */
export function evaluateCarried(
  records: readonly Pick<AnalysisRecord, "file" | "runners">[],
  manifest: readonly BibManifestEntry[],
  minConfidence = 0,
): CarriedFigures {
  const byName = new Map(records.map((r) => [basename(r.file), r]));
  const readOn = new Map<string, Set<string>>();
  for (const r of records)
    for (const x of r.runners)
      if (x.bib) readOn.set(x.bib, (readOn.get(x.bib) ?? new Set()).add(basename(r.file)));
  let reachable = 0;
  let unreadTruth = 0,
    found = 0,
    carried = 0,
    right = 0,
    onNegatives = 0;
  for (const entry of manifest) {
    const record = byName.get(entry.file);
    if (!record) continue;
    const read = new Set(record.runners.flatMap((r) => (r.bib ? [r.bib] : [])));
    const moved = new Set(
      record.runners.flatMap((r) =>
        r.carriedBib && (r.carriedBibConfidence ?? 0) >= minConfidence && !read.has(r.carriedBib)
          ? [r.carriedBib]
          : [],
      ),
    );
    if (entry.kind === "negative") onNegatives += moved.size;
    if (!entry.bibs || entry.bibs.length === 0) continue;
    const truth = new Set(entry.bibs);
    const unread = [...truth].filter((b) => !read.has(b));
    unreadTruth += unread.length;
    reachable += unread.filter((b) => [...(readOn.get(b) ?? [])].some((f) => f !== entry.file)).length;
    found += unread.filter((b) => moved.has(b)).length;
    carried += moved.size;
    right += [...moved].filter((b) => truth.has(b)).length;
  }
  return { unreadTruth, reachable, found, carried, right, onNegatives };
}

/** Reads the link completed with their person's letter (hidden-letter.ts), and the read recall with and without them. */
export interface CompletedFigures {
  /** Runners whose read became the whole bib, and how many of those bibs their photo's truth lists. */
  readonly completed: number;
  readonly inTruth: number;
  /** Truth bibs read on their photo, counting the completed reads, and as the OCR read them. */
  readonly recall: number;
  readonly recallAsRead: number;
  readonly truth: number;
}

export function evaluateCompleted(
  records: readonly Pick<AnalysisRecord, "file" | "runners">[],
  manifest: readonly BibManifestEntry[],
): CompletedFigures {
  const byName = new Map(records.map((r) => [basename(r.file), r]));
  const sums = { completed: 0, inTruth: 0, recall: 0, recallAsRead: 0, truth: 0 };
  for (const entry of manifest) {
    const record = byName.get(entry.file);
    if (!record || !entry.bibs || entry.bibs.length === 0) continue;
    const truth = new Set(entry.bibs);
    const completed = record.runners.flatMap((r) => (r.bibAsRead !== undefined && r.bib ? [r.bib] : []));
    const read = new Set(record.runners.flatMap((r) => (r.bib ? [r.bib] : [])));
    const asRead = new Set(
      record.runners.flatMap((r) => {
        const bib = bibOnPhoto(r);
        return bib ? [bib] : [];
      }),
    );
    sums.completed += completed.length;
    sums.inTruth += completed.filter((b) => truth.has(b)).length;
    sums.recall += [...truth].filter((b) => read.has(b)).length;
    sums.recallAsRead += [...truth].filter((b) => asRead.has(b)).length;
    sums.truth += truth.size;
  }
  return sums;
}

/** The posed runner of a record that is the photographer's: the one over the labelled box, IoU at least 0.5. */
function photographersRunner(runners: readonly Runner[], box: Box): Runner | undefined {
  return runners
    .filter((r) => r.keypoints !== null && iou(r.box, box) >= 0.5)
    .sort((a, b) => iou(b.box, box) - iou(a.box, box))[0];
}

/**
 * Carried bibs on the photographer's runner of labelled photos whose manifest lists bibs (the listed bibs always
 * include that runner's when it is legible): the one carried-bib precision the dev truth can give in full.
 */
export function evaluateCarriedOnMain(
  records: readonly Pick<AnalysisRecord, "file" | "runners">[],
  labels: PeopleLabels,
  manifest: readonly BibManifestEntry[],
  minConfidence = 0,
): { carried: number; right: number } {
  const boxOf = new Map(labels.photos.map((p) => [p.file, p.main_runner_box as Box | null]));
  const truthOf = new Map(manifest.map((e) => [e.file, e.bibs ?? []]));
  let carried = 0,
    right = 0;
  for (const record of records) {
    const file = basename(record.file);
    const box = boxOf.get(file);
    const truth = truthOf.get(file) ?? [];
    if (!box || truth.length === 0) continue;
    const main = photographersRunner(record.runners, box);
    if (!main?.carriedBib || (main.carriedBibConfidence ?? 0) < minConfidence) continue;
    carried++;
    if (truth.includes(main.carriedBib)) right++;
  }
  return { carried, right };
}

interface Frame {
  readonly file: string;
  readonly group: string;
  /** The manifest's bibs of the photo (empty when unknown). */
  readonly bibs: readonly string[];
  readonly source: string;
  readonly person: string | null;
}

/** A labelled frame of a series and the posed runner of the record that is the photographer's (box IoU ≥ 0.5). */
export interface LabelledRunner {
  readonly file: string;
  readonly group: string;
  /** The manifest's bibs of the photo (empty when unknown). */
  readonly bibs: readonly string[];
  readonly source: string;
  readonly runner: Runner | null;
}

/** Every labelled frame of a series with the photographer's runner as the record has it (null when not posed). */
export function labelledRunners(
  records: readonly Pick<AnalysisRecord, "file" | "runners">[],
  labels: PeopleLabels,
  manifest: PeopleManifest,
): LabelledRunner[] {
  const groupOf = new Map(labels.bursts.flatMap((b) => b.ranking.map((f) => [f, b.group] as const)));
  const sourceOfFile = new Map(manifest.map((e) => [e.file, e.source_repo ?? sourceOf(e.file)]));
  const bibsOf = new Map(manifest.map((e) => [e.file, (e.bibs ?? []).map(String)]));
  const boxOf = new Map(labels.photos.map((p) => [p.file, p.main_runner_box as Box | null]));
  return records.flatMap((record) => {
    const file = basename(record.file);
    const box = boxOf.get(file);
    const group = groupOf.get(file);
    if (!box || !group) return [];
    const runner = photographersRunner(record.runners, box);
    const source = sourceOfFile.get(file) ?? sourceOf(file);
    return [{ file, group, bibs: bibsOf.get(file) ?? [], source, runner: runner ?? null }];
  });
}

/** The photographer's runner of each labelled frame in a series, with the person the link gave it. */
export function labelledFrames(
  records: readonly Pick<AnalysisRecord, "file" | "runners">[],
  labels: PeopleLabels,
  manifest: PeopleManifest,
): Frame[] {
  return labelledRunners(records, labels, manifest).map(({ runner, ...frame }) => ({
    ...frame,
    person: runner?.person ?? null,
  }));
}

/**
 * Pairs within one labelled series (should link) and across series of one source (should not). A series follows a
 * place as often as a runner: frames of one series whose bib truths share no bib show different runners (not a
 * positive), and frames of different series sharing a bib show the same runner met twice (not a negative).
 */
export function evaluatePairs(frames: readonly Frame[], onlySource?: string): PairFigures {
  let positives = 0,
    negatives = 0,
    linkedPositives = 0,
    linkedNegatives = 0;
  for (let i = 0; i < frames.length; i++)
    for (let j = i + 1; j < frames.length; j++) {
      const a = frames[i]!;
      const b = frames[j]!;
      if (a.source !== b.source || (onlySource !== undefined && a.source !== onlySource)) continue;
      const linked = a.person !== null && a.person === b.person;
      const known = a.bibs.length > 0 && b.bibs.length > 0;
      const shared = a.bibs.some((x) => b.bibs.includes(x));
      if (known && (a.group === b.group) !== shared) continue;
      if (a.group === b.group) {
        positives++;
        if (linked) linkedPositives++;
      } else {
        negatives++;
        if (linked) linkedNegatives++;
      }
    }
  const linked = linkedPositives + linkedNegatives;
  return {
    positives,
    negatives,
    linkedPositives,
    linkedNegatives,
    precision: linked ? linkedPositives / linked : 1,
    recall: positives ? linkedPositives / positives : 0,
  };
}

/** The grid the leave-one-source-out check chooses the face and kit neutral points and the twins' distance from. */
const FACE_NEUTRALS = [0.56, 0.6, 0.64, 0.68, 0.72];
const KIT_NEUTRALS = [35, 45, 55];
const TWIN_DISTANCES = [0.025, 0.05, 0.1];

function withNeutrals(face: number, kit: number, twin: number): PeopleOptions {
  const shipped = DEFAULT_PEOPLE_OPTIONS.link;
  const twins = { ...shipped.twins, maxDistance: twin };
  const link = { ...shipped, faceNeutral: face, kitNeutral: kit, twins };
  return { ...DEFAULT_PEOPLE_OPTIONS, link };
}

function f1(p: PairFigures): number {
  return p.precision + p.recall > 0 ? (2 * p.precision * p.recall) / (p.precision + p.recall) : 0;
}

export interface PairsLoso {
  readonly shipped: PairFigures;
  readonly heldOut: PairFigures;
  readonly sources: number;
  /** Carried bibs of each source's photos under the grid point chosen without that source, summed (all, keyworded). */
  readonly carried: CarriedFigures;
  readonly keyworded: CarriedFigures;
}

/**
 * For each source with labelled series: the neutral points with the best pair F1 on the other sources, judged on
 * this source's pairs; the held-out pair counts summed over sources. Likewise the carried bibs of every source's
 * photos, under the grid point chosen on the other sources' series.
 */
export function pairsLoso(
  records: readonly AnalysisRecord[],
  labels: PeopleLabels,
  manifest: PeopleManifest,
  bibManifest: readonly BibManifestEntry[] = [],
  keywordConfidence = DEFAULT_PEOPLE_OPTIONS.carry.keywordConfidence,
): PairsLoso {
  const grid = FACE_NEUTRALS.flatMap((face) =>
    KIT_NEUTRALS.flatMap((kit) =>
      TWIN_DISTANCES.map((twin) => {
        const linked = linkShoot(records, withNeutrals(face, kit, twin));
        return { linked, frames: labelledFrames(linked, labels, manifest) };
      }),
    ),
  );
  const shipped = labelledFrames(linkShoot(records), labels, manifest);
  const chosen = (source: string) => {
    const rest = (frames: Frame[]) => frames.filter((f) => f.source !== source);
    return grid.reduce((a, b) =>
      f1(evaluatePairs(rest(b.frames))) > f1(evaluatePairs(rest(a.frames))) ? b : a,
    );
  };
  const carried = carriedLoso(bibManifest, chosen, 0);
  const keyworded = carriedLoso(bibManifest, chosen, keywordConfidence);
  const sources = [...new Set(shipped.map((f) => f.source))].sort();
  const sums = { positives: 0, negatives: 0, linkedPositives: 0, linkedNegatives: 0 };
  let judged = 0;
  for (const source of sources) {
    const held = evaluatePairs(chosen(source).frames, source);
    if (held.positives + held.negatives === 0) continue;
    judged++;
    sums.positives += held.positives;
    sums.negatives += held.negatives;
    sums.linkedPositives += held.linkedPositives;
    sums.linkedNegatives += held.linkedNegatives;
  }
  const linked = sums.linkedPositives + sums.linkedNegatives;
  return {
    shipped: evaluatePairs(shipped),
    heldOut: {
      ...sums,
      precision: linked ? sums.linkedPositives / linked : 1,
      recall: sums.positives ? sums.linkedPositives / sums.positives : 0,
    },
    sources: judged,
    carried,
    keyworded,
  };
}

/** Carried figures of each source's photos, linked under the grid point chosen without it, summed over sources. */
function carriedLoso(
  manifest: readonly BibManifestEntry[],
  chosen: (source: string) => { linked: AnalysisRecord[] },
  minConfidence: number,
): CarriedFigures {
  const sourceOfEntry = (e: BibManifestEntry) => e.source_repo ?? sourceOf(e.file);
  const sums = { unreadTruth: 0, reachable: 0, found: 0, carried: 0, right: 0, onNegatives: 0 };
  for (const source of [...new Set(manifest.map(sourceOfEntry))].sort()) {
    const entries = manifest.filter((e) => sourceOfEntry(e) === source);
    const c = evaluateCarried(chosen(source).linked, entries, minConfidence);
    for (const k of Object.keys(sums) as (keyof typeof sums)[]) sums[k] += c[k];
  }
  return sums;
}

export function reportPeople(
  records: readonly AnalysisRecord[],
  manifest: readonly BibManifestEntry[],
  peopleManifest: PeopleManifest,
  labels: PeopleLabels,
  keywordConfidence = DEFAULT_PEOPLE_OPTIONS.carry.keywordConfidence,
): string[] {
  const linked = linkShoot(records);
  const done = evaluateCompleted(linked, manifest);
  const lines = [
    "reads whose hidden letter the person's other photos complete (662 read, A00662 elsewhere; hidden-letter.ts): " +
      `${done.completed} on the photos with bib truth, ${done.inTruth} of them in the truth; read recall ` +
      `${done.recall}/${done.truth} = ${ratio(done.recall, done.truth)} (as the OCR read them ${done.recallAsRead}/${done.truth})`,
    "carried bibs (one runner across the shoot, the dev folder scored as one shoot):",
  ];
  for (const [name, min] of [
    ["all carried", 0],
    [`keyworded (confidence >= ${keywordConfidence})`, keywordConfidence],
  ] as const) {
    const c = evaluateCarried(linked, manifest, min);
    const m = evaluateCarriedOnMain(linked, labels, manifest, min);
    lines.push(
      `  ${name}: recall of unread truth bibs ${c.found}/${c.unreadTruth} = ${ratio(c.found, c.unreadTruth)} ` +
        `(${c.reachable} of them read on another photo); ` +
        `carried bibs in the truth ${c.right}/${c.carried} = ${ratio(c.right, c.carried)} (truth incomplete); ` +
        `on the photographer's runner right ${m.right}/${m.carried} = ${ratio(m.right, m.carried)}; ` +
        `on negatives ${c.onNegatives}`,
    );
  }
  const loso = pairsLoso(records, labels, peopleManifest, manifest, keywordConfidence);
  const p = loso.shipped;
  lines.push(
    `same person on labelled series (photographer's runner): linked pairs of one series ${p.linkedPositives}/${p.positives} ` +
      `(recall ${p.recall.toFixed(2)}), linked pairs of different series of one source ${p.linkedNegatives}/${p.negatives} ` +
      `(pair precision ${p.precision.toFixed(2)})`,
  );
  const h = loso.heldOut;
  lines.push(
    `  leave-one-source-out (face/kit neutral points and twins' distance from a grid, ${loso.sources} sources): recall ` +
      `${h.linkedPositives}/${h.positives} = ${h.recall.toFixed(2)}, precision ${h.precision.toFixed(2)} ` +
      `(${h.linkedNegatives} wrong links)`,
  );
  for (const [name, c] of [
    ["all carried", loso.carried],
    ["keyworded", loso.keyworded],
  ] as const)
    lines.push(
      `  leave-one-source-out carried bibs, ${name}: recall of unread truth bibs ${c.found}/${c.unreadTruth} = ` +
        `${ratio(c.found, c.unreadTruth)}; carried bibs in the truth ${c.right}/${c.carried} = ` +
        `${ratio(c.right, c.carried)}; on negatives ${c.onNegatives}`,
    );
  return lines;
}

function ratio(a: number, b: number): string {
  return b ? (a / b).toFixed(2) : "-";
}
