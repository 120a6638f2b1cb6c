/**
 * How well the records' kit colours tell one runner from another, over the labelled series of a dev folder:
 *
 *   npx tsx companion/eval/kit-spread.ts ../shared/data/dev --records dev.jsonl
 *
 * The photographer's runner of each labelled frame (the posed runner over labels.json main_runner_box, IoU ≥ 0.5)
 * against the one of every other labelled frame of the same source: pairs of one series (the same runner, unless
 * their bib truths share no bib) and pairs of different series (different runners, unless they share a bib). Prints
 * the kit distance's median for both and the AUC (the chance a same-runner pair is closer than a different-runner
 * pair), for torso, legs, shoes alone and the distance the link and the series use (torso + legs, + shoes where both
 * have them).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AnalysisRecord, Runner } from "../../core/domain/analysis.ts";
import { colourDistance, kitPartsDistance } from "../../core/domain/pixels/kit.ts";
import { labelledRunners, PeopleLabels, PeopleManifest } from "./people.ts";
import { readSavedRecords } from "./saved-records.ts";

interface KitFrame {
  readonly group: string;
  readonly source: string;
  readonly bibs: readonly string[];
  readonly pixels: NonNullable<Runner["pixels"]>;
}

type Measure = (a: KitFrame["pixels"], b: KitFrame["pixels"]) => number | null;

const MEASURES: Record<string, Measure> = {
  torso: (a, b) => (a.torsoColour && b.torsoColour ? colourDistance(a.torsoColour, b.torsoColour) : null),
  legs: (a, b) => (a.legsColour && b.legsColour ? colourDistance(a.legsColour, b.legsColour) : null),
  shoes: (a, b) => (a.shoesColour && b.shoesColour ? colourDistance(a.shoesColour, b.shoesColour) : null),
  "torso+legs": (a, b) =>
    a.torsoColour && b.torsoColour && a.legsColour && b.legsColour
      ? kitPartsDistance(
          { torso: a.torsoColour, legs: a.legsColour },
          { torso: b.torsoColour, legs: b.legsColour },
        )
      : null,
  "kit (as linked)": (a, b) =>
    a.torsoColour && b.torsoColour && a.legsColour && b.legsColour
      ? kitPartsDistance(
          { torso: a.torsoColour, legs: a.legsColour, shoes: a.shoesColour ?? null },
          { torso: b.torsoColour, legs: b.legsColour, shoes: b.shoesColour ?? null },
        )
      : null,
};

export function kitFrames(
  records: readonly Pick<AnalysisRecord, "file" | "runners">[],
  labels: PeopleLabels,
  manifest: PeopleManifest,
): KitFrame[] {
  return labelledRunners(records, labels, manifest).flatMap(({ group, source, bibs, runner }) =>
    runner?.pixels ? [{ group, source, bibs, pixels: runner.pixels }] : [],
  );
}

export function kitSpread(frames: readonly KitFrame[]): string[] {
  const sources = [...new Set(frames.map((f) => f.source))].sort();
  const perSource = sources.flatMap((source) => {
    const line = spreadLine("kit (as linked)", MEASURES["kit (as linked)"]!, frames, source);
    return line.includes("n=0") ? [] : [`  ${source} ${line}`];
  });
  return [
    ...Object.entries(MEASURES).map(([name, measure]) => spreadLine(name, measure, frames)),
    ...perSource,
  ];
}

function spreadLine(
  name: string,
  measure: Measure,
  frames: readonly KitFrame[],
  onlySource?: string,
): string {
  {
    const same: number[] = [];
    const other: number[] = [];
    for (let i = 0; i < frames.length; i++)
      for (let j = i + 1; j < frames.length; j++) {
        const [a, b] = [frames[i]!, frames[j]!];
        if (a.source !== b.source || (onlySource !== undefined && a.source !== onlySource)) continue;
        const known = a.bibs.length > 0 && b.bibs.length > 0;
        const shared = a.bibs.some((x) => b.bibs.includes(x));
        if (known && (a.group === b.group) !== shared) continue;
        const d = measure(a.pixels, b.pixels);
        if (d !== null) (a.group === b.group ? same : other).push(d);
      }
    return (
      `${name}: same runner n=${same.length} median ${median(same).toFixed(1)} (p90 ${quantile(same, 0.9).toFixed(1)}), ` +
      `different runners n=${other.length} median ${median(other).toFixed(1)}; AUC ${auc(same, other).toFixed(3)}`
    );
  }
}

function quantile(v: readonly number[], q: number): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const median = (v: readonly number[]) => quantile(v, 0.5);

/** Chance that a same-runner pair is closer than a different-runner pair (ties count half). */
function auc(same: readonly number[], other: readonly number[]): number {
  if (same.length === 0 || other.length === 0) return NaN;
  let wins = 0;
  for (const s of same) for (const o of other) wins += s < o ? 1 : s === o ? 0.5 : 0;
  return wins / (same.length * other.length);
}

if (process.argv[1]?.endsWith("kit-spread.ts")) {
  const [folder, flag, recordsFile] = process.argv.slice(2);
  if (!folder || flag !== "--records" || !recordsFile)
    throw new Error("usage: kit-spread.ts <folder> --records <jsonl>");
  const labelsFile = join(folder, "labels.json");
  if (!existsSync(labelsFile)) {
    console.log(`kit spread: skipped, no labels.json in ${folder}`);
  } else {
    const manifest = PeopleManifest.parse(JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8")));
    const labels = PeopleLabels.parse(JSON.parse(readFileSync(labelsFile, "utf8")));
    const frames = kitFrames(readSavedRecords(recordsFile), labels, manifest);
    for (const line of kitSpread(frames)) console.log(line);
  }
}
