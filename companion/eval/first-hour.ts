/**
 * The first hour of a new user, replayed: a fresh folder with the repository's watch-config.json (the defaults),
 * `stridelight start` as `npm start` runs it, photos dropped into ./import, and then what Lightroom would read:
 * the XMP inside each JPEG (Lightroom ignores sidecars of JPEG), read with exiftool, and `stridelight find --bib`.
 *
 *   npm run eval:first-hour [-- <folder of photos>] [--count 12]     (default: the first 12 dev JPEGs)
 *
 * Skips, saying why, when the folder is absent (a fresh clone has no ../shared). The test over the licensed
 * fixtures (test/integration/first-hour.test.ts) runs the same function.
 */
import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs, promisify } from "node:util";
import { ExifTool } from "exiftool-vendored";
import { DEV_DATA, PACKAGE_ROOT } from "../cli/repo-paths.ts";

const CLI = join(PACKAGE_ROOT, "companion/bin/stridelight.js");

export interface FirstHourPhoto {
  readonly file: string;
  /** xmp:Rating inside the JPEG (what Lightroom shows as stars; -1 = rejected), or null. */
  readonly rating: number | null;
  /** Stridelight's hierarchical keywords inside the JPEG (lr:HierarchicalSubject). */
  readonly keywords: string[];
  readonly sidecar: boolean;
  readonly bibs: string[];
}

export interface FirstHour {
  readonly photos: FirstHourPhoto[];
  /** Per bib read: the files `stridelight find --bib` listed, and the photos whose keywords carry it. */
  readonly finds: { bib: string; found: string[]; expected: string[] }[];
  readonly seconds: number;
}

const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : [];

/** Runs the companion in a fresh folder on `photos`; resolves when every photo has its XMP, or rejects. */
export async function firstHour(photos: readonly string[], timeoutMs = 600_000): Promise<FirstHour> {
  const root = mkdtempSync(join(tmpdir(), "stridelight-first-hour-"));
  copyFileSync(join(PACKAGE_ROOT, "watch-config.json"), join(root, "watch-config.json"));
  const started = Date.now();
  const child = spawn("node", [CLI, "start", "--port", "0", "--log-format", "json"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (log += d.toString("utf8")));
  const et = new ExifTool({ taskTimeoutMillis: 20_000 });
  try {
    await waitFor(
      () => log.includes("companion listening"),
      timeoutMs,
      () => log,
    );
    const importDir = join(root, "import");
    mkdirSync(importDir, { recursive: true });
    const dropped = photos.map((p) => {
      const to = join(importDir, basename(p));
      copyFileSync(p, to);
      return to;
    });
    const read = async (file: string): Promise<FirstHourPhoto> => {
      const tags = await et.readRaw<Record<string, unknown>>(file, { readArgs: ["-XMP:all", "-n"] });
      const rating = typeof tags.Rating === "number" ? tags.Rating : null;
      const keywords = asList(tags.HierarchicalSubject).filter((k) => k.startsWith("Stridelight|"));
      const bibs = keywords.filter((k) => k.startsWith("Stridelight|bib|")).map((k) => k.slice(16));
      return { file, rating, keywords, bibs, sidecar: existsSync(file.replace(/\.[^.]+$/, ".xmp")) };
    };
    let seen: FirstHourPhoto[] = [];
    await waitFor(
      async () => {
        seen = await Promise.all(dropped.map(read));
        return seen.every((p) => p.rating !== null && p.keywords.length > 0);
      },
      timeoutMs,
      () =>
        `${log}\nstill without XMP: ${seen
          .filter((p) => p.rating === null)
          .map((p) => p.file)
          .join(", ")}`,
      1000,
    );
    const finds = [];
    for (const bib of [...new Set(seen.flatMap((p) => p.bibs))].sort()) {
      const { stdout } = await promisify(execFile)("node", [CLI, "find", "--bib", bib, importDir], {
        cwd: root,
      });
      const found = stdout.split("\n").filter(Boolean).sort();
      finds.push({
        bib,
        found,
        expected: seen
          .filter((p) => p.bibs.includes(bib))
          .map((p) => p.file)
          .sort(),
      });
    }
    return { photos: seen, finds, seconds: (Date.now() - started) / 1000 };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await et.end();
    rmSync(root, { recursive: true, force: true });
  }
}

async function waitFor(
  ok: () => boolean | Promise<boolean>,
  timeoutMs: number,
  why: () => string,
  everyMs = 200,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`first hour: timed out\n${why()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { count: { type: "string" } },
  });
  const folder = resolve(positionals[0] ?? DEV_DATA);
  if (!existsSync(folder)) {
    process.stdout.write(
      `first hour: skipped, no photos at ${folder} (the dev set is not part of a clone)\n`,
    );
    return;
  }
  const count = Number(values.count ?? 12);
  const photos = readdirSync(folder)
    .filter((n) => /\.jpe?g$/i.test(n))
    .sort()
    .slice(0, count)
    .map((n) => join(folder, n));
  const run = await firstHour(photos);
  for (const p of run.photos) {
    const stars = p.rating === null ? "none" : p.rating < 0 ? "rejected" : `${p.rating}★`;
    process.stdout.write(
      `${basename(p.file)}\tXMP inside: rating ${stars}\t${p.keywords.join(", ")}${p.sidecar ? "\t(sidecar!)" : ""}\n`,
    );
  }
  for (const f of run.finds)
    process.stdout.write(
      `find --bib ${f.bib}: ${f.found.length} of ${f.expected.length} expected${sameList(f.found, f.expected) ? "" : " MISMATCH"}\n`,
    );
  const withXmp = run.photos.filter((p) => p.rating !== null && p.keywords.length > 0).length;
  const ok = withXmp === run.photos.length && run.finds.every((f) => sameList(f.found, f.expected));
  process.stdout.write(
    `first hour: ${withXmp} of ${run.photos.length} photos with stars and keywords inside the JPEG; ` +
      `${run.finds.length} bibs, find --bib ${run.finds.every((f) => sameList(f.found, f.expected)) ? "found them all" : "MISSED some"}; ${run.seconds.toFixed(1)} s\n`,
  );
  if (!ok) process.exitCode = 1;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`first hour: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
