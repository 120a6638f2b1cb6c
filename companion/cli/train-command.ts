/**
 * `stridelight train`: retrain the learned heads from the feedback in the companion's store (the companion must
 * not be running on the same data folder: it retrains by itself in the background), optionally after importing
 * hand-sorted good/ and bad/ folders; `--reproduce [head:]version` rebuilds a stored head from its snapshot.
 */
import { resolve } from "node:path";
import { KEEPER_HEAD_ID } from "../../core/models/keeper-head.ts";
import { LEARNED_HEADS, type LearnedHead } from "../../core/models/trained-heads.ts";
import { Analyzer } from "../../core/pipeline/analyzer.ts";
import { loadConfig } from "../config/load.ts";
import { HeadFiles } from "../learning/head-files.ts";
import { importSortedFolders } from "../learning/import-folders.ts";
import { queueRescore } from "../learning/rescore.ts";
import { reproduce } from "../learning/reproduce.ts";
import { retrain } from "../learning/retrain.ts";
import { learningSettings } from "../learning/settings.ts";
import { companionJobs } from "../queue/jobs/index.ts";
import { InstanceLock } from "../store/instance-lock.ts";
import { Store } from "../store/store.ts";
import { configFileOf, UsageError } from "./options.ts";
import { listPhotos } from "../files/photo-files.ts";

export interface TrainFlags {
  config?: string;
  dataDir?: string;
  seed?: string;
  reproduce?: string;
  importFolders?: string;
}

const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

/** The data folder: --data-dir, else the config's. */
export async function dataDirFrom(flags: {
  config?: string;
  dataDir?: string;
}): Promise<{ dataDir: string; seed: number }> {
  const loaded = await loadConfig(configFileOf(flags));
  if (!loaded.ok) throw new UsageError(`${loaded.error.file}: ${loaded.error.problems.join("; ")}`);
  const seed = learningSettings(loaded.value.config.learning).seed;
  return { dataDir: flags.dataDir ? resolve(flags.dataDir) : loaded.value.config.dataDir, seed };
}

/** "[head:]version" → the head (keeper-head by default) and the version. */
export function parseHeadVersion(text: string): { head: LearnedHead; version: string } {
  const [a, b] = text.includes(":") ? text.split(":", 2) : [KEEPER_HEAD_ID, text];
  if (!(LEARNED_HEADS as readonly string[]).includes(a!) || !b)
    throw new UsageError(`--reproduce ${text}: give [${LEARNED_HEADS.join("|")}:]version`);
  return { head: a as LearnedHead, version: b };
}

export async function trainCommand(flags: TrainFlags): Promise<void> {
  const { dataDir, seed: configSeed } = await dataDirFrom(flags);
  if (flags.reproduce) {
    const { head, version } = parseHeadVersion(flags.reproduce);
    const r = reproduce(new HeadFiles(dataDir), head, version);
    out({
      head,
      version,
      snapshotHash: r.snapshotHash,
      expected: r.expected,
      rebuilt: r.rebuilt,
      identical: r.identical,
    });
    if (!r.identical) process.exitCode = 1;
    return;
  }
  const seed = flags.seed === undefined ? configSeed : Number.parseInt(flags.seed, 10);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed ${flags.seed}: a whole number ≥ 0`);
  const lock = InstanceLock.acquire(dataDir);
  const store = Store.open(dataDir);
  try {
    if (flags.importFolders) out({ imported: await importFolders(store, flags.importFolders) });
    const result = retrain(store, new HeadFiles(dataDir), { seed });
    for (const h of result.heads) out(h);
    if (result.heads.some((h) => h.promoted)) out({ rescoreQueued: queueInStore(store) });
    if (!result.snapshotHash)
      out({ labelled: result.labelled, trained: false, reason: "no labelled photos" });
  } finally {
    store.close();
    lock.release();
  }
}

async function importFolders(store: Store, dir: string) {
  const analyzer = await Analyzer.open({});
  try {
    const list = async (d: string) => (await listPhotos([d])).files;
    return await importSortedFolders(store, resolve(dir), list, (file) => analyzer.analyze(file));
  } finally {
    await analyzer.close();
  }
}

/** Re-scoring is the companion's work: queued in its store, done at its next start. */
function queueInStore(store: Store): number {
  const jobs = companionJobs();
  const generation = `cli-${Date.now()}`;
  return queueRescore(
    store,
    (type, key, payload, priority) => store.jobs.enqueue(jobs.job(type, key, payload, priority)),
    generation,
  );
}
