/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- the API's JSON answers are read untyped on purpose: the test checks their shape */
/**
 * Regions on request, against a running companion with the real models: POST /api/analyze with `regions` answers
 * each runner's person box, lower body and face as JPEG (base64) at the requested size, cut from the
 * full-resolution picture; GET /api/photos/:id/regions/:runner/:kind gives the bytes; both are documented.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Daemon } from "../../companion/daemon.ts";
import { ARTIFACTS, client, FIXTURES, quietLog, workspace, type Workspace } from "./companion-helpers.ts";

let ws: Workspace;
let daemon: Daemon;
let api: ReturnType<typeof client>;
let token: string;
const PHOTO = "side-runner-street-kurrasch-unsplash.jpg";

beforeAll(async () => {
  ws = workspace();
  daemon = await Daemon.start({ configFile: ws.configFile, logger: quietLog(), graceMs: 2000 });
  token = readFileSync(join(ws.dataDir, "token"), "utf8").trim();
  api = client(daemon.port(), token);
});

afterAll(async () => {
  await daemon?.stop();
});

describe("regions on request", () => {
  it("answers person, lower body and face per runner as JPEG at the asked size, from the full resolution", async () => {
    // Inside the watched folder: the API refuses paths outside it (issue 19).
    mkdirSync(join(ws.importDir, "shoot"), { recursive: true });
    const photo = join(ws.importDir, "shoot", PHOTO);
    copyFileSync(join(FIXTURES, PHOTO), photo);
    const { status, json } = await api("/api/analyze", {
      method: "POST",
      body: JSON.stringify({ path: photo, waitMs: 120_000, regions: { size: 256 } }),
    });
    expect(status).toBe(200);
    const analysis = json.photo.analysis;
    const prominent = analysis.prominent as number;
    const mine = json.regions.filter((r: { runner: number }) => r.runner === prominent);
    expect(mine.map((r: { kind: string }) => r.kind)).toEqual(
      expect.arrayContaining(["person", "lowerBody"]),
    );
    const hasFace = analysis.faces.some((f: { runner: number | null }) => f.runner === prominent);
    expect(mine.some((r: { kind: string }) => r.kind === "face")).toBe(hasFace);
    mkdirSync(join(ARTIFACTS, "regions"), { recursive: true });
    for (const r of json.regions) {
      writeFileSync(
        join(ARTIFACTS, "regions", `runner${r.runner}-${r.kind}.jpg`),
        Buffer.from(r.jpeg, "base64"),
      );
      const meta = await sharp(Buffer.from(r.jpeg, "base64")).metadata();
      expect(meta.format).toBe("jpeg");
      expect([meta.width, meta.height]).toEqual([r.width, r.height]);
      expect(Math.max(r.width, r.height)).toBeLessThanOrEqual(256);
    }
    const person = mine.find((r: { kind: string }) => r.kind === "person");
    const legs = mine.find((r: { kind: string }) => r.kind === "lowerBody");
    expect(person.box).toEqual(analysis.runners[prominent].box);
    // Hips to feet: the lower half of the person, inside the person's width.
    expect(legs.box[1]).toBeGreaterThan(person.box[1] + (person.box[3] - person.box[1]) * 0.3);
    expect(legs.box[0]).toBeGreaterThanOrEqual(person.box[0]);
    expect(legs.box[2]).toBeLessThanOrEqual(person.box[2]);

    // The bytes, one region at a time, at the largest size: as many pixels as the full-resolution photo has there
    // (the analysis's working raster is 1536 px on its long side: that would give far fewer).
    const res = await fetch(
      `http://127.0.0.1:${daemon.port()}/api/photos/${json.photo.id}/regions/${prominent}/person?size=2048`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    const big = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    const fullHeight = Math.round((person.box[3] - person.box[1]) * analysis.height);
    expect(Math.abs(big.height - Math.min(2048, fullHeight))).toBeLessThanOrEqual(2);
    expect(big.height).toBeGreaterThan(
      ((person.box[3] - person.box[1]) * 1536 * analysis.height) / analysis.width,
    );

    const missing = await api(`/api/photos/${json.photo.id}/regions/99/face`);
    expect(missing.status).toBe(404);
    expect((await api(`/api/photos/${json.photo.id}/regions/0/elbow`)).status).toBe(400);
  }, 180_000);

  it("is listed in /api/operations and the OpenAPI document", async () => {
    const ops = await api("/api/operations");
    expect(ops.json.regions.map((r: { name: string }) => r.name)).toEqual(["person", "lowerBody", "face"]);
    const doc = await api("/api/openapi.json");
    expect(Object.keys(doc.json.paths)).toContain("/api/photos/{id}/regions/{runner}/{kind}");
    expect(JSON.stringify(doc.json.paths["/api/analyze"])).toMatch(/regions/);
  });
});
