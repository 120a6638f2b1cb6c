/**
 * Paired faults on the dev keepers: for every photo the photographer would deliver, copies with one fault each
 * (runner-only motion blur or defocus, −2 and −3 EV, +2 EV, a crop through the shins or the forehead, and a
 * background-only blur as the control), written to a folder per fault. The keeper must fall and the fault must be
 * flagged; the control must not be. Beside them a framing that is no fault (a tight crop through the thighs): the
 * runner the frame was built around must stay the main runner, as in every fault copy.
 *
 *   npm run eval:faults -- ../shared/data/dev /tmp/faults        (copies, analysis, scores and the report)
 *   npx tsx companion/eval/paired-faults.ts report /tmp/faults    (the report again from the scored folders)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import { Box } from "../../core/domain/analysis.ts";
import { iou } from "../../core/domain/persons.ts";
import {
  FAULTS,
  FRAMINGS,
  makeFault,
  REFERENCE,
  type Fault,
  type Framing,
  type Variant,
} from "../../core/adapters/image-faults.ts";
import { DEFAULT_ASPECTS } from "../../core/domain/crop/index.ts";
import { DEFAULT_SCORING_OPTIONS } from "../../core/domain/scoring.ts";
import type { PoolOptions } from "../workers/pool.ts";
import { poolOptions } from "../cli/options.ts";
import { listPhotos } from "../files/photo-files.ts";
import { runPhotos } from "../batch/run-photos.ts";
import { scoreRecords } from "../cli/score-command.ts";
import { KEEPER_FEATURES } from "../../core/domain/keeper/features.ts";
import { readSavedRecords } from "./saved-records.ts";
import { scoreWith, withoutInput } from "./keeper-inputs.ts";

const Labels = z.object({
  photos: z.array(
    z
      .object({
        file: z.string(),
        main_runner_box: Box.nullable(),
        keeper: z.boolean(),
        main_runner_sharp: z.boolean().nullish(),
        full_body: z.boolean().nullish(),
      })
      .loose(),
  ),
});

interface Rec {
  file: string;
  width: number;
  height: number;
  runners: { box: number[]; keypoints: Record<string, [number, number, number]> | null }[];
  prominent?: number | null;
  keeper?: number;
  flags?: string[];
}

function readJsonl(path: string): Map<string, Rec> {
  const out = new Map<string, Rec>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    const r = JSON.parse(line) as Rec;
    out.set(basename(r.file), r);
  }
  return out;
}

/**
 * The heights (normalised y) of the named joints the pose saw surely on the labelled runner (the detected runner
 * overlapping the photographer's box), or null when no such runner has a pose.
 */
function labelledJoints(rec: Rec | undefined, box: Box): ((names: readonly string[]) => number[]) | null {
  const k = rec?.runners.find((r) => iou(r.box as Box, box) >= 0.5)?.keypoints;
  if (!k) return null;
  return (names) => names.flatMap((n) => (k[n] && k[n][2] >= 0.3 ? [k[n][1]] : []));
}

/** Halfway between the knees and the ankles of the labelled runner, when the pose saw them. */
function shinY(rec: Rec | undefined, box: Box): number | null {
  const ys = labelledJoints(rec, box);
  const knees = ys?.(["left_knee", "right_knee"]) ?? [];
  const ankles = ys?.(["left_ankle", "right_ankle"]) ?? [];
  if (knees.length === 0 || ankles.length === 0) return null;
  const knee = Math.max(...knees);
  const ankle = Math.max(...ankles);
  return ankle > knee && ankle < 1 ? (knee + ankle) / 2 : null;
}

/** Halfway between the lower hip and the lower knee of the labelled runner, when the pose saw them. */
function thighY(rec: Rec | undefined, box: Box): number | null {
  const ys = labelledJoints(rec, box);
  const hips = ys?.(["left_hip", "right_hip"]) ?? [];
  const knees = ys?.(["left_knee", "right_knee"]) ?? [];
  if (hips.length === 0 || knees.length === 0) return null;
  const [hip, knee] = [Math.max(...hips), Math.max(...knees)];
  return knee > hip && knee < 1 ? (hip + knee) / 2 : null;
}

/**
 * A quarter of the eyes-to-shoulders distance above the eyes of the labelled runner (through the forehead: the crown
 * sits about half that distance above the eyes), when the pose saw them and the whole head is in the frame with room
 * above it; null otherwise (no head to cut).
 */
function foreheadY(rec: Rec | undefined, box: Box): number | null {
  const ys = labelledJoints(rec, box);
  const eyes = ys?.(["nose", "left_eye", "right_eye"]) ?? [];
  const shoulders = ys?.(["left_shoulder", "right_shoulder"]) ?? [];
  if (eyes.length === 0 || shoulders.length === 0) return null;
  const eye = Math.min(...eyes);
  const d = shoulders.reduce((a, b) => a + b, 0) / shoulders.length - eye;
  return d > 0.01 && eye - 0.6 * d > 0 ? eye - 0.25 * d : null;
}

