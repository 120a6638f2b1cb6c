/**
 * Builds the Photoshop panel: dist/stridelight-photoshop/ (load it with the UXP Developer Tool) and
 * dist/stridelight-photoshop.ccx (the same folder zipped, for installing by double-click).
 *
 *   node plugin/photoshop/build.mjs [--port 7613] [--out dir]     (or STRIDELIGHT_PORT=…)
 *
 * The port is the companion's: the manifest lists its origin, and UXP refuses every other one.
 */
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { register } from "tsx/esm/api";

register();
const { companionOrigins, DEFAULT_PORT, pluginManifest } = await import("./tools/manifest.ts");
const { zip } = await import("./tools/zip.ts");

const HERE = import.meta.dirname;
export const PLUGIN_FOLDER = "stridelight-photoshop";

/** Builds into `outDir` (default dist/); returns the plugin folder and the .ccx. */
export async function buildPhotoshopPlugin({ port = DEFAULT_PORT, outDir = join(HERE, "dist") } = {}) {
  const version = JSON.parse(readFileSync(join(HERE, "../../package.json"), "utf8")).version;
  const folder = join(outDir, PLUGIN_FOLDER);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  await build({
    entryPoints: [join(HERE, "src/main.ts")],
    outfile: join(folder, "main.js"),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2019",
    external: ["photoshop", "uxp"],
    define: { STRIDELIGHT_COMPANION: JSON.stringify(companionOrigins(port)[0]) },
    minify: true,
    logLevel: "warning",
  });
  writeFileSync(
    join(folder, "manifest.json"),
    `${JSON.stringify(pluginManifest({ version, port }), null, 2)}\n`,
  );
  for (const file of ["index.html", "panel.css"]) copyFileSync(join(HERE, file), join(folder, file));
  const entries = readdirSync(folder)
    .sort()
    .map((name) => ({ name, data: readFileSync(join(folder, name)) }));
  const ccx = join(outDir, `${PLUGIN_FOLDER}.ccx`);
  writeFileSync(ccx, zip(entries));
  return { folder, ccx };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { port: { type: "string" }, out: { type: "string" } } });
  const port = Number(values.port ?? process.env.STRIDELIGHT_PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a port: ${values.port}`);
  const { folder, ccx } = await buildPhotoshopPlugin({
    port,
    ...(values.out ? { outDir: resolve(values.out) } : {}),
  });
  process.stdout.write(`built ${folder}\npackaged ${ccx}\n`);
}
