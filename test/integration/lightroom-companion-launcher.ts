/**
 * Starts a real companion for the Lightroom plugin's busted specs: a temp workspace, the fixture photos copied into
 * a watched folder whose patterns take no file on their own (the companion reads only inside its folders; only the
 * plugin's requests analyze them), any free port. Prints one JSON line
 * { url, token, photos, pid } on stdout once listening, then runs until SIGTERM/SIGINT (graceful stop) or
 * until the safety timeout, so a crashed spec never leaves a daemon behind for long.
 * Run from the repo root: node --import tsx test/integration/lightroom-companion-launcher.ts
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pino from "pino";
import { Daemon } from "../../companion/daemon.ts";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/photos");
const SAFETY_MS = Number(process.env.STRIDELIGHT_LAUNCHER_MAX_MS ?? 600_000);

function workspace(): { root: string; configFile: string; photos: string[] } {
  const root = mkdtempSync(join(tmpdir(), "stridelight-lightroom-"));
  const photosDir = join(root, "photos");
  mkdirSync(photosDir);
  const photos = readdirSync(FIXTURES)
    .filter((n) => n.endsWith(".jpg"))
    .sort()
    .map((n) => {
      copyFileSync(join(FIXTURES, n), join(photosDir, n));
      return join(photosDir, n);
    });
  const configFile = join(root, "watch-config.json");
  const config = {
    version: 1,
    dataDir: join(root, "data"),
    workers: 1,
    settleMs: 200,
    http: { port: 0 },
    folders: [{ path: join(root, "import") }, { path: photosDir, include: ["taken-only-when-asked"] }],
  };
  writeFileSync(configFile, JSON.stringify(config));
  return { root, configFile, photos };
}

async function main(): Promise<void> {
  const { root, configFile, photos } = workspace();
  const logger = pino({ level: process.env.STRIDELIGHT_TEST_LOG ?? "warn" }, pino.destination(2));
  const daemon = await Daemon.start({ configFile, port: 0, logger, graceMs: 2000 });
  const stop = async (code: number) => {
    await daemon.stop();
    rmSync(root, { recursive: true, force: true });
    process.exit(code);
  };
  process.once("SIGTERM", () => void stop(0));
  process.once("SIGINT", () => void stop(0));
  setTimeout(() => void stop(2), SAFETY_MS).unref();
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${daemon.port()}`, token: daemon.token, photos, pid: process.pid })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `companion-launcher: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
