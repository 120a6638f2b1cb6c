/**
 * `stridelight start` as a person sees it: on a terminal (a real pseudo-terminal through util-linux `script`) a
 * banner and one line per scored photo; through a pipe, JSON lines. The terminal's text is rendered in Chromium
 * and kept as a screenshot (test/artifacts/terminal/).
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/chromium.ts";
import { ARTIFACTS, fixturePhotos, REPO, until, workspace } from "./companion-helpers.ts";

const CLI = join(REPO, "companion/bin/stridelight.js");
const SHOTS = join(ARTIFACTS, "terminal");
const running: { kill: () => void }[] = [];

afterAll(() => running.forEach((r) => r.kill()));

/** Starts the companion in `cwd`; `tty` runs it under `script`, which gives it a pseudo-terminal. */
function start(cwd: string, tty: boolean, extra: string[] = []) {
  const command = `node ${CLI} start ${extra.join(" ")}`;
  const child = tty
    ? spawn("script", ["-qfec", command, "/dev/null"], { cwd, detached: true })
    : spawn("node", [CLI, "start", ...extra], { cwd, detached: true });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (out += d.toString("utf8")));
  // The whole process group: `script` and the companion under it.
  const kill = () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  running.push({ kill });
  return { output: () => out, kill };
}

/** The terminal's text, drawn in a dark monospace page and photographed. */
async function screenshot(text: string, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const context = await launchChromium({ width: 1100, height: 400 });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\r/g, "");
    await page.setContent(
      `<body style="margin:0;background:#1e1e1e"><pre style="margin:0;padding:14px;color:#ddd;font:14px/1.4 'DejaVu Sans Mono',monospace">${escaped}</pre></body>`,
    );
    await page.screenshot({ path: join(SHOTS, name), fullPage: true });
  } finally {
    await context.close();
  }
}

describe("stridelight start on a terminal", () => {
  it("prints a banner (page, watched folder, where results go, data folder) and a line per photo", async () => {
    const ws = workspace({ dataDir: ".stridelight", workers: 1 });
    const run = start(ws.root, true);
    await until("the banner", () => run.output().includes("Drop photos into"), 90_000, 200);
    const photos = fixturePhotos().filter((f) => /side-/.test(f));
    mkdirSync(ws.importDir, { recursive: true });
    for (const f of photos) copyFileSync(f, join(ws.importDir, f.split("/").pop()!));
    await until(
      "a line per photo",
      () => photos.every((f) => run.output().includes(f.split("/").pop()!)),
      120_000,
      300,
    );
    const text = run.output();
    run.kill();
    expect(text).toMatch(/Page {5}http:\/\/127\.0\.0\.1:\d+\//);
    expect(text).toContain(`Watching\r\n    ${ws.importDir}`);
    expect(text).toMatch(/stars, keywords → inside JPEG\/TIFF\/DNG/);
    expect(text).toContain(`Data     ${join(ws.root, ".stridelight")}`);
    expect(text).toContain(join(ws.root, ".stridelight", "token"));
    // "side-runner-street-kurrasch-unsplash.jpg ★★★★★ keeper 0.95 · style 0.75"
    expect(text).toMatch(
      /side-runner-street-kurrasch-unsplash\.jpg (★{1,5}|rejected|no stars) keeper \d\.\d\d · /,
    );
    expect(text).not.toMatch(/^\{"level"/m); // no JSON on a terminal
    await screenshot(text, "start-banner.png");
  }, 240_000);

  it("logs JSON lines when not on a terminal, and with --log-format json", async () => {
    const ws = workspace({ dataDir: ".stridelight", workers: 1 });
    writeFileSync(join(ws.root, "note.txt"), "");
    const run = start(ws.root, false);
    await until("the listening line", () => run.output().includes("companion listening"), 90_000, 200);
    run.kill();
    const first = run
      .output()
      .split("\n")
      .find((l) => l.includes("companion listening"))!;
    const parsed = JSON.parse(first) as { msg: string };
    expect(parsed.msg).toMatch(/^companion listening on http/);
    expect(run.output()).not.toContain("Drop photos into");
  }, 120_000);
});
