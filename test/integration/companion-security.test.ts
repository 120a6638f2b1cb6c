/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- the API's JSON answers are read untyped on purpose: the test checks their shape */
/**
 * The companion under attack, on a loopback port: each finding of issue 19 as a test. The real daemon (HTTP,
 * guards, watcher, store, queue, XMP writer, scoring), with a synthetic analysis service: what is attacked here is
 * who may ask and where the companion reads and writes, not the models. Another OS user (`nobody`) plays the
 * attacker where the test runs as root; elsewhere a process without the token file does.
 */
import { execFile, spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer, request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Daemon } from "../../companion/daemon.ts";
import { Pairing, PAIRING_DEFAULTS } from "../../companion/http/pairing.ts";
import { UPLOAD_LIMITS } from "../../companion/http/uploads.ts";
import { coreCrops } from "../../companion/services/core-crops.ts";
import { KeeperScoring } from "../../companion/services/keeper-scoring.ts";
import { XmpStoreService } from "../../companion/services/xmp-store-service.ts";
import { CHROMIUM, launchChromium } from "../helpers/chromium.ts";
import { standingRunnerRecord, syntheticAnalysis } from "../helpers/standing-runner.ts";
import {
  client,
  fixturePhotos,
  quietLog,
  REPO,
  send,
  until,
  workspace,
  type Workspace,
} from "./companion-helpers.ts";

let ws: Workspace;
let daemon: Daemon;
let port: number;
let api: ReturnType<typeof client>;
let outsideDir: string;
let outsidePhoto: string;
/** A watched folder whose patterns take no file on their own: a photo there is taken in only when a plugin asks. */
let shootDir: string;

