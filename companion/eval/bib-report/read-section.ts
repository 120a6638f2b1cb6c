/**
 * Bibs READ on the runners: the product's reader (first look, second looks at uncertain torsos, votes) over the
 * runners of each photo, with the vote's thresholds chosen leave-one-source-out beside the shipped defaults, and
 * the reader's cost per photo.
 */
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import {
  BibRules,
  DEFAULT_BIB_RULES,
  chooseBibs,
  digitCount,
  firstLook,
  inRaceFormat,
  legibleBib,
  usualLength,
  type RunnerTexts,
} from "../../../core/domain/bib/index.ts";
import { BibReader } from "../../../core/pipeline/bib-reader.ts";
import { largerImageOf } from "../../../core/pipeline/larger-image.ts";
import { DEFAULT_MAX_POSED } from "../../../core/pipeline/analyzer.ts";
import { readPlan, type ReadPlan } from "../../../core/pipeline/bib-read-gate.ts";
import { DEFAULT_POSE_MIN_SHARE } from "../../../core/pipeline/person-gate.ts";
import type { Runner } from "../../../core/domain/analysis.ts";
import { evaluateBibs, type BibManifestEntry, type PhotoBibs } from "../bibs.ts";
import { readSavedRecords } from "../saved-records.ts";
import { completedRecall } from "./completed-reads.ts";
import {
  baseName,
  figureLines,
  perSourceLines,
  recallIntervalLine,
  type BibEvalContext,
  type BibSection,
} from "./section.ts";

/** One photo's OCR output as --save-ocr writes it (our own file, checked loosely). */
const OcrPhoto = z.object({
  file: z.string(),
  ms: z.number(),
  rereadMs: z.number(),
  /** The working raster's size, to place the reads in the frame. */
  width: z.number(),
  height: z.number(),
  texts: z.array(z.custom<RunnerTexts>()),
  /**
   * How many of `texts`, the first ones, are the pose gate's persons; the rest only the read gate admits. Absent in
   * older saved files (all the pose gate's).
   */
  everyLook: z.number().optional(),
});
type OcrPhoto = z.infer<typeof OcrPhoto>;

/** The race format's settings tried when they are chosen on the other sources (formatMinBibs 0: no format). */
const FORMAT_GRID: ReadonlyArray<Partial<BibRules>> = [0, 1, 2, 3].flatMap((formatMinBibs) =>
  [0.001, 0.01, 0.1].map((formatLetterProbability) => ({ formatMinBibs, formatLetterProbability })),
);

/** The short bib's tests (BibRules.minPlateFlank, minShortPrintShare) tried when they are chosen on the other sources. */
const SHORT_GRID: ReadonlyArray<Partial<BibRules>> = [0.3, 0.4, 0.5, 0.6, 0.7].flatMap((minPlateFlank) =>
  [0.04, 0.06, 0.08].map((minShortPrintShare) => ({ minPlateFlank, minShortPrintShare })),
);

/** The vote's thresholds tried when they are chosen on the other sources. */
const VOTE_GRID: ReadonlyArray<Partial<BibRules>> = [0, 2, 3, 4].flatMap((minVotes) =>
  [0.7, 0.8, 0.85, 0.9].flatMap((voteConfidence) =>
    [0.4, 0.6, 0.8].map((voteCharConfidence) => ({ minVotes, voteConfidence, voteCharConfidence })),
  ),
);