/** The photos the fault set is built from: keepers whose main runner is sharp (feet-cut: full-length ones only). */
export function faultSources(devFolder: string): { file: string; box: Box; fullBody: boolean }[] {
  const labels = Labels.parse(JSON.parse(readFileSync(join(devFolder, "labels.json"), "utf8")));
  return labels.photos.flatMap((p) =>
    p.keeper && p.main_runner_box && p.main_runner_sharp !== false
      ? [{ file: p.file, box: p.main_runner_box, fullBody: p.full_body === true }]
      : [],
  );
}

/** Every copy compared with the reference: the faults, then the framings. */
const COPIES: readonly (Fault | Framing)[] = [...FAULTS, ...FRAMINGS];
const VARIANTS: readonly Variant[] = [REFERENCE, ...COPIES];

async function make(devFolder: string, originals: string, outFolder: string): Promise<void> {
  const recs = readJsonl(originals);
  const sources = faultSources(devFolder);
  for (const fault of VARIANTS) mkdirSync(join(outFolder, fault), { recursive: true });
  for (const { file, box, fullBody } of sources) {
    for (const fault of VARIANTS) {
      // A shot that already ends above the feet has no feet (or thighs) to cut.
      if ((fault === "feet-cut" || fault === "thighs-cut") && !fullBody) continue;
      const forehead = foreheadY(recs.get(file), box);
      // A head the pose did not place, or one already at the top edge, has no forehead to cut.
      if (fault === "head-cut" && forehead === null) continue;
      const target = join(outFolder, fault, file.replace(/\.[^.]+$/, ".jpg"));
      if (existsSync(target)) continue;
      await makeFault(join(devFolder, file), target, fault, {
        runner: box,
        shinY: shinY(recs.get(file), box),
        foreheadY: forehead,
        thighY: thighY(recs.get(file), box),
      });
    }
  }
  process.stdout.write(
    `${sources.length} keepers: a reference copy, ${FAULTS.length} faults and ${FRAMINGS.length} framing each in ${outFolder}\n`,
  );
}

/** The flag each fault must raise. */
const EXPECTED: Readonly<Record<Fault, readonly string[]>> = {
  "runner-blur": ["motion-blur", "focus-missed"],
  "runner-defocus": ["focus-missed", "motion-blur"],
  "dark-2ev": ["underexposed"],
  "dark-3ev": ["underexposed"],
  "bright-2ev": ["overexposed", "highlights-clipped"],
  "feet-cut": ["runner-cut"],
  "head-cut": ["runner-cut"],
  "background-blur": ["motion-blur", "focus-missed"],
};

/**
 * The stricter flag counted apart: blown highlights alone are also a white singlet in the sun (flagged, delivered),
 * so of the copies two stops over the report says how many were called overexposed.
 */
const STRICT: Readonly<Partial<Record<Fault, string>>> = { "bright-2ev": "overexposed" };

/** The copies that keep only part of the frame: which end of it (the rest of a frame is the original's). */
const KEPT_END: Readonly<Partial<Record<Variant, "top" | "bottom">>> = {
  "feet-cut": "top",
  "thighs-cut": "top",
  "head-cut": "bottom",
};

/**
 * Whether the copy's main runner is the reference's: the reference pick's box, carried into the copy's frame (a
 * crop keeps the top or the bottom rows), overlaps the copy's pick by IoU 0.5 or more.
 */
function sameMainRunner(copy: Rec, reference: Rec, variant: Variant): boolean {
  const [c, r] = [copy.prominent, reference.prominent];
  if (c === null || c === undefined || r === null || r === undefined) return c === r;
  const [x0, y0, x1, y1] = reference.runners[r]!.box as [number, number, number, number];
  const share = copy.height / reference.height;
  const offset = KEPT_END[variant] === "bottom" ? 1 - share : 0;
  const carry = (y: number) => Math.min(1, Math.max(0, (y - offset) / share));
  return iou(copy.runners[c]!.box as Box, [x0, carry(y0), x1, carry(y1)]) >= 0.5;
}

/**
 * Each fault against the reference copies scored the same way (one folder, one shoot): a fault's keeper is compared
 * with its own frame's, bursts and shoot-relative figures alike; and whether the main runner stayed the same.
 */
