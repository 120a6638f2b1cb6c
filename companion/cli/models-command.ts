/** `stridelight models build|list|versions|activate|rollback`. */
import { buildModels } from "../../core/models/build.ts";
import { listModels, prepareModels } from "../../core/models/registry.ts";
import { LEARNED_HEADS, PRIOR_VERSION, type LearnedHead } from "../../core/models/trained-heads.ts";
import { HeadFiles } from "../learning/head-files.ts";
import { activate } from "../learning/retrain.ts";
import { InstanceLock } from "../store/instance-lock.ts";
import { Store } from "../store/store.ts";
import { UsageError } from "./options.ts";
import { dataDirFrom } from "./train-command.ts";

export async function modelsBuildCommand(flags: {
  force?: boolean;
  only?: string;
  quiet?: boolean;
}): Promise<void> {
  const log = flags.quiet ? () => {} : (line: string) => process.stderr.write(`${line}\n`);
  const report = await buildModels({
    force: flags.force,
    only: flags.only?.split(",").map((s) => s.trim()),
    log,
  });
  // Each model opened once now: the first start after an install then loads kept graphs (~half the session time).
  const failed = await prepareModels(report.models.map((m) => m.id));
  if (failed.length > 0) log(`could not open ${failed.join(", ")} on the CPU; a start will say why`);
}

export async function modelsListCommand(): Promise<void> {
  for (const model of await listModels()) process.stdout.write(`${JSON.stringify(model)}\n`);
}

/** `stridelight models versions|activate|rollback`: the learned heads' versions in the companion's data folder. */
export interface DataDirFlags {
  config?: string;
  dataDir?: string;
}

async function withStore<T>(flags: DataDirFlags, run: (store: Store, files: HeadFiles) => T): Promise<T> {
  const { dataDir } = await dataDirFrom(flags);
  const lock = InstanceLock.acquire(dataDir);
  const store = Store.open(dataDir);
  try {
    return run(store, new HeadFiles(dataDir));
  } finally {
    store.close();
    lock.release();
  }
}

/** Every version of each learned head: active, recorded in the store, or trained but never promoted. */
export async function modelsVersionsCommand(flags: DataDirFlags): Promise<void> {
  await withStore(flags, (store, files) => {
    for (const head of LEARNED_HEADS) {
      const recorded = store.models.list().filter((m) => m.model === head);
      const versions = new Set([PRIOR_VERSION, ...recorded.map((m) => m.version), ...files.versions(head)]);
      for (const version of versions) {
        const card = files.readCard(head, version);
        const active = (recorded.find((m) => m.active)?.version ?? PRIOR_VERSION) === version;
        process.stdout.write(
          `${JSON.stringify({ model: head, version, active, date: card?.date ?? null, heldOut: card?.metrics.heldOut ?? null, verdict: card?.verdict.reason ?? "prior" })}\n`,
        );
      }
    }
  });
}

export async function modelsActivateCommand(
  model: string,
  version: string,
  flags: DataDirFlags,
): Promise<void> {
  const head = learnedHead(model);
  await withStore(flags, (store, files) => {
    const card = version === PRIOR_VERSION ? null : files.readCard(head, version);
    if (version !== PRIOR_VERSION && !card)
      throw new UsageError(`${head} ${version}: no such version in ${files.root}`);
    activate(store, head, version, card?.sha256 ?? null);
    process.stdout.write(`${JSON.stringify({ model: head, version, active: true })}\n`);
  });
}

export async function modelsRollbackCommand(model: string, flags: DataDirFlags): Promise<void> {
  const head = learnedHead(model);
  await withStore(flags, (store) => {
    const back = store.models.rollBack(head);
    if (!back) throw new UsageError(`${head}: no earlier version to go back to`);
    process.stdout.write(
      `${JSON.stringify({ model: back.model, version: back.version, active: back.active })}\n`,
    );
  });
}

function learnedHead(model: string): LearnedHead {
  if (!(LEARNED_HEADS as readonly string[]).includes(model))
    throw new UsageError(`${model}: not a learned head (${LEARNED_HEADS.join(", ")})`);
  return model as LearnedHead;
}