export const readSection: BibSection = {
  title: "bibs read on the runners (first look, second looks at uncertain torsos, votes)",
  async run(context) {
    const photos = await ocrOutput(context);
    const digits = String(
      context.options.digits ?? `${DEFAULT_BIB_RULES.minDigits}-${DEFAULT_BIB_RULES.maxDigits}`,
    )
      .split("-")
      .map(Number);
    const base = BibRules.parse({ ...DEFAULT_BIB_RULES, minDigits: digits[0], maxDigits: digits[1] });
    const shipped = photos.map((p) => photoBibs(p, base));
    const noVotes = photos.map((p) => photoBibs(p, { ...base, minVotes: 0 }));
    const firstOnly = photos.map((p) => photoBibs(p, base, true));
    const loso = leaveOneSourceOut(photos, context.manifest, base, VOTE_GRID);
    const formatLoso = leaveOneSourceOut(photos, context.manifest, base, FORMAT_GRID);
    const shortLoso = leaveOneSourceOut(photos, context.manifest, base, SHORT_GRID);
    const noFormat = photos.map((p) => photoBibs(p, { ...base, formatMinBibs: 0 }));
    const noShort = photos.map((p) => photoBibs(p, usualLength(base)));
    const runners = photos.reduce((n, p) => n + p.texts.length, 0);
    const ms = photos.reduce((n, p) => n + p.ms, 0);
    const rereadMs = photos.reduce((n, p) => n + p.rereadMs, 0);
    const reread = photos.filter((p) => p.rereadMs > 0).length;
    const beyond = photos.reduce((n, p) => n + beyondPoseGate(p).length, 0);
    return [
      `photos ${photos.length}, persons read ${runners} (${beyond} of them beyond the pose gate)`,
      "shipped defaults:",
      ...figureLines(evaluateBibs(shipped, context.manifest)).map((l) => `  ${l}`),
      recallIntervalLine(shipped, context.manifest),
      ...perSourceLines(shipped, context.manifest),
      ...beyondPoseGateLines(photos, shipped, context.manifest),
      ...shortBibLines(shipped, base, context.manifest),
      "vote thresholds chosen leave-one-source-out (source_repo), each source read with the others' choice:",
      ...figureLines(evaluateBibs(loso, context.manifest)).map((l) => `  ${l}`),
      ...completedLines(context, { shipped, loso }),
      "race format (bib/race-format.ts) settings chosen leave-one-source-out:",
      ...figureLines(evaluateBibs(formatLoso, context.manifest)).map((l) => `  ${l}`),
      "without the race format (same run):",
      ...figureLines(evaluateBibs(noFormat, context.manifest)).map((l) => `  ${l}`),
      `short bibs' plate and print tests (BibRules minPlateFlank, minShortPrintShare) chosen leave-one-source-out:`,
      ...figureLines(evaluateBibs(shortLoso, context.manifest)).map((l) => `  ${l}`),
      `without bibs shorter than ${base.wholeDigits} digits (same run):`,
      ...figureLines(evaluateBibs(noShort, context.manifest)).map((l) => `  ${l}`),
      "first look only (no second looks, no votes; same run):",
      ...figureLines(evaluateBibs(firstOnly, context.manifest)).map((l) => `  ${l}`),
      "without votes (only a sure reading counts):",
      ...figureLines(evaluateBibs(noVotes, context.manifest)).map((l) => `  ${l}`),
      `cost: ${(ms / Math.max(1, photos.length)).toFixed(0)} ms per photo (${(ms / Math.max(1, runners)).toFixed(0)} per runner), ` +
        `of which second looks ${(rereadMs / Math.max(1, photos.length)).toFixed(0)} ms per photo (on ${reread} photos)`,
    ];
  },
};

/**
 * Read recall with the letters a person's other photos complete (completed-reads.ts), shipped and held out: needs
 * the records (--records) for the person links.
 */
function completedLines(
  context: BibEvalContext,
  reads: { readonly shipped: readonly PhotoBibs[]; readonly loso: readonly PhotoBibs[] },
): string[] {
  const file = context.options["records"];
  if (typeof file !== "string")
    return ["  letters completed by the person's other photos: skipped (give --records)"];
  const records = readSavedRecords(file);
  const persons = (runners: readonly Runner[]) => planOf(context, runners).persons;
  const [shipped, loso] = [reads.shipped, reads.loso].map((r) =>
    completedRecall(records, r, persons, context.manifest),
  );
  const line = (f: { recall: number; truth: number }) =>
    `${f.recall}/${f.truth} = ${(f.recall / Math.max(1, f.truth)).toFixed(3)}`;
  return [
    `  with the letters a person's other photos complete (662 read, A00662 elsewhere): recall ${line(loso!)} ` +
      `(shipped thresholds ${line(shipped!)})`,
  ];
}

/**
 * The bibs read on persons only the read gate admits. The dev truth lists mostly the photographer's runner's bib
 * (bibs_complete false), so these reads rarely count in recall there; where photographers list every legible bib
 * (the hidden set) they do, so they are counted apart, and how many of them the truth lists.
 */
function beyondPoseGateLines(
  photos: readonly OcrPhoto[],
  shipped: readonly PhotoBibs[],
  manifest: readonly BibManifestEntry[],
): string[] {
  const truth = new Map(manifest.map((e) => [e.file, new Set((e.bibs ?? []).map(String))]));
  let reads = 0;
  let inTruth = 0;
  let onPhotos = 0;
  photos.forEach((p, i) => {
    const bibs = beyondPoseGate(p).flatMap((k) => shipped[i]!.runners[k]?.bib ?? []);
    reads += bibs.length;
    onPhotos += bibs.length > 0 ? 1 : 0;
    inTruth += bibs.filter((b) => truth.get(baseName(p.file))?.has(b)).length;
  });
  return [
    `  read on persons beyond the pose gate (read gate only): ${reads} bibs on ${onPhotos} photos, ${inTruth} of them in the truth`,
  ];
}

/**
 * The bibs read shorter than the usual length (BibRules.wholeDigits: two digits, read only when shown whole), and
 * how many of them the truth lists: the truth lists only some runners, so the rest were judged by eye (README).
 */
