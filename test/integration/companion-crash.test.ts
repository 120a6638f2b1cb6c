/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- the API's JSON answers are read untyped on purpose: the test checks their shape */
/**
 * kill -9 in the middle of a batch, then a restart: a real child process running the companion (real pool, real
 * models, real XMP) is killed without warning while photos are in flight. After the restart every photo ends up
 * processed exactly once: one photo per file, every one done, one finished XMP write each, and no sidecar written
 * by the first run is written again.
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { orphanedExiftoolPids } from "../../core/adapters/exiftool-orphans.ts";
import { afterAll, describe, expect, it } from "vitest";
import {
  client,
  dropUnrelatedPhotos,
  SIDECARS,
  spawnCompanion,
  until,
  workspace,
} from "./companion-helpers.ts";

const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL")));

const startChild = (configFile: string, logs: string[]) =>
  spawnCompanion("companion/cli/start-command.ts", ["--config", configFile], logs, children);

const parse = (lines: string[]) =>
  lines
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { msg: string; path?: string; written?: boolean });

describe("kill -9 during processing, then a restart", () => {
  it("completes every photo exactly once, with no duplicate XMP writes", async () => {
    const ws = workspace({ workers: 2, settleMs: 100 }, SIDECARS);
    const logs1: string[] = [];
    const first = await startChild(ws.configFile, logs1);
    const token = readFileSync(join(ws.dataDir, "token"), "utf8").trim();
    const files = await dropUnrelatedPhotos(ws.importDir); // 24 photos, none a frame of another's series
    const status = async (port: number) => (await client(port, token)("/api/status")).json;
    const doneOf = (s: { folders: { done?: number }[] }) => s.folders[0]?.done ?? 0;
    const done = async (port: number) => doneOf(await status(port));
    // Photos are dropped over a few seconds (the edited copies are encoded first): the first run may finish the early
    // ones before the watcher has seen the rest. Kill only when some are done and one is being worked on right now.
    await until(
      "a few photos done in the first run and more in flight",
      async () => {
        const now = await status(first.port);
        return doneOf(now) >= 4 && now.queue.running > 0;
      },
      60_000,
      50,
    );
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    // exiftool runs with -stay_open and does not notice its parent's SIGKILL: the companion's watchdog ends it
    // within seconds, without waiting for a restart.
    await until(
      "the killed companion's exiftool processes ended",
      () => orphanedExiftoolPids().length === 0,
      10_000,
    );
    const db = new Database(join(ws.dataDir, "stridelight.sqlite"), { readonly: true });
    const atKill = db.prepare(`SELECT COUNT(*) AS n FROM photos WHERE status = 'done'`).get() as {
      n: number;
    };
    const inFlight = db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 'running'`).get() as {
      n: number;
    };
    db.close();
    expect(atKill.n).toBeLessThan(files.length); // it really was killed mid-batch
    expect(inFlight.n).toBeGreaterThan(0);
    const writtenBefore = new Map(
      parse(logs1)
        .filter((l) => l.msg === "xmp written")
        .map((l) => [l.path!, statSync(l.path!.replace(/\.jpg$/, ".xmp")).ino]),
    );

    const logs2: string[] = [];
    const second = await startChild(ws.configFile, logs2);
    await until(
      "every photo done after the restart",
      async () => (await done(second.port)) === files.length,
      90_000,
      100,
    );
    const { json } = await client(second.port, token)("/api/photos?limit=100");
    expect(json.total).toBe(files.length);
    expect(new Set(json.photos.map((p: { path: string }) => p.path))).toEqual(new Set(files));
    second.child.kill("SIGTERM"); // graceful this time
    await new Promise((r) => second.child.once("exit", r));

    const store = new Database(join(ws.dataDir, "stridelight.sqlite"), { readonly: true });
    const perPhoto = store
      .prepare(
        `SELECT photo_id, COUNT(*) AS n, SUM(state = 'done') AS done FROM xmp_writes GROUP BY photo_id`,
      )
      .all() as { n: number; done: number }[];
    const jobs = store.prepare(`SELECT state, COUNT(*) AS n FROM jobs GROUP BY state`).all();
    store.close();
    expect(perPhoto).toHaveLength(files.length);
    expect(perPhoto.every((w) => w.n === 1 && w.done === 1)).toBe(true);
    expect(jobs).toEqual([{ state: "done", n: files.length * 2 }]);
    // Across both runs, each photo's XMP was written once; a write that landed just before the kill is recognised.
    const writes = [...parse(logs1), ...parse(logs2)].filter((l) => l.msg === "xmp written" && l.written);
    const recovered = parse(logs2).filter((l) => l.msg === "xmp write found complete after a restart");
    expect(writes.length + recovered.length).toBe(files.length);
    expect(new Set(writes.map((w) => w.path)).size).toBe(writes.length);
    for (const [path, ino] of writtenBefore)
      expect(statSync(path.replace(/\.jpg$/, ".xmp")).ino, path).toBe(ino);
    expect(parse(logs2).some((l) => l.msg === "companion stopped")).toBe(true);
  });
});