function report(outFolder: string): void {
  const base = readJsonl(join(outFolder, `${REFERENCE}.jsonl`));
  const baseByStem = new Map([...base.values()].map((r) => [stem(r.file), r]));
  for (const variant of COPIES) {
    const path = join(outFolder, `${variant}.jsonl`);
    if (!existsSync(path)) continue;
    const fault = (FAULTS as readonly string[]).includes(variant) ? (variant as Fault) : null;
    let n = 0;
    let lower = 0;
    let flagged = 0;
    let strict = 0;
    let kept = 0;
    for (const rec of readJsonl(path).values()) {
      const orig = baseByStem.get(stem(rec.file));
      if (!orig || orig.keeper === undefined || rec.keeper === undefined) continue;
      n++;
      if (rec.keeper < orig.keeper) lower++;
      if (sameMainRunner(rec, orig, variant)) kept++;
      if (!fault) continue;
      if ((rec.flags ?? []).some((f) => EXPECTED[fault].includes(f))) flagged++;
      if (STRICT[fault] && (rec.flags ?? []).includes(STRICT[fault])) strict++;
    }
    const pct = (k: number) => `${((100 * k) / Math.max(1, n)).toFixed(0)} %`;
    const flags = fault
      ? `  flagged (${EXPECTED[fault].join(" or ")}) ${pct(flagged)}` +
        (STRICT[fault] ? `, ${STRICT[fault]} ${pct(strict)}` : "")
      : "  (framing: nothing to flag)";
    process.stdout.write(
      `${variant.padEnd(16)} n=${n}  keeper lower than the original ${pct(lower)}${flags}  main runner kept ${pct(kept)}\n`,
    );
  }
}

/** A copy's file name without folder and extension: its original's, whatever format the copy was saved in. */
function stem(path: string): string {
  return basename(path).replace(/\.[^.]+$/, "");
}

/**
 * Each keeper input left out in turn (keeper-inputs.ts), every folder scored again from its records: how often each
 * copy still lowers the keeper without that input, which says which inputs carry which fault (the dev labels hold
 * too few such frames to say it).
 */
async function inputsLeftOut(outFolder: string): Promise<void> {
  const folders = VARIANTS.filter((v) => existsSync(join(outFolder, `${v}.jsonl`)));
  const records = new Map(folders.map((v) => [v, readSavedRecords(join(outFolder, `${v}.jsonl`))]));
  const lines = ["keeper lower than the original, each keeper input left out in turn (its prior weight 0):"];
  for (const input of [null, ...KEEPER_FEATURES]) {
    const keepers = new Map<Variant, Map<string, number>>();
    for (const [variant, recs] of records) {
      const scored = await scoreWith(recs, withoutInput(input));
      keepers.set(variant, new Map(scored.map((r) => [stem(r.file), r.keeper ?? 0])));
    }
    const base = keepers.get(REFERENCE);
    const cells = COPIES.filter((v) => keepers.has(v)).map((variant) => {
      const pairs = [...keepers.get(variant)!].filter(([file]) => base?.has(file));
      const lower = pairs.filter(([file, k]) => k < base!.get(file)!).length;
      return `${variant} ${((100 * lower) / Math.max(1, pairs.length)).toFixed(0)} %`;
    });
    lines.push(`  ${(input ?? "none (shipped)").padEnd(15)} ${cells.join("  ")}`);
  }
  process.stdout.write(lines.join("\n") + "\n");
}

/**
 * The whole evaluation in one run: reference copies analyzed first (their poses place the shin cut), then each
 * fault's folder analyzed and scored as its own shoot, like the reference folder.
 */
async function run(devFolder: string, outFolder: string, pool: PoolOptions): Promise<void> {
  mkdirSync(outFolder, { recursive: true });
  const sources = faultSources(devFolder);
  mkdirSync(join(outFolder, REFERENCE), { recursive: true });
  for (const { file, box } of sources) {
    const target = join(outFolder, REFERENCE, file.replace(/\.[^.]+$/, ".jpg"));
    if (!existsSync(target))
      await makeFault(join(devFolder, file), target, REFERENCE, { runner: box, shinY: null });
  }
  await scoreFolder(join(outFolder, REFERENCE), pool);
  await make(devFolder, join(outFolder, `${REFERENCE}.jsonl`), outFolder);
  for (const variant of COPIES) await scoreFolder(join(outFolder, variant), pool);
  report(outFolder);
  await inputsLeftOut(outFolder);
}

async function scoreFolder(folder: string, pool: PoolOptions): Promise<void> {
  const { files } = await listPhotos([folder]);
  const analyzed = await runPhotos(files, pool);
  const scored = await scoreRecords(analyzed.records, DEFAULT_SCORING_OPTIONS, null, DEFAULT_ASPECTS);
  writeFileSync(`${folder}.jsonl`, scored.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

const [command, ...args] = process.argv.slice(2);
if (command === "run" && args.length === 2) await run(args[0]!, args[1]!, poolOptions({}));
else if (command === "make" && args.length === 3) await make(args[0]!, args[1]!, args[2]!);
else if (command === "report" && args.length === 1) {
  report(args[0]!);
  await inputsLeftOut(args[0]!);
} else {
  process.stderr.write(
    "usage: paired-faults.ts run <dev folder> <out folder> | make <dev> <analysis.jsonl> <out> | report <out>\n",
  );
  process.exitCode = 2;
}
