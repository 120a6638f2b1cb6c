/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- the API's JSON answers and the config file are read untyped on purpose: the test checks their shape */
/**
 * Live reload says what it did: an edit of watch-config.json either applies at once (a new folder is watched) or
 * is reported, in the log and in /api/status, as applying after a restart (workers, working size, port). The real
 * companion, its real config watcher and HTTP API.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Daemon } from "../../companion/daemon.ts";
import { appliesAfterRestart } from "../../companion/config/reload.ts";
import { DEFAULT_CONFIG } from "../../companion/config/defaults.ts";
import { client, until, workspace, type Workspace } from "./companion-helpers.ts";

let ws: Workspace;
let daemon: Daemon;
const logged: string[] = [];

beforeAll(async () => {
  ws = workspace({ workers: 1 });
  const logger = pino({ level: "info" }, { write: (line: string) => void logged.push(line) });
  daemon = await Daemon.start({ configFile: ws.configFile, logger, graceMs: 500 });
});
afterAll(async () => {
  await daemon?.stop();
});

it("names exactly the keys opened at start", () => {
  const next = { ...DEFAULT_CONFIG, workers: 3, settleMs: 10, http: { ...DEFAULT_CONFIG.http, port: 1 } };
  expect(appliesAfterRestart(DEFAULT_CONFIG, next)).toEqual(["workers", "http.port"]);
  expect(appliesAfterRestart(DEFAULT_CONFIG, DEFAULT_CONFIG)).toEqual([]);
});

it("applies a new folder live and reports workers, working size and port as applying after a restart", async () => {
  const api = client(daemon.port(), readFileSync(join(ws.dataDir, "token"), "utf8").trim());
  expect((await api("/api/status")).json.configRestart).toEqual([]);
  const config = JSON.parse(readFileSync(ws.configFile, "utf8"));
  config.workers = 2;
  config.maxSide = 1024;
  config.http = { port: 7699 };
  config.folders.push({ path: "second" });
  writeFileSync(ws.configFile, JSON.stringify(config));
  const status = await until(
    "the edit to be taken",
    async () => {
      const json = (await api("/api/status")).json;
      return json.configRestart.length > 0 && json.folders.length === 2 ? json : null;
    },
    20_000,
  );
  expect(status.configRestart).toEqual(["workers", "maxSide", "http.port"]);
  expect(status.folders.map((f: { path: string }) => f.path)).toEqual([
    join(ws.root, "import"),
    join(ws.root, "second"),
  ]);
  expect(status.workers).toBe(1); // still the workers it started with
  expect(daemon.port()).not.toBe(7699);
  expect(logged.join("")).toMatch(/"keys":\["workers","maxSide","http.port"\].*apply after a restart/);
}, 60_000);
