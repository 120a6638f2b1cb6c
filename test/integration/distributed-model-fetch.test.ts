/**
 * A worker that lacks a model version fetches it from the companion's API (token required) and checks its hash:
 * the real route on a real HTTP server, the real cards and ONNX files, a worker "models" folder that has an older
 * card for one model.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODELS_DIR, sha256Hex } from "../../core/models/paths.ts";
import type { ModelSet } from "../../companion/distributed/analysis-job.ts";
import { locateModels, ModelFetchError } from "../../companion/distributed/model-fetch.ts";
import { localModelSet } from "../../companion/distributed/model-set.ts";
import { createApp } from "../../companion/http/app.ts";
import type { CompanionApi } from "../../companion/http/companion-api.ts";
import { closeServer, listen, portOf } from "../../companion/http/server.ts";

const TOKEN = "c".repeat(64);
const OLD = "iris";

let server: Server;
let url: string;
let wanted: ModelSet;
let workerModels: string;

/** Only what the guards and the model-file routes read: the rest of the companion is not involved. */
function api(): CompanionApi {
  return {
    token: TOKEN,
    version: "test",
    port: () => portOf(server),
    config: () => ({ http: { port: 0, allowedOrigins: [] } }),
  } as unknown as CompanionApi;
}

/** A worker's models/ folder: the same cards and files, except an older card (and no file) for one model. */
function olderWorkerModels(): string {
  const dir = mkdtempSync(join(tmpdir(), "stridelight-worker-models-"));
  for (const name of readdirSync(DEFAULT_MODELS_DIR).filter(
    (n) => n.endsWith(".card.json") || n.endsWith(".onnx"),
  ))
    if (name !== `${OLD}.onnx`) copyFileSync(join(DEFAULT_MODELS_DIR, name), join(dir, name));
  const card = JSON.parse(readFileSync(join(dir, `${OLD}.card.json`), "utf8")) as {
    version: string;
    sha256: string;
  };
  writeFileSync(
    join(dir, `${OLD}.card.json`),
    JSON.stringify({ ...card, version: "0-old", sha256: "0".repeat(64) }),
  );
  return dir;
}

beforeAll(async () => {
  server = await listen(createApp(api(), pino({ level: "silent" })), 0);
  url = `http://127.0.0.1:${portOf(server)}`;
  wanted = await localModelSet();
  workerModels = olderWorkerModels();
});

afterAll(async () => {
  if (server) await closeServer(server);
});

describe("fetching a model version a worker lacks", () => {
  it("uses this machine's models when every pin matches (nothing fetched)", async () => {
    expect(await locateModels(wanted, null, mkdtempSync(join(tmpdir(), "cache-")))).toEqual({});
  });

  it("fetches the missing version with the token, checks its sha256 and lays out a usable models folder", async () => {
    const cache = mkdtempSync(join(tmpdir(), "cache-"));
    const location = await locateModels(wanted, { url, token: TOKEN }, cache, workerModels);
    expect(location.modelsDir).toBeDefined();
    const fetched = readFileSync(join(location.modelsDir!, `${OLD}.onnx`));
    expect(sha256Hex(fetched)).toBe(wanted[OLD]!.sha256);
    expect(await localModelSet(location)).toEqual(wanted);
  });

  it("refuses without the right token, and refuses a file that is not the pinned one", async () => {
    const cache = mkdtempSync(join(tmpdir(), "cache-"));
    await expect(locateModels(wanted, { url, token: "d".repeat(64) }, cache, workerModels)).rejects.toThrow(
      /HTTP 401/,
    );
    const tampered: ModelSet = { ...wanted, [OLD]: { ...wanted[OLD]!, sha256: "e".repeat(64) } };
    await expect(locateModels(tampered, { url, token: TOKEN }, cache, workerModels)).rejects.toBeInstanceOf(
      ModelFetchError,
    );
    await expect(locateModels(wanted, null, cache, workerModels)).rejects.toThrow(/no companion was given/);
  });
});
