/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- the API's JSON answers are read untyped on purpose: the test checks their shape */
/**
 * The companion end to end, in this process: real config file, real chokidar on a temp import folder, real SQLite,
 * the real worker pool with the real models on the fixture photos, real XMP sidecars, real HTTP on 127.0.0.1.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { open as openFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Daemon } from "../../companion/daemon.ts";
import { imageDataHash, startExifTool } from "./xmp-helpers.ts";
import {
  client,
  dropPhotos,
  rawGet,
  fixturePhotos,
  quietLog,
  until,
  workspace,
  type Workspace,
} from "./companion-helpers.ts";

let ws: Workspace;
let daemon: Daemon;
let api: ReturnType<typeof client>;
let dropped: string[] = [];

beforeAll(async () => {
  ws = workspace();
  daemon = await Daemon.start({ configFile: ws.configFile, logger: quietLog(), graceMs: 5000 });
  api = client(daemon.port(), readFileSync(join(ws.dataDir, "token"), "utf8").trim());
});

afterAll(async () => {
  await daemon?.stop();
});

describe("photos dropped into a watched folder", () => {
  it("are all processed, a broken file and a slow copy included, XMP written by the folder's policy", async () => {
    dropped = dropPhotos(ws.importDir);
    writeFileSync(join(ws.importDir, "broken.jpg"), "this is not a photo");
    // A copy still in progress: half the bytes now, the rest after a pause longer than a poll but shorter than settleMs.
    const slow = join(ws.importDir, "slow-copy.jpg");
    const bytes = readFileSync(fixturePhotos()[0]!);
    const handle = await openFile(slow, "w");
    await handle.write(bytes.subarray(0, bytes.length / 2));
    await new Promise((r) => setTimeout(r, 120));
    await handle.write(bytes.subarray(bytes.length / 2));
    await handle.close();
    writeFileSync(slow, Buffer.concat([bytes, Buffer.from([9])])); // a different file from its source
    await until(
      "every photo to be processed",
      async () => {
        const { json } = await api("/api/status");
        const f = json.folders[0];
        return f && f.total === 10 && f.done + f.failed === 10;
      },
      90_000,
    );
    const status = (await api("/api/status")).json;
    expect(status.folders[0]).toMatchObject({
      lightroomSeesJpeg: true,
      results: expect.stringMatching(/inside JPEG\/TIFF\/DNG/),
    });
    const { json } = await api("/api/photos?limit=100");
    expect(json.total).toBe(10);
    const byName = new Map<string, { status: string; stars: number | null }>(
      json.photos.map((p: { path: string }) => [p.path.split("/").pop(), p]),
    );
    expect(byName.get("broken.jpg")!.status).toBe("failed");
    expect(byName.get("slow-copy.jpg")!.status).toBe("done");
    const et = startExifTool();
    try {
      for (const file of dropped) {
        const name = file.split("/").pop()!;
        expect(byName.get(name)!.status, name).toBe("done");
        // The default: XMP inside the JPEG, where Lightroom reads it; no sidecar; the image data untouched.
        expect(existsSync(file.replace(/\.jpg$/, ".xmp")), name).toBe(false);
        const source = fixturePhotos().find((f) => f.endsWith(name))!;
        expect(await imageDataHash(et, file), name).toBe(await imageDataHash(et, source));
        const tags = await et.read<Record<string, unknown>>(file);
        expect(typeof tags.Rating, name).toBe("number");
        expect(tags.CropLeft, name).toBeUndefined(); // crops are opt-in
      }
    } finally {
      await et.end();
    }
  });

  it("one photo's detail has analysis, scores, explanations, crops and the write record", async () => {
    const { json: list } = await api("/api/photos?status=done&limit=1");
    const { status, json } = await api(`/api/photos/${list.photos[0].id}`);
    expect(status).toBe(200);
    expect(json.analysis.schema).toBe("stridelight.analysis/1");
    expect(json.explanations.length).toBeGreaterThan(0);
    expect(json.crops.length).toBeGreaterThan(0);
    expect(json.writes).toEqual([expect.objectContaining({ state: "done" })]);
  });

  it("filters by score, flag and bib", async () => {
    const all = (await api("/api/photos?limit=100")).json.photos as {
      keeper: number | null;
      flags: string[];
    }[];
    const high = (await api("/api/photos?minKeeper=0.5")).json.photos as { keeper: number }[];
    expect(high.length).toBe(all.filter((p) => (p.keeper ?? -1) >= 0.5).length);
    const flag = all.flatMap((p) => p.flags)[0];
    if (flag) {
      const flagged = (await api(`/api/photos?flag=${flag}`)).json.photos as { flags: string[] }[];
      expect(flagged.length).toBeGreaterThan(0);
      expect(flagged.every((p) => p.flags.includes(flag))).toBe(true);
    }
    expect((await api("/api/photos?bib=99999")).json.total).toBe(0);
    expect((await api("/api/photos?minKeeper=2")).status).toBe(400);
  });

  it("a renamed photo is followed, not analyzed again", async () => {
    const from = dropped[1]!;
    const before = (await api("/api/photos?limit=100")).json.photos.find(
      (p: { path: string }) => p.path === from,
    );
    const to = join(ws.importDir, "renamed-by-photographer.jpg");
    renameSync(from, to);
    const after = await until(
      "the new path",
      async () => {
        const found = (await api("/api/photos?limit=100")).json.photos.find(
          (p: { path: string }) => p.path === to,
        );
        return found ?? null;
      },
      15_000,
    );
    expect(after.id).toBe(before.id);
    expect((await api("/api/photos?limit=100")).json.total).toBe(10);
  });
});

describe("the API's guards", () => {
  it("answers 401 without the token, and 403 to a foreign Host or Origin even with it", async () => {
    const port = daemon.port();
    const anonymous = client(port, null);
    expect((await anonymous("/api/photos")).status).toBe(401);
    expect((await anonymous("/api/status")).status).toBe(401);
    expect((await client(port, "0".repeat(64))("/api/photos")).status).toBe(401);
    expect((await anonymous("/api/health")).json).toMatchObject({ status: "ok" });
    const auth = { Authorization: `Bearer ${daemon.token}` };
    expect(await rawGet(port, "/api/photos", { ...auth, Host: "evil.example" })).toBe(403);
    expect(await rawGet(port, "/api/photos", { ...auth, Host: `attacker.example:${port}` })).toBe(403);
    expect(await rawGet(port, "/", { Host: "evil.example" })).toBe(403); // the page (and its token cookie) too
    expect(await rawGet(port, "/api/photos", { ...auth, Host: `localhost:${port}` })).toBe(200);
    expect((await api("/api/photos", { headers: { Origin: "http://evil.example" } })).status).toBe(403);
    expect((await api("/api/photos", { headers: { Origin: `http://127.0.0.1:${port}` } })).status).toBe(200);
  });

  it("validates every request and names the field", async () => {
    const bad = await api("/api/feedback", {
      method: "POST",
      body: JSON.stringify({ photoId: 1, kind: "rating", value: 9 }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json.details.join()).toMatch(/body\.value/);
    const relative = await api("/api/suggestions?path=relative.jpg");
    expect(relative.status).toBe(400);
    expect(relative.json.details.join()).toMatch(/query\.path/);
    const asked = await api("/api/suggestions", {
      method: "POST",
      body: JSON.stringify({ path: "relative.jpg", waitMs: 0 }),
    });
    expect(asked.status).toBe(400);
    expect(asked.json.details.join()).toMatch(/body\.path/);
  });

  it("publishes an OpenAPI document and a docs page covering every endpoint", async () => {
    const { json } = await api("/api/openapi.json");
    expect(json.openapi).toBe("3.1.0");
    for (const path of [
      "/api/photos",
      "/api/photos/{id}",
      "/api/analyze",
      "/api/suggestions",
      "/api/feedback",
      "/api/events",
      "/api/models/rollback",
      "/api/operations",
    ]) {
      expect(Object.keys(json.paths)).toContain(path);
    }
    expect((await api("/api/docs")).json).toMatch(/<table>/);
  });
});

describe("what the plugins ask", () => {
  it("suggestions for a file path, feedback on them, and the list of operations", async () => {
    const path = dropped[0]!;
    const { status, json } = await api("/api/suggestions", {
      method: "POST",
      body: JSON.stringify({ path, waitMs: 0 }),
    });
    expect(status).toBe(200);
    // A GET reads the same answer for a photo the companion knows.
    expect((await api(`/api/suggestions?path=${encodeURIComponent(path)}`)).json).toEqual(json);
    expect(json.status).toBe("ready");
    expect(json.rating).toBeGreaterThanOrEqual(-1);
    expect(json.crops[0].crs).toHaveProperty("CropLeft");
    const fb = await api("/api/feedback", {
      method: "POST",
      body: JSON.stringify({
        path,
        kind: "crop-adjusted",
        value: { box: [0.1, 0.1, 0.8, 0.9] },
        proposal: { aspect: json.crops[0].aspect, box: json.crops[0].box },
        source: "lightroom",
      }),
    });
    expect(fb.status).toBe(201);
    expect((await api(`/api/photos/${json.photoId}`)).json.feedback).toEqual([
      expect.objectContaining({ kind: "crop-adjusted", source: "lightroom" }),
    ]);
    expect((await api("/api/operations")).json.tasks.map((t: { name: string }) => t.name)).toEqual([
      "analyze",
      "score",
      "crops",
      "write-xmp",
    ]);
  });

  it("analyze now: refused outside the folders; inside them, only the tasks asked for", async () => {
    const outside = join(ws.root, "outside.jpg");
    writeFileSync(outside, Buffer.concat([readFileSync(fixturePhotos()[2]!), Buffer.from([42])]));
    const refused = await api("/api/analyze", {
      method: "POST",
      body: JSON.stringify({ path: outside, tasks: ["analyze", "score"] }),
    });
    expect(refused.status).toBe(403);
    // The uploads folder is the companion's own: a file there is not picked up by the watcher on its own.
    const inside = join(daemon.uploadsDir(), "inside.jpg");
    renameSync(outside, inside);
    const { status, json } = await api("/api/analyze", {
      method: "POST",
      body: JSON.stringify({ path: inside, tasks: ["analyze", "score"] }),
    });
    expect(status).toBe(200);
    expect(json.photo.status).toBe("done");
    expect(json.photo.scores).not.toBeNull();
    expect(json.photo.crops).toEqual([]);
    expect(existsSync(join(daemon.uploadsDir(), "inside.xmp"))).toBe(false);
    expect(existsSync(join(ws.root, "outside.xmp"))).toBe(false);
  });

  it("analyze an upload", async () => {
    const bytes = Buffer.concat([readFileSync(fixturePhotos()[3]!), Buffer.from([7])]);
    const res = await fetch(`http://127.0.0.1:${daemon.port()}/api/analyze/upload?name=card.jpg`, {
      method: "POST",
      headers: { Authorization: `Bearer ${daemon.token}`, "Content-Type": "image/jpeg" },
      body: bytes,
    });
    const json = (await res.json()) as {
      photo: { status: string; path: string; analysis: { width: number } };
    };
    expect(res.status).toBe(200);
    expect(json.photo.status).toBe("done");
    expect(json.photo.analysis.width).toBeGreaterThan(0);
    // An upload lives only as long as its analysis.
    await until("the upload removed", () => !existsSync(json.photo.path), 5000);
  });

  it("streams progress as server-sent events", async () => {
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${daemon.port()}/api/events`, {
      headers: { Authorization: `Bearer ${daemon.token}` },
      signal: controller.signal,
    });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const seen: string[] = [];
    dropPhotos(ws.importDir, 2, fixturePhotos().slice(4, 5)); // one new file (copy1 of the 5th)
    await until(
      "a photo event",
      async () => {
        const { value } = await reader.read();
        seen.push(new TextDecoder().decode(value));
        return seen.join("").includes("event: photo");
      },
      30_000,
      0,
    );
    controller.abort();
    expect(seen.join("")).toMatch(/event: status/);
  });

  it("lists models and rolls back only when there is an earlier version", async () => {
    const { json } = await api("/api/models");
    expect(json.models.map((m: { model: string }) => m.model)).toContain("keeper-head");
    expect(
      (await api("/api/models/rollback", { method: "POST", body: JSON.stringify({ model: "keeper-head" }) }))
        .status,
    ).toBe(409);
    daemon.store.models.activate("keeper-head", "2");
    const back = await api("/api/models/rollback", {
      method: "POST",
      body: JSON.stringify({ model: "keeper-head" }),
    });
    expect(back.json).toMatchObject({ model: "keeper-head", version: "1", active: true });
  });
});

describe("config reload while running", () => {
  it("a broken edit keeps the last good config and the status says why", async () => {
    const good = readFileSync(ws.configFile, "utf8");
    writeFileSync(ws.configFile, good.replace('"settleMs":200', '"settleMs":"soon"'));
    const problem = await until(
      "the rejection",
      async () => (await api("/api/status")).json.configProblem,
      5000,
    );
    expect(problem.join()).toMatch(/settleMs/);
    expect(daemon.config().settleMs).toBe(200);
    writeFileSync(ws.configFile, good);
    await until(
      "the problem to clear",
      async () => (await api("/api/status")).json.configProblem === null,
      5000,
    ).catch(() => null);
  });
});
