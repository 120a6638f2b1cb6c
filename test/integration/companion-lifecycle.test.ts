/**
 * Clean lifecycles: a refused start (the data folder in use) and a start that fails after taking the lock (the port
 * taken) exit non-zero on their own within seconds and leave nothing behind: no lock, no child process, and no photo
 * touched (the job runner starts only once the server listens). A Redis result that never comes has a deadline.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { orphanedExiftoolPids } from "../../core/adapters/exiftool-orphans.ts";
import { parseRedisUrl } from "../../companion/distributed/queue-url.ts";
import { RedisAnalysis } from "../../companion/distributed/redis-analysis.ts";
import { redisServerAvailable, startLocalRedis } from "../../companion/distributed/local-redis.ts";
import { dropPhotos, fixturePhotos, REPO, until, workspace } from "./companion-helpers.ts";

const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill("SIGKILL")));

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; ms: number }>;
  listening: Promise<boolean>;
}

/** `stridelight start` as the photographer runs it (the CLI: a hang here is a hang for them). */
function start(configFile: string, ...flags: string[]): Started {
  const began = Date.now();
  const child = spawn(
    process.execPath,
    ["companion/bin/stridelight.js", "start", "--config", configFile, "--no-browser", ...flags],
    { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  let text = "";
  let heard: (ok: boolean) => void = () => {};
  const listening = new Promise<boolean>((r) => (heard = r));
  for (const stream of [child.stdout, child.stderr])
    stream.on("data", (c: Buffer) => {
      text += c.toString();
      if (/companion listening on/.test(text)) heard(true);
    });
  const exit = new Promise<{ code: number | null; ms: number }>((resolve) =>
    child.once("exit", (code) => {
      heard(false);
      resolve({ code, ms: Date.now() - began });
    }),
  );
  return { child, output: () => text, exit, listening };
}

function takenPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    );
  });
}

describe("a refused or failed start", () => {
  it("a second companion on the same data folder says why and exits non-zero at once", async () => {
    const ws = workspace();
    const first = start(ws.configFile);
    expect(await first.listening).toBe(true);
    const second = start(ws.configFile);
    const { code, ms } = await second.exit;
    expect(code).not.toBe(0);
    expect(ms).toBeLessThan(30_000); // it used to hang for good (the config watcher opened before the lock)
    expect(second.output()).toMatch(/another companion \(pid \d+\) already uses the data folder/);
    // The first one is untouched: it still holds the lock and answers.
    expect(existsSync(join(ws.dataDir, "companion.pid"))).toBe(true);
    first.child.kill("SIGTERM");
    expect((await first.exit).code).toBe(0);
    expect(existsSync(join(ws.dataDir, "companion.pid"))).toBe(false);
  }, 120_000);

  it("a start that fails after the lock (port taken) exits non-zero, leaving no lock, no process, no work done", async () => {
    const ws = workspace({ settleMs: 50 });
    const { server, port } = await takenPort();
    mkdirSync(ws.importDir, { recursive: true });
    const dropped = dropPhotos(ws.importDir, 1, fixturePhotos().slice(0, 2));
    const failed = start(ws.configFile, "--port", String(port));
    const { code, ms } = await failed.exit;
    server.close();
    expect(code).not.toBe(0);
    expect(failed.output()).toMatch(/EADDRINUSE|address already in use/);
    expect(ms).toBeLessThan(60_000); // the whole start, models included; a hang would never end
    expect(existsSync(join(ws.dataDir, "companion.pid"))).toBe(false);
    await until("no exiftool or watchdog left behind", () => orphanedExiftoolPids().length === 0, 10_000);
    // The watcher had seen the photos, but the job runner never started: nothing was taken in or written.
    const db = new Database(join(ws.dataDir, "stridelight.sqlite"), { readonly: true });
    const photos = (db.prepare(`SELECT COUNT(*) AS n FROM photos`).get() as { n: number }).n;
    const ran = (db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state != 'queued'`).get() as { n: number })
      .n;
    db.close();
    expect(photos).toBe(0);
    expect(ran).toBe(0);
    for (const photo of dropped) expect(existsSync(photo.replace(/\.jpg$/, ".xmp"))).toBe(false);
  }, 120_000);

  it("a start with the port taken leaves no temp file and no process of its own", async () => {
    const ws = workspace();
    const { server, port } = await takenPort();
    const failed = start(ws.configFile, "--port", String(port));
    const pid = failed.child.pid!;
    const { code } = await failed.exit;
    server.close();
    expect(code).not.toBe(0);
    // The store's files (the database closed cleanly: no -wal/-shm journal), the token; no lock, no upload, no temp.
    const left = readdirSync(ws.dataDir, { recursive: true, encoding: "utf8" }).sort();
    expect(left.filter((n) => /-wal$|-shm$|-journal$|tmp|\.pid$|uploads[\\/]./i.test(n))).toEqual([]);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`stridelight-ns-probe-${pid}-`))).toEqual([]);
    expect(() => process.kill(pid, 0)).toThrow();
    await until("no exiftool or watchdog left behind", () => orphanedExiftoolPids().length === 0, 10_000);
  }, 120_000);
});

// CI installs redis-server (npm run test:system-packages): there its absence fails instead of skipping.
const redis = redisServerAvailable() || Boolean(process.env.CI);
if (!redis)
  console.warn("companion-lifecycle: Redis deadline skipped, no redis-server (run test/system-packages.sh)");

describe.skipIf(!redis)("every remote wait has a deadline", () => {
  it("a Redis result that never comes, or whose job vanished, fails instead of waiting forever", async () => {
    const server = await startLocalRedis();
    try {
      const parsed = parseRedisUrl(server.url);
      if (!parsed.ok) throw new Error(parsed.error);
      const photo = join(workspace().root, "photo.jpg");
      writeFileSync(photo, "bytes enough to hash");
      const deadline = await RedisAnalysis.open(parsed.target, {
        models: {},
        maxSide: 512,
        resultDeadlineMs: 500,
      });
      // No worker is listening: without a deadline this would wait for good.
      await expect(deadline.analyze(photo, false)).rejects.toThrow(/no result from the Redis queue/);
      await deadline.close();

      const flushed = await RedisAnalysis.open(parsed.target, { models: {}, maxSide: 512 });
      const answer = flushed.analyze(`${photo}`, false);
      await new Promise((r) => setTimeout(r, 200));
      await server.client.flushall();
      await expect(answer).rejects.toThrow(/vanished from the Redis queue/);
      await flushed.close();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
