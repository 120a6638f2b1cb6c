/**
 * The command line as a photographer runs it: a real child process, real models, real photos, and bad files
 * mixed in. Every line it prints must satisfy the published zod contract.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { AnyRecord } from "../../core/domain/analysis.ts";
import { ScoreRecord } from "../../core/domain/score-record.ts";
import { startExifTool } from "./xmp-helpers.ts";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "companion/bin/stridelight.js");
const PHOTOS = join(ROOT, "test/fixtures/photos");

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "stridelight-cli-"));
  for (const name of ["side-runner-street-kurrasch-unsplash.jpg", "side-jogger-woman-tanglao-unsplash.jpg"])
    await copyFile(join(PHOTOS, name), join(folder, name));
  await writeFile(join(folder, "empty.jpg"), "");
  await writeFile(join(folder, "notes.jpg"), "this is not a photo");
});

function lines(stdout: string): unknown[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as unknown);
}

describe("stridelight analyze --jsonl", () => {
  it("prints one valid record per photo in name order, reports bad files and exits 0", async () => {
    const { stdout, stderr } = await run("node", [CLI, "analyze", "--jsonl", "--workers", "2", folder]);
    const records = lines(stdout).map((l) => AnyRecord.parse(l));
    expect(records.map((r) => r.file.split("/").pop())).toEqual([
      "empty.jpg",
      "notes.jpg",
      "side-jogger-woman-tanglao-unsplash.jpg",
      "side-runner-street-kurrasch-unsplash.jpg",
    ]);
    const errors = records.flatMap((r) => ("error" in r ? [r.error.code] : []));
    expect(errors).toEqual(["empty-file", "not-an-image"]);
    for (const r of records.slice(2)) {
      if ("error" in r) throw new Error(r.error.message);
      expect(r.prominent).not.toBeNull();
      expect(r.runners[r.prominent!]!.keypoints).not.toBeNull();
    }
    expect(stderr).toContain("4 photos (2 could not be read)");
  });

  it("fails the run (exit 2) when nothing can be analyzed", async () => {
    const missing = join(folder, "no-such-folder");
    await expect(run("node", [CLI, "analyze", missing])).rejects.toMatchObject({ code: 2 });
  });
});

describe("stridelight score --jsonl", () => {
  it("gives every readable photo a keeper, stars, burst and 4:5 crops inside the frame", async () => {
    const { stdout } = await run("node", [CLI, "score", "--jsonl", "--aspects", "4:5,3:2", folder]);
    const records = lines(stdout);
    const scored = records.filter((r) => !(r as { error?: unknown }).error).map((r) => ScoreRecord.parse(r));
    expect(scored).toHaveLength(2);
    for (const r of scored) {
      expect(r.keeper).toBeGreaterThan(0.5);
      expect(r.rating).toBeGreaterThanOrEqual(1);
      expect(r.burst.rank).toBeGreaterThanOrEqual(1);
      expect(r.crops[0]!.aspect).toBe("4:5");
      for (const c of r.crops) expect(c.box.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });
});

describe("the command line's manners", () => {
  it("a usage mistake exits 2: no paths, an unknown command, an unknown option, no photos where find looks", async () => {
    const typo = join(folder, "no-such-folder");
    for (const args of [
      ["score"],
      ["bogus"],
      ["analyze", "--no-such-option", folder],
      ["find", "--bib", "12", typo],
    ])
      await expect(run("node", [CLI, ...args]), args.join(" ")).rejects.toMatchObject({ code: 2 });
  });

  it("a bad flag value names the flag and what it takes, and fails before any photo is analyzed", async () => {
    const cases: [string[], RegExp][] = [
      [["--workers", "abc"], /--workers must be a whole number from 1 to 256$/m],
      [["--threads", "1.5"], /--threads must be a whole number from 1 to 256 \(got 1\.5\)/],
      [["--provider", "tpu"], /--provider must be auto, cpu, cuda, coreml or dml \(got tpu\)/],
      [["--write-xmp", "--sidecar-style", "foo"], /--sidecar-style must be "basename" or "name\.ext"/],
      [["--write-xmp", "--crop-aspect", "9x9"], /--crop-aspect: 9x9 is not an aspect/],
    ];
    for (const [flags, message] of cases) {
      const failed = run("node", [CLI, "score", "--jsonl", ...flags, folder]);
      await expect(failed, flags.join(" ")).rejects.toMatchObject({ code: 2, stdout: "" });
      const { stderr } = (await failed.catch((e: unknown) => e)) as { stderr: string };
      expect(stderr, flags.join(" ")).toMatch(message);
      expect(stderr, flags.join(" ")).not.toMatch(/scored/);
    }
  });

  it("the companion's commands refuse a config file named on purpose that is not there, and bad flag values", async () => {
    const missing = join(folder, "no-such-watch-config.json");
    const cases: [string[], RegExp][] = [
      [["start", "--no-browser", "--config", missing], /--config .*no-such-watch-config\.json: no such file/],
      [["open", "--no-browser", "--config", missing], /--config .*no-such-watch-config\.json: no such file/],
      [
        ["start", "--no-browser", "--port", "99999"],
        /--port must be a whole number from 0 to 65535 \(got 99999\)/,
      ],
      [["start", "--no-browser", "--log-format", "xml"], /--log-format must be human or json \(got xml\)/],
    ];
    for (const [args, message] of cases) {
      const failed = run("node", [CLI, ...args], { cwd: folder, timeout: 20_000 });
      await expect(failed, args.join(" ")).rejects.toMatchObject({ code: 2 });
      const { stderr } = (await failed.catch((e: unknown) => e)) as { stderr: string };
      expect(stderr, args.join(" ")).toMatch(message);
    }
  });

  it("--write-crop writes the --crop-aspect's crop even when --aspects does not list it", async () => {
    const shoot = await mkdtemp(join(tmpdir(), "stridelight-cli-crop-"));
    const photo = join(shoot, "side-runner-street-kurrasch-unsplash.jpg");
    await copyFile(join(PHOTOS, "side-runner-street-kurrasch-unsplash.jpg"), photo);
    const args = ["--aspects", "4:5", "--write-xmp", "--write-crop", "--crop-aspect", "9:16"];
    const { stdout } = await run("node", [
      CLI,
      "score",
      "--jsonl",
      "--never-modify-originals",
      ...args,
      photo,
    ]);
    const record = ScoreRecord.parse(lines(stdout)[0]);
    expect(record.crops.map((c) => c.aspect)).toContain("9:16");
    const et = startExifTool();
    try {
      const tags: Record<string, unknown> = await et.read(photo.replace(/\.jpg$/, ".xmp"));
      expect(tags.HasCrop).toBe(true);
      const width = (Number(tags.CropRight) - Number(tags.CropLeft)) * record.width;
      const height = (Number(tags.CropBottom) - Number(tags.CropTop)) * record.height;
      expect(width / height).toBeCloseTo(9 / 16, 2);
    } finally {
      await et.end();
      await rm(shoot, { recursive: true, force: true });
    }
  });

  it("--version prints the package's version; --help lists the photographer's commands before the developer's", async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect((await run("node", [CLI, "--version"])).stdout.trim()).toBe(version);
    const help = (await run("node", [CLI, "--help"])).stdout;
    const at = (name: string) => help.search(new RegExp(`^  ${name} `, "m"));
    expect(help.indexOf("For the photographer:")).toBeLessThan(help.indexOf("For developers"));
    for (const photographer of ["start", "score", "find", "xmp"])
      for (const developer of ["bench", "eval", "worker"])
        expect(at(photographer)).toBeLessThan(at(developer));
  });

  it("a missing path beside a good photo gets its own not-found record, in its place", async () => {
    const good = join(folder, "side-runner-street-kurrasch-unsplash.jpg");
    const missing = join(folder, "IMG_9999.jpg");
    const { stdout } = await run("node", [CLI, "analyze", "--jsonl", missing, good]);
    const records = lines(stdout).map((l) => AnyRecord.parse(l));
    expect(records.map((r) => r.file)).toEqual([missing, good]);
    expect(records[0]).toMatchObject({ error: { code: "not-found" } });
    expect("error" in records[1]!).toBe(false);
  });
});
