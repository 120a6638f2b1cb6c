/** Shared by the companion's integration tests: temp folders, fixture photos, a quiet logger, HTTP with the token. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { request } from "node:http";
import pino from "pino";
import sharp, { type Sharp } from "sharp";

export const FIXTURES = resolve(import.meta.dirname, "../fixtures/photos");
export const REPO = resolve(import.meta.dirname, "../..");
export const ARTIFACTS = resolve(REPO, "test/artifacts");

export const fixturePhotos = (): string[] =>
  readdirSync(FIXTURES)
    .filter((n) => n.endsWith(".jpg"))
    .sort()
    .map((n) => join(FIXTURES, n));

/** A folder entry that keeps XMP in sidecars (the default writes into JPEGs): tests that look at one file's XMP. */
export const SIDECARS = Object.freeze({ sidecar: { neverModifyOriginals: true } });

export interface Workspace {
  readonly root: string;
  readonly importDir: string;
  readonly dataDir: string;
  readonly configFile: string;
}

/** A temp folder with an import folder and a watch-config.json naming it. */
export function workspace(
  extra: Record<string, unknown> = {},
  folder: Record<string, unknown> = {},
): Workspace {
  const root = mkdtempSync(join(tmpdir(), "stridelight-companion-"));
  const configFile = join(root, "watch-config.json");
  writeFileSync(
    configFile,
    JSON.stringify({
      version: 1,
      dataDir: "data",
      settleMs: 200,
      workers: 2,
      http: { port: 0 },
      folders: [{ path: "import", ...folder }],
      ...extra,
    }),
  );
  return { root, importDir: join(root, "import"), dataDir: join(root, "data"), configFile };
}

/**
 * Copies the fixtures into `dir`, `copies` times: copies after the first get one extra byte after the JPEG's end,
 * so they are different files (different hash) that decode to the same picture; a salt makes every copy new.
 */
export function dropPhotos(
  dir: string,
  copies = 1,
  sources = fixturePhotos(),
  salt: number | null = null,
): string[] {
  const out: string[] = [];
  for (let c = 0; c < copies; c++) {
    for (const src of sources) {
      const name = src
        .split("/")
        .pop()!
        .replace(".jpg", c ? `-copy${c}.jpg` : ".jpg");
      const extra = c || salt !== null ? Buffer.from(salt === null ? [c] : [salt, c]) : Buffer.alloc(0);
      out.push(dropWhole(dir, name, Buffer.concat([readFileSync(src), extra])));
    }
  }
  return out;
}

/**
 * One complete file appears at once (written beside, then renamed): a copy followed by an append let the watcher see
 * the file twice (two sizes) and queue a second, redundant ingest under load. Returns its path.
 */
function dropWhole(dir: string, name: string, bytes: Buffer): string {
  const dest = join(dir, name);
  const temp = join(dir, `.${name}.part`);
  writeFileSync(temp, bytes);
  renameSync(temp, dest);
  return dest;
}

/**
 * Three photos from each source that are not frames of one series: the photo, its mirror image and the photo upside
 * down (copies with a byte appended are the same frame twice: near duplicates, one series, re-scored together).
 * For tests about processing, where frames of one series would make their verdicts depend on each other.
 */
export async function dropUnrelatedPhotos(dir: string, sources = fixturePhotos()): Promise<string[]> {
  const variants = [
    { suffix: "", edit: null },
    { suffix: "-mirrored", edit: (s: Sharp) => s.flop() },
    { suffix: "-upside-down", edit: (s: Sharp) => s.flip() },
  ];
  const out: string[] = [];
  for (const { suffix, edit } of variants) {
    for (const src of sources) {
      const name = src.split("/").pop()!.replace(".jpg", `${suffix}.jpg`);
      const bytes = edit
        ? await edit(sharp(src).rotate()).jpeg({ quality: 90 }).toBuffer()
        : readFileSync(src);
      out.push(dropWhole(dir, name, bytes));
    }
  }
  return out;
}

export const quietLog = () => pino({ level: process.env.STRIDELIGHT_TEST_LOG ?? "warn" });

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 60_000,
  everyMs = 150,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function client(port: number, token: string | null) {
  return async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (token) headers.set("Authorization", `Bearer ${token}`);
    if (init.body && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment -- answers are checked by the tests
    return { status: res.status, json: json as any };
  };
}

/** A GET with headers fetch() will not let us set (Host): what a DNS-rebinding page's request looks like. */
export function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Any request with headers of our choosing (fetch() refuses Host, Cookie, Sec-Fetch-*), always to 127.0.0.1. */
export function send(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = "GET",
  body?: string | Buffer,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Starts a companion as its own process (`node --import tsx <script> ...args` from the repository), collects its
 * output lines into `logs` and answers with its port once it says it listens; rejects if it exits before that.
 */
export function spawnCompanion(
  script: string,
  args: readonly string[],
  logs: string[],
  children: ChildProcess[],
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO, script), ...args], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let buffered = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        logs.push(line);
        const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line)?.[1];
        if (port) resolve({ child, port: Number(port) });
      }
    });
    child.stderr.on("data", (chunk: Buffer) => logs.push(`stderr: ${chunk.toString()}`));
    child.once("exit", (code) =>
      reject(new Error(`companion exited (${code}) before listening:\n${logs.join("\n")}`)),
    );
  });
}
