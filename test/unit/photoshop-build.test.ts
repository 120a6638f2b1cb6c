import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { companionOrigins, pluginManifest } from "../../plugin/photoshop/tools/manifest.ts";
import { crc32, zip } from "../../plugin/photoshop/tools/zip.ts";

describe("the UXP manifest", () => {
  it("is v5 with one panel and lets the plugin reach only the companion's origin, port included", () => {
    const m = pluginManifest({ version: "0.1.0", port: 7613 });
    expect(m).toMatchObject({
      manifestVersion: 5,
      main: "index.html",
      // One object (Creative Cloud refuses an array at install), and the first Photoshop with manifest v5.
      host: { app: "PS", minVersion: "23.3.0" },
    });
    expect(m.entrypoints).toEqual([
      expect.objectContaining({ type: "panel", id: "stridelightPanel", label: { default: "Stridelight" } }),
    ]);
    expect(m.requiredPermissions.network.domains).toEqual(["http://127.0.0.1:7613", "http://localhost:7613"]);
    expect(companionOrigins(9000)).toEqual(["http://127.0.0.1:9000", "http://localhost:9000"]);
  });

  it("refuses a version UXP would not load", () => {
    expect(() => pluginManifest({ version: "next", port: 7613 })).toThrow(/not a version/);
    expect(pluginManifest({ version: "1.2.3-beta.1", port: 1 }).version).toBe("1.2.3");
  });
});

describe("the packaged plugin", () => {
  it("the .ccx's own manifest.json has one host object and a minVersion that fits the APIs", () => {
    const out = mkdtempSync(join(tmpdir(), "stridelight-ccx-"));
    execFileSync("node", [join(import.meta.dirname, "../../plugin/photoshop/build.mjs"), "--out", out]);
    const ccx = join(out, "stridelight-photoshop.ccx");
    const script =
      "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; sys.stdout.write(z.read('manifest.json').decode())";
    const manifest = JSON.parse(execFileSync("python3", ["-c", script, ccx], { encoding: "utf8" })) as {
      host: unknown;
    };
    expect(Array.isArray(manifest.host)).toBe(false);
    expect(manifest.host).toEqual({ app: "PS", minVersion: "23.3.0" });
    // 23.3 has no `imaging` module (24.4; 24.2-24.3 imaging_beta): the panel must get along without it.
    const host = readFileSync(join(import.meta.dirname, "../../plugin/photoshop/src/host.ts"), "utf8");
    expect(host).toMatch(/ps\.imaging \?\? ps\.imaging_beta/);
    expect(host).toMatch(/if \(!imaging\) return null/);
  }, 60_000);

  it("uses no CSS that UXP ignores (box-shadow, grid, aspect-ratio, float, @font-face, attribute selectors)", () => {
    const css = readFileSync(join(import.meta.dirname, "../../plugin/photoshop/panel.css"), "utf8").replace(
      /\/\*[\s\S]*?\*\//g,
      "",
    );
    expect(css).not.toMatch(/box-shadow|text-shadow|aspect-ratio|display:\s*grid|float:|@font-face|\[/);
  });
});

describe("the .ccx zip writer", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  it("writes an archive that another zip reader (Python's zipfile) opens and verifies", () => {
    const dir = mkdtempSync(join(tmpdir(), "stridelight-zip-"));
    const big = Buffer.from("runner ".repeat(5000));
    const file = join(dir, "t.ccx");
    writeFileSync(
      file,
      zip([
        { name: "manifest.json", data: Buffer.from('{"id":"x"}') },
        { name: "main.js", data: big },
        { name: "empty.css", data: Buffer.alloc(0) },
      ]),
    );
    const script =
      "import sys,zipfile,json; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({i.filename: [i.file_size, i.compress_type] for i in z.infolist()}))";
    const listed = JSON.parse(execFileSync("python3", ["-c", script, file], { encoding: "utf8" })) as Record<
      string,
      [number, number]
    >;
    expect(listed).toEqual({ "manifest.json": [10, 0], "main.js": [big.length, 8], "empty.css": [0, 0] });
    expect(readFileSync(file).subarray(0, 4).toString("hex")).toBe("504b0304");
  });
});
