/**
 * The graph onnxruntime optimises at every session start (constant folding, operator fusions, the CPU's blocked
 * layouts), kept beside the models after the first start. onnxruntime spends about half of a session's start on
 * these optimisations (scratch measure, 9 models: 297-322 ms from the source graphs, 143-172 ms from the kept
 * ones), and every worker of every start paid it. Kept per model hash, onnxruntime version and CPU, because a graph
 * optimised at the "all" level holds layouts for the CPU it was made on; a kept graph opens with optimisation off
 * and runs the same kernels on the same weights, so its outputs are the source graph's.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { arch, cpus } from "node:os";
import { join } from "node:path";
import type { ModelCard } from "./card.ts";
import { fingerprint, writeWhole } from "./model-file.ts";
import { packageDir, sha256Hex } from "./paths.ts";

/** Folder inside the models folder that holds the optimised graphs (one file per model, ORT version and CPU). */
export const OPTIMISED_DIR = ".optimised";

let machine: string | null = null;

/** onnxruntime's version, the architecture, the CPU model and its feature flags: what an optimised graph depends on. */
export function machineKey(): string {
  if (machine) return machine;
  const ort = (
    JSON.parse(readFileSync(join(packageDir("onnxruntime-node"), "package.json"), "utf8")) as {
      version?: string;
    }
  ).version;
  machine = sha256Hex(
    new TextEncoder().encode([ort, arch(), cpus()[0]?.model ?? "", cpuFlags()].join("|")),
  ).slice(0, 16);
  return machine;
}

function cpuFlags(): string {
  try {
    return /^(?:flags|Features)\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "";
  } catch {
    return ""; // not Linux: the CPU model stands for its features
  }
}

/** Where the optimised graph of a card's model lives for this machine. */
export function optimisedGraphPath(card: ModelCard, modelsDir: string): string {
  return join(modelsDir, OPTIMISED_DIR, `${card.id}-${card.sha256.slice(0, 16)}-${machineKey()}.onnx`);
}

/** What a kept graph's note says it stands for: the card's model, optimised on this machine. */
function tagOf(card: ModelCard): string {
  return `optimised:${card.sha256}:${machineKey()}`;
}

/**
 * Beside each kept graph, a note of what it stands for and its file fingerprint when written (one note per graph:
 * workers keeping graphs side by side never overwrite each other's notes). A graph whose fingerprint changed since
 * (replaced, edited, copied over) is not trusted and is optimised again.
 */
function notePath(graph: string): string {
  return `${graph}.json`;
}

async function readNote(graph: string): Promise<{ tag?: unknown; fingerprint?: unknown } | null> {
  try {
    return JSON.parse(await readFile(notePath(graph), "utf8")) as { tag?: unknown; fingerprint?: unknown };
  } catch {
    return null; // no note or an unreadable one: the graph is not trusted
  }
}

/** The kept optimised graph of this card's model, when it is there and unchanged since it was written. */
export async function keptOptimisedGraph(card: ModelCard, modelsDir: string): Promise<string | null> {
  const file = optimisedGraphPath(card, modelsDir);
  const [note, print] = await Promise.all([readNote(file), fingerprint(file).catch(() => null)]);
  return note !== null && print !== null && note.tag === tagOf(card) && note.fingerprint === print
    ? file
    : null;
}

/**
 * Opens the session with `open`, asking onnxruntime to write the optimised graph to a temporary file, then keeps
 * it (atomic rename: workers starting side by side each write their own; the last whole file wins). A models
 * folder that cannot be written only means optimising again at the next start.
 */
export async function openAndKeep<T>(
  card: ModelCard,
  modelsDir: string,
  open: (saveTo: string | undefined) => Promise<T>,
): Promise<T> {
  const target = optimisedGraphPath(card, modelsDir);
  const temp = `${target}.${randomUUID()}.tmp`;
  const writable = await mkdir(join(modelsDir, OPTIMISED_DIR), { recursive: true }).then(
    () => true,
    () => false,
  );
  if (!writable) return open(undefined);
  const session = await open(temp);
  try {
    await rename(temp, target);
    await writeWhole(
      notePath(target),
      JSON.stringify({ tag: tagOf(card), fingerprint: await fingerprint(target) }),
    );
    await removeStale(card, target);
  } catch {
    await rm(temp, { force: true }).catch(() => undefined); // not kept: optimised again at the next start
  }
  return session;
}

/**
 * The card's graphs kept for another model hash or machine (an updated model, an upgraded onnxruntime): never
 * loaded again, so removed once the new one is kept. Only names of exactly this card's form are touched.
 */
async function removeStale(card: ModelCard, target: string): Promise<void> {
  const dir = join(target, "..");
  const ours = new RegExp(
    `^${card.id.replace(/[^a-z0-9]/g, "\\$&")}-[0-9a-f]{16}-[0-9a-f]{16}\\.onnx(\\.json)?$`,
  );
  const keep = new Set([target, notePath(target)]);
  const stale = (await readdir(dir)).filter((f) => ours.test(f) && !keep.has(join(dir, f)));
  await Promise.all(stale.map((f) => rm(join(dir, f), { force: true })));
}