const isRoot = process.getuid?.() === 0;
const otherUser = isRoot && spawnSync("id", ["nobody"]).status === 0 && existsSync("/usr/sbin/runuser");

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A command, run without blocking this process (the companion under attack answers from it). */
function run(args: string[], cwd = REPO): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(args[0]!, args.slice(1), { cwd, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** A command as another OS user when the test can be one; else as this user, who simply lacks the token. */
function asAttacker(args: string[]): Promise<Ran> {
  return run(otherUser ? ["runuser", "-u", "nobody", "--", ...args] : args, "/");
}

/** The HTTP status another local user gets for `url` (curl, body dropped). */
async function statusAsAttacker(url: string, curlOptions: string[] = []): Promise<string> {
  const answer = await asAttacker([
    "curl",
    "-s",
    "-o",
    "/dev/null",
    "-w",
    "%{http_code}",
    ...curlOptions,
    url,
  ]);
  return answer.stdout;
}

/** A photo with its own content (the synthetic analysis does not read pixels; the hash must differ). */
function photoAt(path: string, salt: string): string {
  writeFileSync(path, Buffer.concat([readFileSync(fixturePhotos()[0]!), Buffer.from(salt)]));
  return path;
}

const photoCount = async () => (await api("/api/photos?limit=1000")).json.total as number;

/** The page's cookie, obtained the one legitimate way: a pairing link's code. */
async function pairedCookie(): Promise<string> {
  const code = daemon.pairingLink().split("#")[1]!;
  const paired = await send(
    port,
    "/pair",
    {
      "content-type": "application/json",
      origin: `http://127.0.0.1:${port}`,
      "sec-fetch-site": "same-origin",
    },
    "POST",
    JSON.stringify({ code }),
  );
  expect(paired.status).toBe(204);
  return String(paired.headers["set-cookie"]).split(";")[0]!;
}

beforeAll(async () => {
  ws = workspace({
    folders: [{ path: "import" }, { path: "shoot", include: ["taken-only-when-asked"] }],
  });
  shootDir = join(ws.root, "shoot");
  mkdirSync(shootDir);
  // Readable by others down to the data folder: the data folder's own mode is what must keep them out.
  chmodSync(ws.root, 0o755);
  // A data folder and token an older version left world-readable are put right by the start.
  mkdirSync(ws.dataDir, { mode: 0o755 });
  chmodSync(ws.dataDir, 0o755);
  writeFileSync(join(ws.dataDir, "token"), `${"ab".repeat(32)}\n`, { mode: 0o644 });
  chmodSync(join(ws.dataDir, "token"), 0o644);
  outsideDir = join(ws.root, "elsewhere");
  mkdirSync(outsideDir);
  outsidePhoto = photoAt(join(outsideDir, "private.jpg"), "private");
  daemon = await Daemon.start({
    configFile: ws.configFile,
    logger: quietLog(),
    graceMs: 2000,
    services: {
      analysis: syntheticAnalysis((file) =>
        standingRunnerRecord({ file, height: 0.6, epochMs: null, sha256: file, phash: "ab".repeat(8) }),
      ),
      scoring: await KeeperScoring.open(),
      crops: coreCrops,
      xmp: new XmpStoreService(),
    },
  });
  port = daemon.port();
  api = client(port, daemon.token);
}, 60_000);

afterAll(async () => {
  await daemon?.stop();
});

describe("finding: the page handed the token to anyone on the machine", () => {
  it(`gives ${otherUser ? "another OS user" : "a process without the token file"} no cookie and no way in`, async () => {
    const page = await asAttacker(["curl", "-s", "-i", `http://127.0.0.1:${port}/`]);
    expect(page.status).toBe(0);
    expect(page.stdout).toMatch(/^HTTP\/1\.1 200/);
    expect(page.stdout.toLowerCase()).not.toContain("set-cookie");
    expect(page.stdout).not.toContain(daemon.token);
    for (const path of ["/api/status", "/api/photos", "/api/photos/1/image"]) {
      expect(await statusAsAttacker(`http://127.0.0.1:${port}${path}`), path).toBe("401");
    }
    const forgedCookie = ["-b", `stridelight_token=${"0".repeat(64)}`];
    expect(await statusAsAttacker(`http://127.0.0.1:${port}/api/status`, forgedCookie)).toBe("401");
  });

  it("keeps the data folder 0700 and the store and token 0600, also when an older version left them open", async () => {
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(ws.dataDir)).toBe(0o700);
    expect(mode(join(ws.dataDir, "token"))).toBe(0o600);
    expect(mode(join(ws.dataDir, "stridelight.sqlite"))).toBe(0o600);
    for (const f of ["stridelight.sqlite-wal", "stridelight.sqlite-shm"])
      if (existsSync(join(ws.dataDir, f))) expect(mode(join(ws.dataDir, f)), f).toBe(0o600);
    expect(mode(daemon.uploadsDir())).toBe(0o700);
    if (otherUser) {
      expect((await asAttacker(["cat", join(ws.dataDir, "token")])).status).not.toBe(0);
      expect((await asAttacker(["ls", ws.dataDir])).status).not.toBe(0);
    }
  });
});

describe("pairing proves who asks", () => {
  it("a pairing link's code is traded once for an HttpOnly, SameSite=Strict cookie", async () => {
    const link = daemon.pairingLink();
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/pair#[A-Za-z0-9_-]{32}$`));
    const code = link.split("#")[1]!;
    const body = JSON.stringify({ code });
    const json = { "content-type": "application/json", origin: `http://127.0.0.1:${port}` };
    const first = await send(port, "/pair", json, "POST", body);
    expect(first.status).toBe(204);
    const cookie = String(first.headers["set-cookie"]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const again = await send(port, "/pair", json, "POST", body);
    expect(again.status).toBe(401);
    expect(again.headers["set-cookie"]).toBeUndefined();
    // The page with that cookie works; a page on another origin cannot even try.
    const status = await send(port, "/api/status", {
      cookie: cookie.split(";")[0]!,
      "sec-fetch-site": "same-origin",
    });
    expect(status.status).toBe(200);
    const foreign = await send(port, "/pair", { ...json, origin: "http://127.0.0.1:9999" }, "POST", body);
    expect(foreign.status).toBe(403);
  });

  it("codes expire in minutes, and guessing revokes them all", () => {
    let now = 1_000_000;
    const pairing = new Pairing(PAIRING_DEFAULTS, () => now);
    const link = pairing.issue("link");
    now += PAIRING_DEFAULTS.linkTtlMs + 1;
    expect(pairing.redeem(link.code).ok).toBe(false);
    const code = pairing.issue("plugin");
    for (let i = 0; i < PAIRING_DEFAULTS.maxWrongTries; i++) pairing.redeem("AAAA-AAAA");
    expect(pairing.redeem(code.code).ok).toBe(false);
  });

  it("a plugin trades a code the paired page shows for the token, once", async () => {
    const cookie = await pairedCookie();
    const made = await send(
      port,
      "/api/pairing-codes",
      {
        cookie,
        "content-type": "application/json",
        "sec-fetch-site": "same-origin",
        origin: `http://127.0.0.1:${port}`,
      },
      "POST",
      JSON.stringify({ kind: "plugin" }),
    );
    expect(made.status).toBe(201);
    const { code } = JSON.parse(made.body);
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const anonymous = client(port, null);
    const typed = code.toLowerCase().replace("-", " ");
    const traded = await anonymous("/api/pair", { method: "POST", body: JSON.stringify({ code: typed }) });
    expect(traded.status).toBe(200);
    expect(traded.json.token).toBe(daemon.token);
    const twice = await anonymous("/api/pair", { method: "POST", body: JSON.stringify({ code }) });
    expect(twice.status).toBe(401);
  });

  it("`stridelight open` prints a working one-time link (it reads the token file; nobody else can)", async () => {
    const cli = await run([
      process.execPath,
      "companion/bin/stridelight.js",
      "open",
      "--config",
      ws.configFile,
      "--port",
      String(port),
      "--no-browser",
    ]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${port}/pair#[A-Za-z0-9_-]{32}`));
    if (otherUser) {
      const stolen = await asAttacker([
        process.execPath,
        join(REPO, "companion/bin/stridelight.js"),
        "open",
        "--config",
        ws.configFile,
        "--port",
        String(port),
        "--no-browser",
      ]);
      expect(stolen.status).not.toBe(0);
      expect(stolen.stdout).not.toMatch(/pair#/);
    }
  });
});

describe("finding: paths were not confined", () => {
  it("refuses a path outside the folders with 403, existing or not (no existence oracle)", async () => {
    for (const path of [outsidePhoto, join(outsideDir, "no-such.jpg"), "/etc/passwd"]) {
      for (const [route, body] of [
        ["/api/analyze", { path, waitMs: 0 }],
        ["/api/suggestions", { path }],
      ] as const) {
        const answer = await api(route, { method: "POST", body: JSON.stringify(body) });
        expect(answer.status, `${route} ${path}`).toBe(403);
        expect(answer.json.error).toMatch(/outside the watched folders/);
      }
    }
    expect(existsSync(join(outsideDir, "private.xmp"))).toBe(false);
    expect(await photoCount()).toBe(0);
  });

  it("answers a missing file 404, a directory or a NUL byte 400, each with a clear message", async () => {
    mkdirSync(join(ws.importDir, "a-folder.jpg"));
    const cases: Array<[string, number, RegExp]> = [
      [join(ws.importDir, "not-there.jpg"), 404, /no such file/],
      [ws.importDir + "/", 400, /directory/],
      [join(ws.importDir, "a-folder.jpg"), 400, /directory/],
      [join(ws.importDir, "a\0b.jpg"), 400, /NUL/],
      ["relative.jpg", 400, /absolute/],
    ];
    for (const [path, status, message] of cases) {
      const answer = await api("/api/analyze", { method: "POST", body: JSON.stringify({ path }) });
      expect(answer.status, JSON.stringify(path)).toBe(status);
      expect(JSON.stringify(answer.json), JSON.stringify(path)).toMatch(message);
    }
  });

  it("does not follow a symlinked folder or file out of a watched folder, nor write a sidecar there", async () => {
    const target = join(ws.root, "linked-shoot");
    mkdirSync(target);
    photoAt(join(target, "linked.jpg"), "linked");
    symlinkSync(target, join(ws.importDir, "shoot-link"));
    symlinkSync(outsidePhoto, join(ws.importDir, "file-link.jpg"));
    const real = photoAt(join(ws.importDir, "real.jpg"), "real");
    await until("the real photo done", async () => (await photoCount()) >= 1, 20_000);
    await daemon.whenIdle();
    const { json } = await api("/api/photos?limit=1000");
    expect(json.photos.map((p: { path: string }) => p.path)).toEqual([real]);
    expect(readdirSync(target)).toEqual(["linked.jpg"]);
    expect(existsSync(join(outsideDir, "private.xmp"))).toBe(false);
    const viaLink = await api("/api/analyze", {
      method: "POST",
      body: JSON.stringify({ path: join(ws.importDir, "file-link.jpg") }),
    });
    expect(viaLink.status).toBe(403);
  });

  it("checks every XMP target right before writing: a sidecar that links out is not written through", async () => {
    const victim = join(outsideDir, "victim.txt");
    writeFileSync(victim, "keep me");
    symlinkSync(victim, join(ws.importDir, "trap.xmp"));
    const trap = photoAt(join(ws.importDir, "trap.jpg"), "trap");
    await until("the trap photo done", async () => {
      const p = (await api(`/api/suggestions?path=${encodeURIComponent(trap)}`)).json;
      return p.status === "ready" ? p : null;
    });
    expect(readFileSync(victim, "utf8")).toBe("keep me");
    const row = daemon.store.db
      .prepare(`SELECT state, outcome FROM xmp_writes WHERE target = ?`)
      .get(trap) as { state: string; outcome: string };
    expect(row.state).toBe("failed");
    expect(row.outcome).toMatch(/link or lies outside/);
  });

  it("an API call never moves a known photo whose file is still there", async () => {
    const original = join(ws.importDir, "real.jpg");
    const known = daemon.store.photos.byPath(original)!;
    const copy = join(daemon.uploadsDir(), "copy-of-real.jpg");
    copyFileSync(original, copy);
    const answer = await api("/api/analyze", {
      method: "POST",
      body: JSON.stringify({ path: copy, waitMs: 0 }),
    });
    expect(answer.json.photo.id).toBe(known.id);
    expect(daemon.store.photos.get(known.id)!.path).toBe(original);
  });
});

describe("finding: a GET changed state, and the cookie worked for other pages of the same site", () => {
  it("a cookie GET of suggestions only reads: an unknown file is not taken in", async () => {
    const cookie = await pairedCookie();
    // A photo the watcher has not seen yet would be taken in by the old GET; now it is only looked up.
    const before = await photoCount();
    const path = join(ws.importDir, "never-seen.jpg");
    const answer = await send(port, `/api/suggestions?path=${encodeURIComponent(path)}`, {
      cookie,
      "sec-fetch-site": "same-origin",
    });
    expect(answer.status).toBe(404);
    expect(await photoCount()).toBe(before);
  });

  it("a GET with the token in a header only reads too: a photo in a watched folder is not taken in", async () => {
    const photo = photoAt(join(shootDir, "asked-by-get.jpg"), "asked-by-get");
    const before = await photoCount();
    const target = `/api/suggestions?path=${encodeURIComponent(photo)}&waitMs=500`;
    const withToken: Record<string, string>[] = [
      { authorization: `Bearer ${daemon.token}` },
      { "x-stridelight-token": daemon.token },
    ];
    for (const headers of withToken) {
      const answer = await send(port, target, headers);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body).error).toMatch(/not known here; POST \/api\/suggestions/);
    }
    await daemon.whenIdle();
    expect(await photoCount()).toBe(before);
    expect(daemon.store.photos.byPath(photo)).toBeNull();
    expect(existsSync(photo.replace(/\.jpg$/, ".xmp"))).toBe(false);
    // The plugins' POST takes it in; the GET then reads the same answer.
    const asked = await api("/api/suggestions", {
      method: "POST",
      body: JSON.stringify({ path: photo, waitMs: 20_000 }),
    });
    expect(asked.status).toBe(200);
    expect(asked.json.status).toBe("ready");
    expect(await photoCount()).toBe(before + 1);
    const read = await send(port, target, { authorization: `Bearer ${daemon.token}` });
    expect(read.status).toBe(200);
    expect(JSON.parse(read.body)).toEqual(asked.json);
  });

  it("a state change with the cookie must come from the page itself", async () => {
    const cookie = await pairedCookie();
    const body = JSON.stringify({ kind: "plugin" });
    const post = (headers: Record<string, string>) =>
      send(
        port,
        "/api/pairing-codes",
        { cookie, "content-type": "application/json", ...headers },
        "POST",
        body,
      );
    expect((await post({})).status).toBe(403); // no Sec-Fetch-Site, no Origin
    expect((await post({ "sec-fetch-site": "same-site" })).status).toBe(403); // another port of 127.0.0.1
    expect((await post({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post({ origin: `http://127.0.0.1:${port}` })).status).toBe(201);
    expect((await post({ "sec-fetch-site": "same-origin" })).status).toBe(201);
    // Reads from another page of the site (an <img>, a no-cors fetch) do not count either.
    const read = await send(port, "/api/photos", { cookie, "sec-fetch-site": "same-site" });
    expect(read.status).toBe(403);
  });
});

describe("finding: bad input answered 500", () => {
  it("a malformed cookie or Authorization header is 400", async () => {
    expect((await send(port, "/api/status", { cookie: "stridelight_token=%E0%A4%A" })).status).toBe(400);
    expect((await send(port, "/", { cookie: "stridelight_token=%E0%A4%A" })).status).toBe(200); // the page itself holds nothing
    expect((await send(port, "/api/status", { authorization: "Basic Zm9vOmJhcg==" })).status).toBe(400);
  });

  it("a feedback proposal nested 4,000 or 4,500 levels, or 200 KB of junk, is refused with 400 and not stored", async () => {
    const photoId = daemon.store.photos.byPath(join(ws.importDir, "real.jpg"))!.id;
    const feedbackBefore = daemon.store.db.prepare(`SELECT COUNT(*) AS n FROM feedback`).get() as {
      n: number;
    };
    const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    for (const proposal of [nested(4000), nested(4500)]) {
      const body = `{"photoId":${photoId},"kind":"rating","value":3,"proposal":${proposal}}`;
      const answer = await api("/api/feedback", { method: "POST", body });
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatch(/deeper than/);
    }
    const junk = { aspect: "3:2", box: [0.1, 0.1, 0.9, 0.9], junk: "x".repeat(200_000) };
    const answer = await api("/api/feedback", {
      method: "POST",
      body: JSON.stringify({ photoId, kind: "crop-accepted", proposal: junk }),
    });
    expect(answer.status).toBe(400);
    const feedbackAfter = daemon.store.db.prepare(`SELECT COUNT(*) AS n FROM feedback`).get() as {
      n: number;
    };
    expect(feedbackAfter.n).toBe(feedbackBefore.n);
  });
});

describe("finding: uploads were held in memory and never removed", () => {
  const upload = (headers: Record<string, string> = {}) =>
    request({
      host: "127.0.0.1",
      port,
      path: "/api/analyze/upload?name=card.jpg&waitMs=0",
      method: "POST",
      headers: { authorization: `Bearer ${daemon.token}`, "content-type": "image/jpeg", ...headers },
    });
  const answerOf = (req: ReturnType<typeof upload>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on("response", (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
    });

  it("refuses an upload declared larger than the limit at once", async () => {
    const req = upload({ "content-length": String(UPLOAD_LIMITS.maxBytes + 1) });
    const answer = answerOf(req);
    req.write(Buffer.alloc(1024));
    expect((await answer).status).toBe(413);
    req.destroy();
  });

  it("streams to disk: a body past the limit is cut off without filling memory, nothing left behind", async () => {
    const rssBefore = process.memoryUsage().rss;
    const req = upload(); // chunked: no length declared
    req.on("error", () => {}); // writes after the answer may meet a closed connection: that is the point
    const answer = answerOf(req);
    const chunk = Buffer.alloc(4 * 1024 * 1024, 7);
    let sent = 0;
    let answered = false;
    void answer.then(() => (answered = true));
    while (!answered && !req.destroyed && sent <= UPLOAD_LIMITS.maxBytes + 4 * chunk.length) {
      if (!req.write(chunk))
        await Promise.race([
          new Promise((r) => req.once("drain", r)),
          answer,
          new Promise((r) => setTimeout(r, 1000)),
        ]);
      sent += chunk.length;
    }
    expect((await answer).status).toBe(413);
    expect(sent).toBeGreaterThan(UPLOAD_LIMITS.maxBytes);
    req.destroy();
    // The companion runs in this process: its memory is ours.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
    await until(
      "no partial upload left",
      () => readdirSync(daemon.uploadsDir()).every((n) => !n.endsWith(".part")),
      5000,
    );
  });

  it("takes a few uploads at once and asks the rest to come back", async () => {
    const held = Array.from({ length: UPLOAD_LIMITS.concurrent }, () => upload());
    const answers = held.map(answerOf);
    for (const req of held) req.write(readFileSync(fixturePhotos()[1]!).subarray(0, 1024));
    await new Promise((r) => setTimeout(r, 300));
    const extra = upload();
    const refused = answerOf(extra);
    extra.end(Buffer.from("x"));
    expect((await refused).status).toBe(503);
    for (const [i, req] of held.entries())
      req.end(Buffer.concat([readFileSync(fixturePhotos()[1]!).subarray(1024), Buffer.from([i])]));
    const settled = await Promise.all(answers);
    expect(settled.map((a) => a.status).every((s) => s === 200 || s === 202)).toBe(true);
    await daemon.whenIdle();
    await until(
      "the uploads removed once analyzed",
      () =>
        readdirSync(daemon.uploadsDir()).filter((n) => n.endsWith(".jpg") && !n.startsWith("copy-of"))
          .length === 0,
      10_000,
    );
  });
});

// Outside CI a machine without Chromium skips this part; CI installs it, so there a missing browser fails loudly.
const browser = existsSync(CHROMIUM) || Boolean(process.env.CI);

describe.skipIf(!browser)("finding: another page of the same site used the cookie (real Chromium)", () => {
  it("a page on another port of 127.0.0.1 cannot make the paired browser take a file in or write a sidecar", async () => {
    const context = await launchChromium({ width: 800, height: 600 });
    const attacker = createServer();
    try {
      const page = await context.newPage();
      // The photographer's browser, paired the legitimate way.
      await page.goto(daemon.pairingLink());
      await page.waitForURL(`http://127.0.0.1:${port}/`);
      const cookies = await context.cookies(`http://127.0.0.1:${port}`);
      expect(cookies.find((c) => c.name === "stridelight_token")).toMatchObject({
        httpOnly: true,
        sameSite: "Strict",
      });
      // The paired page shows a one-time code for a plugin, which trades it for the token.
      await page.getByTestId("pair-plugin").click();
      await page.waitForFunction(
        `/[A-Z0-9]{4}-[A-Z0-9]{4}/.test(document.querySelector('[data-testid="plugin-code"]').textContent)`,
        null,
        { timeout: 10_000 },
      );
      const shown = await page.getByTestId("plugin-code").textContent();
      const code = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(shown ?? "")?.[1];
      expect(code, String(shown)).toBeDefined();
      const traded = await client(port, null)("/api/pair", {
        method: "POST",
        body: JSON.stringify({ code }),
      });
      expect(traded.json.token).toBe(daemon.token);
      // A file the companion may read (uploads folder, not watched) that it does not know yet.
      const bait = photoAt(join(daemon.uploadsDir(), "bait.jpg"), "bait");
      const target = `http://127.0.0.1:${port}/api/suggestions?path=${encodeURIComponent(bait)}&waitMs=0`;
      const html = `<!doctype html><img src="${target}"><script>
        fetch(${JSON.stringify(target)}, { credentials: "include", mode: "no-cors" }).finally(() => (document.title = "sent"));
      </script>`;
      attacker.on("request", (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
      await new Promise<void>((r) => attacker.listen(0, "127.0.0.1", r));
      const attackerPort = (attacker.address() as { port: number }).port;
      const sent = await context.newPage();
      await sent.goto(`http://127.0.0.1:${attackerPort}/`);
      await sent.waitForFunction(`document.title === "sent"`, null, { timeout: 15_000 });
      await new Promise((r) => setTimeout(r, 500));
      expect(daemon.store.photos.byPath(bait)).toBeNull();
      expect(existsSync(bait.replace(/\.jpg$/, ".xmp"))).toBe(false);
    } finally {
      attacker.close();
      await context.close();
    }
  }, 120_000);
});
