/**
 * The import map of core/ and companion/: folder-to-folder arrows with their counts, then the rules the layout
 * keeps: no arrow core -> companion, none from below companion/cli into it, and no import cycle between files
 * other than through type-only imports (erased at run time). Exit 1 when a rule is broken.
 *
 *   npx tsx scripts/import-map.ts            the summary and the rules
 *   npx tsx scripts/import-map.ts --dot      the folder graph in Graphviz dot
 */
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const IMPORT = /^\s*(import|export)\s+(type\s+)?([^"';]*?)\s*from\s+["']([^"']+)["']/gm;

interface Edge {
  readonly from: string;
  readonly to: string;
  /** Erased at run time: `import type`, or every named specifier marked `type`. */
  readonly typeOnly: boolean;
}

function sourceFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "core", "companion"], { cwd: ROOT, encoding: "utf8" });
  return out.split("\n").filter((f) => /\.(ts|js)$/.test(f) && !f.startsWith("companion/web/"));
}

function edgesOf(file: string): Edge[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const edges: Edge[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const [, , typeKeyword, clause = "", spec = ""] = m;
    if (!spec.startsWith(".")) continue;
    const named = /^\{([^}]*)\}$/.exec(clause.trim());
    const allTypes =
      named !== null &&
      named[1]!
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith("type "));
    const to = relative(ROOT, resolve(ROOT, dirname(file), spec));
    edges.push({ from: file, to, typeOnly: Boolean(typeKeyword) || allTypes });
  }
  return edges;
}

/** The layer a file sits in: core/<folder> or companion/<folder> (a file at companion/ top level is its own). */
const layerOf = (file: string): string => file.split("/").slice(0, 2).join("/").replace(/\.ts$/, "");

/** Strongly connected components of the run-time graph (Tarjan), only those with more than one file. */
function cycles(edges: readonly Edge[], withTypes = false): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (withTypes || !e.typeOnly) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    on.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      on.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return found;
}

const edges = sourceFiles().flatMap(edgesOf);
const arrows = new Map<string, number>();
for (const e of edges) {
  const [a, b] = [layerOf(e.from), layerOf(e.to)];
  if (a !== b) arrows.set(`${a} -> ${b}`, (arrows.get(`${a} -> ${b}`) ?? 0) + 1);
}

if (process.argv.includes("--dot")) {
  console.log("digraph imports {\n  rankdir=LR;");
  for (const [arrow, n] of [...arrows].sort()) {
    const [a, b] = arrow.split(" -> ");
    console.log(`  "${a}" -> "${b}" [label=${n}];`);
  }
  console.log("}");
} else {
  for (const [arrow, n] of [...arrows].sort()) console.log(`${arrow}  (${n})`);
  const isCli = (f: string) => f.startsWith("companion/cli/") || f.startsWith("companion/eval/");
  const broken = [
    ...edges
      .filter((e) => e.from.startsWith("core/") && e.to.startsWith("companion/"))
      .map((e) => `core -> companion: ${e.from} imports ${e.to}`),
    ...edges
      .filter((e) => e.from.startsWith("companion/") && !isCli(e.from) && e.to.startsWith("companion/cli/"))
      .map((e) => `below the CLI -> cli: ${e.from} imports ${e.to}`),
    ...cycles(edges).map((c) => `run-time cycle: ${c.join(" <-> ")}`),
  ];
  console.log(`\n${edges.length} imports between ${new Set(edges.map((e) => e.from)).size} files`);
  for (const c of cycles(edges, true))
    console.log(`type-only cycle (erased at run time): ${c.join(" <-> ")}`);
  console.log(
    broken.length
      ? broken.join("\n")
      : "no arrow core -> companion, none into cli/ from below, no run-time cycle",
  );
  process.exitCode = broken.length ? 1 : 0;
}
