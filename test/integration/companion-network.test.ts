/**
 * Opening the companion's API to the network: by default it stays on 127.0.0.1 and refuses any other Host; opened
 * by the config (here: an extra host name, while still bound to loopback — tests never use another address),
 * it answers to that name, and then every request but /api/health needs the pairing token, the page included.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configFrom } from "../../companion/config/load.ts";
import { Daemon } from "../../companion/daemon.ts";
import type { PhotoServices } from "../../companion/queue/services.ts";
import { quietLog, send, workspace } from "./companion-helpers.ts";

/** Nothing is analyzed here: only the HTTP layer of a real daemon is under test. */
function idleServices(): PhotoServices {
  const idle = { models: {}, close: () => Promise.resolve() };
  return {
    analysis: { ...idle, workers: 1, analyze: () => Promise.reject(new Error("not in this test")) },
    scoring: { ...idle, scoreShoot: () => Promise.reject(new Error("not in this test")) },
    crops: { propose: () => [] },
    xmp: {
      write: () => Promise.resolve({ written: false, skipped: [] }),
      holds: () => Promise.resolve(true),
      close: () => Promise.resolve(),
    },
  };
}

let daemon: Daemon | null = null;

async function startWith(http: Record<string, unknown>) {
  const ws = workspace({ http: { port: 0, ...http } });
  daemon = await Daemon.start({
    configFile: ws.configFile,
    services: idleServices(),
    logger: quietLog(),
    graceMs: 500,
  });
  const token = readFileSync(join(ws.dataDir, "token"), "utf8").trim();
  return { port: daemon.port(), token };
}

afterEach(async () => {
  await daemon?.stop();
  daemon = null;
});

describe("the companion's API on the network", () => {
  it("stays on 127.0.0.1 by default and refuses a foreign Host even with the token", async () => {
    const { port, token } = await startWith({});
    expect(daemon!.listenAddress()).toBe("127.0.0.1");
    const auth = { authorization: `Bearer ${token}` };
    const foreign = await send(port, "/api/status", { ...auth, host: `race-server.local:${port}` });
    expect(foreign.status).toBe(403);
    const status = await send(port, "/api/status", { ...auth, host: `127.0.0.1:${port}` });
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body)).toMatchObject({
      network: { open: false, listen: "127.0.0.1", hosts: [] },
      distributed: null,
    });
    // This machine's browser gets the page, but no cookie for the asking: it pairs with a one-time link.
    const page = await send(port, "/", { host: `localhost:${port}` });
    expect(page.status).toBe(200);
    expect(page.headers["set-cookie"]).toBeUndefined();
  });

  it("opened: answers to the configured host, with the token on everything but /api/health", async () => {
    const { port, token } = await startWith({ listen: "127.0.0.1", allowedHosts: ["Race-Server.local"] });
    const host = { host: `race-server.local:${port}` };
    const auth = { ...host, authorization: `Bearer ${token}` };

    expect((await send(port, "/api/health", host)).status).toBe(200);
    for (const path of ["/api/status", "/api/model-files/iris", "/api/photos", "/api/openapi.json"])
      expect((await send(port, path, host)).status, path).toBe(401);
    const status = await send(port, "/api/status", auth);
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body)).toMatchObject({ network: { open: true, hosts: ["race-server.local"] } });
    expect((await send(port, "/api/model-files/iris", auth)).status).toBe(200);
    expect((await send(port, "/api/model-files/iris", { ...host, authorization: "Bearer x" })).status).toBe(
      401,
    );

    // The page, its script and the docs need the token too; a browser elsewhere gets the pairing form, no cookie.
    for (const path of ["/", "/app.js", "/api/docs"]) {
      const answer = await send(port, path, host);
      expect(answer.status, path).toBe(401);
      expect(answer.headers["set-cookie"], path).toBeUndefined();
    }
    expect((await send(port, "/app.js", auth)).status).toBe(200);
    expect(
      (await send(port, "/api/status", { host: `evil.example:${port}`, authorization: `Bearer ${token}` }))
        .status,
    ).toBe(403);
  });

  it("opened: a browser elsewhere pairs with the token in a form, never gets it for nothing", async () => {
    const { port, token } = await startWith({ allowedHosts: ["race-server.local"] });
    const form = { host: `race-server.local:${port}`, "content-type": "application/x-www-form-urlencoded" };
    const wrong = await send(port, "/pair", form, "POST", `token=${"0".repeat(64)}`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    const right = await send(port, "/pair", form, "POST", `token=${token}`);
    expect(right.status).toBe(303);
    const cookie = String(right.headers["set-cookie"]).split(";")[0]!;
    expect(cookie).toBe(`stridelight_token=${token}`);
    const page = await send(port, "/", { host: `race-server.local:${port}`, cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="network"');
  });

  it("validates the network settings in watch-config.json", () => {
    const bad = configFrom(
      { version: 1, http: { listen: "everywhere", allowedHosts: ["http://x:80"] } },
      "/",
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join("\n")).toMatch(/http\.listen[\s\S]*http\.allowedHosts/);
    const good = configFrom({ version: 1, http: { listen: "0.0.0.0", allowedHosts: ["10.0.0.5"] } }, "/");
    expect(good.ok).toBe(true);
  });
});
