/**
 * The main-runner pick judged leave-one-source-out. DEFAULT_PROMINENCE's six weights were chosen on dev photos; here
 * they are chosen again from a grid on every source but one and judged on that source's labelled main runners (a
 * pick counts when its box overlaps the photographer's by IoU 0.5, as dev-eval counts it). "Focus before size" is on
 * the grid too: the sharpness weight runs from 0 (size alone) to 1 (the sharpest candidate wins unless much smaller).
 */
import { basename } from "node:path";
import type { AnalysisRecord, Box } from "../../core/domain/analysis.ts";
import { isPhotographersRunner } from "./scores.ts";
import {
  chooseProminent,
  DEFAULT_PROMINENCE,
  largestRunner,
  type ProminenceWeights,
} from "../../core/domain/prominent.ts";
import type { LosoLabels, LosoManifest } from "./loso.ts";

export interface ProminenceLoso {
  readonly photos: number;
  readonly sources: number;
  /** Photos whose pick is the photographer's runner: shipped weights, the grid's best on all, held out, largest box. */
  readonly shipped: number;
  readonly fittedAll: number;
  readonly fittedLoso: number;
  readonly largest: number;
}

/** The grid the weights are chosen from; the shipped defaults come first, so a tie keeps them. */
function grid(): ProminenceWeights[] {
  const out: ProminenceWeights[] = [DEFAULT_PROMINENCE];
  for (const size of [1, 1.5, 2, 3])
    for (const aspect of [0, 0.25, 0.5])
      for (const centrality of [0, 0.2, 0.4])
        for (const sideCut of [0.4, 0.6, 0.8, 1])
          for (const pose of [0, 0.3, 0.6, 0.9])
            for (const sharpness of [0, 0.25, 0.5, 0.75, 1])
              out.push({ size, aspect, centrality, sideCut, pose, sharpness });
  return out;
}

interface Item {
  readonly record: AnalysisRecord;
  readonly truth: Box;
  readonly source: string;
}

export function prominenceLoso(
  records: readonly AnalysisRecord[],
  labels: LosoLabels,
  manifest: LosoManifest,
): ProminenceLoso {
  const truthOf = new Map(labels.photos.map((p) => [p.file, p.main_runner_box]));
  const sourceOf = new Map(manifest.map((m) => [m.file, m.source_repo]));
  const items: Item[] = records.flatMap((record) => {
    const truth = truthOf.get(basename(record.file));
    const source = sourceOf.get(basename(record.file));
    return Array.isArray(truth) && source ? [{ record, truth: truth as Box, source }] : [];
  });
  const right = (pick: number | null, item: Item) =>
    pick !== null && isPhotographersRunner(item.record.runners[pick]!.box, item.truth);
  const weights = grid();
  // One row per weight setting: which photos it gets right.
  const table = weights.map((w) => items.map((item) => right(chooseProminent(item.record.runners, w), item)));
  const best = (keep: (item: Item) => boolean) => {
    const score = (row: readonly boolean[]) => row.reduce((s, ok, i) => s + Number(ok && keep(items[i]!)), 0);
    return table.reduce((b, row) => (score(row) > score(b) ? row : b), table[0]!);
  };
  const count = (row: readonly boolean[], keep: (item: Item) => boolean = () => true) =>
    row.filter((ok, i) => ok && keep(items[i]!)).length;
  const sources = [...new Set(items.map((x) => x.source))];
  const held = sources.reduce((n, source) => {
    const chosen = best((x) => x.source !== source);
    return n + count(chosen, (x) => x.source === source);
  }, 0);
  return {
    photos: items.length,
    sources: sources.length,
    shipped: count(table[0]!),
    fittedAll: count(best(() => true)),
    fittedLoso: held,
    largest: items.filter((x) => right(largestRunner(x.record.runners), x)).length,
  };
}

export function prominenceLine(p: ProminenceLoso): string {
  const share = (k: number) => `${k}/${p.photos} = ${(k / Math.max(1, p.photos)).toFixed(2)}`;
  return (
    `main runner = the photographer's: shipped weights ${share(p.shipped)}, grid best on all ${share(p.fittedAll)}, ` +
    `leave-one-source-out (${p.sources} sources) ${share(p.fittedLoso)}, largest person ${share(p.largest)}`
  );
}
