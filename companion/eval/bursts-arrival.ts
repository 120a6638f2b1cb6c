/**
 * Bursts and series in the companion, frames arriving one by one, against `score` over the whole folder:
 *
 *   npm run eval:bursts -- ../shared/data/dev --records dev.jsonl [--every 25]
 *
 * A real store (a temporary data folder), the companion's real score step and its real burst and series re-scores
 * (the real keeper head), over the saved records of a folder (no model runs): each frame is analyzed (its record
 * saved), scored and asks for its re-scores as it arrives; the queued re-scores run every `--every` arrivals (the
 * debounce of a card copied at a few photos a second) and once at the end. Arrival orders: file order, reversed,
 * three shuffles. Reported per order, with and without the re-score jobs: the frames whose burst (its members) and
 * rank equal `score`'s, and, over the folder's labelled series (labels.json), best-of-burst top-1 as
 * `../shared/tools/dev-eval.py` counts it. No XMP is written: the photos seem to be in a folder that does not exist.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { resolvePolicy } from "../../core/domain/star-policy.ts";
import { DEFAULT_FOLDER } from "../config/defaults.ts";
import { queueBurstRescore } from "../queue/bursts/queue-burst-rescore.ts";
import { queueSeriesRescore } from "../queue/bursts/queue-series-rescore.ts";
import { RESCORE_BURST, RescoreBurstPayload } from "../queue/jobs/rescore-burst.ts";
import { rescoreRegion } from "../queue/jobs/rescore-burst-frames.ts";
import { RESCORE_SERIES, RescoreSeriesPayload } from "../queue/jobs/rescore-series.ts";
import { rescoreSeriesRegion } from "../queue/jobs/rescore-series-frames.ts";
import type { StepContext } from "../queue/steps/step.ts";
import { KeeperScoring } from "../services/keeper-scoring.ts";
import { Store } from "../store/store.ts";
import { analysisOf, arrivals, contextOf, land, NOWHERE } from "./relink-arrival.ts";
import { readSavedRecords } from "./saved-records.ts";

const SeriesLabels = z.object({ bursts: z.array(z.object({ ranking: z.array(z.string()) })).default([]) });

/** Each frame's burst as its sorted members, its rank and its keeper; keyed by file name. */
type Bursts = Map<string, { members: string; rank: number; keeper: number }>;

function burstsOf(frames: readonly { name: string; id: string; rank: number; keeper: number }[]): Bursts {
  const members = new Map<string, string[]>();
  for (const f of frames) members.set(f.id, [...(members.get(f.id) ?? []), f.name]);
  return new Map(
    frames.map((f) => [
      f.name,
      { members: members.get(f.id)!.sort().join(" "), rank: f.rank, keeper: f.keeper },
    ]),
  );
}

/** Best-of-burst top-1 over the labelled series: exactly one frame of the series is best, the photographer's. */
function topOne(bursts: Bursts, series: readonly { ranking: readonly string[] }[]): number {
  return series.filter((s) => {
    const members = s.ranking.filter((f) => bursts.has(f));
    const best = members.filter((f) => bursts.get(f)!.rank === 1);
    return members.length >= 2 && best.length === 1 && best[0] === s.ranking[0];
  }).length;
}

async function simulate(
  records: readonly AnalysisRecord[],
  order: readonly number[],
  rescore: boolean,
  every: number,
  scoring: KeeperScoring,
): Promise<{ bursts: Bursts; rescores: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), "stridelight-bursts-eval-"));
  const store = Store.open(dataDir);
  try {
    const ctx = contextOf(store, scoring);
    let rescores = 0;
    const run = async () => {
      for (const job of store.jobs.claim("eval", 600_000, 1000)) {
        if (job.type === RESCORE_BURST) await rescoreRegion(RescoreBurstPayload.parse(job.payload), ctx);
        if (job.type === RESCORE_SERIES)
          await rescoreSeriesRegion(RescoreSeriesPayload.parse(job.payload), ctx);
        rescores++;
        store.jobs.complete(job.id, "eval");
      }
    };
    for (const [k, i] of order.entries()) {
      await arrive(records[i]!, i, ctx, rescore);
      if (rescore && (k + 1) % every === 0) await run();
    }
    if (rescore) await run();
    const frames = store.photos.list({ limit: records.length + 1, offset: 0 }).photos.map((p) => ({
      name: basename(p.path),
      id: p.scores?.burst?.id ?? p.path,
      rank: p.scores?.burst?.rank ?? 1,
      keeper: p.keeper ?? -1,
    }));
    return { bursts: burstsOf(frames), rescores };
  } finally {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One frame lands (relink-arrival.ts) and asks for its re-scores. */
async function arrive(record: AnalysisRecord, i: number, ctx: StepContext, rescore: boolean): Promise<void> {
  const id = await land(record, i, ctx);
  if (!rescore) return;
  const now = { quietMs: 0, maxWaitMs: 0 };
  queueBurstRescore(ctx, ctx.store.photos.get(id)!, { ...now, maxSpanMs: 10 * 60_000 });
  queueSeriesRescore(ctx, ctx.store.photos.get(id)!, now);
}

const USAGE = "usage: bursts-arrival.ts <folder> --records <jsonl> [--every N]";

if (process.argv[1]?.endsWith("bursts-arrival.ts")) {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { records: { type: "string" }, every: { type: "string", default: "25" } },
  });
  const folder = positionals[0];
  if (!folder || !values.records) throw new Error(USAGE);
  const every = Number(values.every);
  const series = SeriesLabels.parse(JSON.parse(readFileSync(join(folder, "labels.json"), "utf8"))).bursts;
  const records = analysisOf(readSavedRecords(values.records)).map((r) => ({
    ...r,
    file: join(NOWHERE, basename(r.file)),
  }));
  const scoring = await KeeperScoring.open();
  try {
    const policy = resolvePolicy(DEFAULT_FOLDER.policy);
    if (!policy.success) throw policy.error;
    const batch = burstsOf(
      (await scoring.scoreShoot(records, policy.data)).map((s) => ({
        name: basename(s.file),
        id: s.burst.id,
        rank: s.burst.rank,
        keeper: s.keeper,
      })),
    );
    console.log(
      `score over the folder (${records.length} photos): best-of-burst top-1 ${topOne(batch, series)}/${series.length} labelled series`,
    );
    console.log(
      "| arrival | re-scores | frames whose burst and rank = score's | keeper = score's (±1e-6) | best-of-burst top-1 | jobs run |",
    );
    console.log("|---|---|---|---|---|---|");
    for (const arrival of arrivals(records))
      for (const rescore of [false, true]) {
        const { bursts, rescores } = await simulate(records, arrival.order, rescore, every, scoring);
        const same = [...batch].filter(([name, b]) => {
          const mine = bursts.get(name);
          return mine?.members === b.members && mine.rank === b.rank;
        }).length;
        const keeper = [...batch].filter(
          ([name, b]) => Math.abs((bursts.get(name)?.keeper ?? -1) - b.keeper) <= 1e-6,
        );
        console.log(
          `| ${arrival.name} | ${rescore ? `every ${every}` : "none"} | ${same}/${batch.size} | ${keeper.length}/${batch.size} | ${topOne(bursts, series)}/${series.length} | ${rescores} |`,
        );
      }
  } finally {
    await scoring.close();
  }
}