function shortBibLines(
  shipped: readonly PhotoBibs[],
  rules: BibRules,
  manifest: readonly BibManifestEntry[],
): string[] {
  const truth = new Map(manifest.map((e) => [e.file, new Set((e.bibs ?? []).map(String))]));
  const short = shipped.flatMap((p) =>
    p.runners.flatMap((r) =>
      r.bib && digitCount(r.bib) < rules.wholeDigits ? [{ file: baseName(p.file), bib: r.bib }] : [],
    ),
  );
  const listed = short.filter((s) => truth.get(s.file)?.has(s.bib)).length;
  const names = short.map((s) => s.bib).join(", ");
  return [
    `  bibs shorter than ${rules.wholeDigits} digits, read where shown whole: ${short.length}` +
      (short.length > 0 ? ` (${names}), ${listed} of them in the truth` : ""),
  ];
}

/** Indices into `texts` of the persons only the read gate admits. */
function beyondPoseGate(photo: OcrPhoto): number[] {
  return photo.texts.flatMap((_, i) => (i >= (photo.everyLook ?? photo.texts.length) ? [i] : []));
}

function photoBibs(photo: OcrPhoto, rules: BibRules, first = false): PhotoBibs {
  const texts = first ? photo.texts.map(firstLook) : photo.texts;
  const bibs = chooseBibs(texts, rules);
  // Under the photo's race format a line's readings and rules are the format's (bib/race-format.ts).
  const readings = inRaceFormat(texts, rules) ?? texts.map((t) => ({ texts: t, rules }));
  return {
    file: photo.file,
    runners: bibs.map((b, i) => {
      if (!b) return { bib: null };
      const { texts: own, rules: ownRules } = readings[i]!;
      const line = own.lines.find((l) => legibleBib(l, ownRules)?.bib === b.bib);
      const r = line?.box;
      return r
        ? {
            bib: b.bib,
            at: [
              r.x / photo.width,
              r.y / photo.height,
              (r.x + r.w) / photo.width,
              (r.y + r.h) / photo.height,
            ],
          }
        : { bib: b.bib };
    }),
  };
}

/**
 * For each source: the grid point with the best F0.5 (precision weighs twice recall: a wrong bib sends a customer
 * someone else's photo) on all other sources, applied to this source.
 */
function leaveOneSourceOut(
  photos: readonly OcrPhoto[],
  manifest: readonly BibManifestEntry[],
  base: BibRules,
  grid: ReadonlyArray<Partial<BibRules>>,
): PhotoBibs[] {
  const sourceOf = new Map(manifest.map((e) => [e.file, e.source_repo ?? ""]));
  const source = (p: OcrPhoto): string => sourceOf.get(baseName(p.file)) ?? "";
  const results: PhotoBibs[] = [];
  for (const held of new Set(photos.map(source))) {
    const train = photos.filter((p) => source(p) !== held);
    const best = grid
      .map((g) => ({ ...base, ...g }))
      .map((rules) => ({
        rules,
        score: fHalf(
          train.map((p) => photoBibs(p, rules)),
          manifest,
        ),
      }))
      .sort((a, b) => b.score - a.score)[0]!;
    results.push(...photos.filter((p) => source(p) === held).map((p) => photoBibs(p, best.rules)));
  }
  return results;
}

function fHalf(results: readonly PhotoBibs[], manifest: readonly BibManifestEntry[]): number {
  const f = evaluateBibs(results, manifest);
  const p = f.precision;
  const r = f.recall;
  return p + r > 0 ? (1.25 * p * r) / (0.25 * p + r) : 0;
}

/** The persons read on a photo and how (the plan the OCR output's `texts` follow, in order). */
function planOf<T extends Runner>(context: BibEvalContext, runners: readonly T[]): ReadPlan<T> {
  return context.options.unposed === true
    ? { persons: runners, asRead: runners, everyLook: runners.length }
    : readPlan(runners, DEFAULT_POSE_MIN_SHARE, DEFAULT_MAX_POSED);
}

/** The OCR output per photo: replayed from --ocr, or read now (and saved with --save-ocr). */
async function ocrOutput(context: BibEvalContext): Promise<OcrPhoto[]> {
  const replay = context.options.ocr;
  if (typeof replay === "string") return z.array(OcrPhoto).parse(JSON.parse(await readFile(replay, "utf8")));
  const reader = await BibReader.openDefault();
  const photos: OcrPhoto[] = [];
  try {
    for (const photo of context.photos) {
      const decoded = await context.decode(photo);
      if (!decoded) continue;
      const started = performance.now();
      // Like the analyzer: every look for the persons the pose gate admits, one look for the pack beyond it down to
      // the read gate (--unposed: every person, every look); the box places the torso of those without a pose.
      // Records are made with the default gates.
      const plan = planOf(context, photo.runners);
      const larger = largerImageOf(decoded, context.exiftool);
      const { texts, rereadMs } = await reader.readTextsCosted(
        decoded.image,
        plan.asRead,
        larger,
        plan.everyLook,
      );
      const { width, height } = decoded.image;
      photos.push({
        file: photo.file,
        ms: performance.now() - started,
        rereadMs,
        width,
        height,
        texts,
        everyLook: plan.everyLook,
      });
    }
  } finally {
    await reader.close();
  }
  const save = context.options.saveOcr;
  if (typeof save === "string") await writeFile(save, JSON.stringify(photos));
  return photos;
}
