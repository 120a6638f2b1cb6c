/**
 * The Lightroom Classic plugin (Lua 5.1) inside `npm test`: every Lua file must compile (luac5.1 -p), the busted
 * specs must pass (unit specs on the fake SDK, and the specs that start a real companion and score, protect the
 * photographer's stars and send picks through it), and the build must give a zip Lightroom can unpack.
 * Needs the Debian packages lua5.1 and lua-busted (CI installs them).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "./companion-helpers.ts";

const PLUGIN_ROOT = resolve(REPO, "plugin/lightroom");
const tmp = mkdtempSync(join(tmpdir(), "stridelight-lrbuild-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function luaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "dist" ? [] : luaFiles(path);
    return e.name.endsWith(".lua") || e.name === ".busted" ? [path] : [];
  });
}

interface BustedTest {
  name: string;
  message?: string;
}
interface BustedReport {
  successes: BustedTest[];
  failures: BustedTest[];
  errors: BustedTest[];
  pendings: BustedTest[];
}

/** Reads a zip's central directory and inflates every entry (what Lightroom's unzip will see). */
function unzip(bytes: Buffer): Map<string, Buffer> {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const size = bytes.readUInt32LE(at + 20);
    const local = bytes.readUInt32LE(at + 42);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    out.set(name, inflateRawSync(bytes.subarray(start, start + size)));
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return out;
}

describe("Lightroom plugin (Lua)", () => {
  it("compiles every Lua file with luac5.1 -p", () => {
    const files = luaFiles(PLUGIN_ROOT);
    expect(files.length).toBeGreaterThan(25);
    const result = spawnSync("luac5.1", ["-p", ...files], { encoding: "utf8" });
    expect(result.error, "luac5.1 is missing: apt-get install -y lua5.1").toBeUndefined();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("passes the busted specs, including those against a real companion", () => {
    const result = spawnSync("busted", ["--output=json"], {
      cwd: PLUGIN_ROOT,
      encoding: "utf8",
      timeout: 170_000,
    });
    expect(result.error, "busted is missing: apt-get install -y lua5.1 lua-busted").toBeUndefined();
    const report = JSON.parse(result.stdout) as BustedReport;
    const broken = [...report.failures, ...report.errors].map((t) => `${t.name}: ${t.message ?? ""}`);
    expect(broken).toEqual([]);
    expect(report.pendings).toEqual([]);
    const passed = report.successes.map((t) => t.name);
    expect(passed.length).toBeGreaterThanOrEqual(40);
    for (const must of [
      "scores selected photos and writes exactly the companion's stars, keywords and crop",
      "never overwrites a rating the photographer set, before or after the plugin's own",
      "sends pick and reject flags as feedback and the companion keeps them in its store",
    ]) {
      expect(
        passed.some((name) => name.endsWith(must)),
        must,
      ).toBe(true);
    }
    expect(result.status).toBe(0);
  }, 180_000);

  it("builds a zip holding exactly the plugin's files, byte for byte", () => {
    const out = join(tmp, "stridelight.lrplugin.zip");
    execFileSync("node", [join(PLUGIN_ROOT, "build.mjs"), "--out", out]);
    const entries = unzip(readFileSync(out));
    const dir = join(PLUGIN_ROOT, "stridelight.lrplugin");
    const sources = readdirSync(dir)
      .filter((n) => n.endsWith(".lua"))
      .sort();
    expect([...entries.keys()]).toEqual(sources.map((n) => `stridelight.lrplugin/${n}`));
    for (const name of sources)
      expect(entries.get(`stridelight.lrplugin/${name}`)?.equals(readFileSync(join(dir, name)))).toBe(true);
    expect(sources).toContain("Info.lua");
  });
});
