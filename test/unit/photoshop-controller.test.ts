/* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers (expect.objectContaining …) as any */
/**
 * The panel's behaviour against the fake Photoshop host: pairing, the offline and document states, following an
 * analysis, applying a crop as one history step with the right bounds, and the feedback each answer sends. The
 * companion here is a small stand-in speaking its HTTP shapes; the end-to-end test uses the real one.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PanelController, TOKEN_SETTING, COMPANION_SETTING } from "../../plugin/photoshop/src/controller.ts";
import type { PanelState } from "../../plugin/photoshop/src/state.ts";
import { FakePhotoshopHost } from "../helpers/fake-photoshop-host.ts";

const TOKEN = "a".repeat(64);
const PATH = "/photos/race/IMG_0001.jpg";
const CROPS = [
  { aspect: "4:5", box: [0.3, 0.1, 0.6, 0.7], score: 0.8, reason: "runner framed with room ahead" },
  { aspect: "original", box: [0.1, 0.1, 0.9, 0.9], score: 0.6, reason: "whole scene" },
];

const SuggestionAsk = z.object({ path: z.string(), waitMs: z.number().int().min(0) }).strict();

interface StandIn {
  fetch: typeof fetch;
  feedback: unknown[];
  requests: string[];
  status: "queued" | "analyzing" | "ready";
}

/** Answers like the companion: health without a token, the rest with it; photos of 6000x4000. */
function companionStandIn(status: StandIn["status"] = "ready"): StandIn {
  const self: StandIn = { feedback: [], requests: [], status, fetch: undefined as unknown as typeof fetch };
  const json = (body: unknown, code = 200) =>
    new Response(JSON.stringify(body), { status: code, headers: { "Content-Type": "application/json" } });
  const answer = (input: string | URL | Request, init?: RequestInit): Response => {
    const url = new URL(input instanceof Request ? input.url : input);
    self.requests.push(`${init?.method ?? "GET"} ${url.pathname}`);
    if (url.pathname === "/api/health") return json({ status: "ok", name: "stridelight", version: "0.1.0" });
    if (new Headers(init?.headers).get("X-Stridelight-Token") !== TOKEN)
      return json({ error: "unauthorised" }, 401);
    // Asking can take a file in: POST with a JSON body, as the companion wants (its GET only reads).
    if (url.pathname === "/api/suggestions") {
      if (init?.method !== "POST") return json({ error: "not known here" }, 404);
      const asked = SuggestionAsk.parse(JSON.parse(init.body as string));
      if (asked.path !== PATH) return json({ error: "no such file" }, 404);
      const s = {
        status: self.status,
        photoId: 7,
        rating: 4,
        label: null,
        keeper: 0.83,
        flags: ["eyes-closed"],
        bibs: ["1234"],
        keywords: [],
        burst: null,
      };
      self.status = self.status === "queued" ? "analyzing" : "ready";
      return json(
        {
          ...s,
          explanations: ["keeper score 83 / 100", "running style 71 / 100"],
          crops: s.status === "ready" ? CROPS : [],
          error: null,
        },
        s.status === "ready" ? 200 : 202,
      );
    }
    if (url.pathname === "/api/photos/7")
      return json({
        id: 7,
        width: 6000,
        height: 4000,
        scores: { parts: { keeper: 0.83, runningStyle: 0.71 } },
      });
    if (url.pathname === "/api/analyze") return json({ done: false, photo: {} }, 202);
    if (url.pathname === "/api/feedback") {
      self.feedback.push(JSON.parse(init?.body as string));
      return json({ id: self.feedback.length, photoId: 7 }, 201);
    }
    return json({ error: "no such endpoint" }, 404);
  };
  self.fetch = (input: string | URL | Request, init?: RequestInit) => Promise.resolve(answer(input, init));
  return self;
}

function panel(host: FakePhotoshopHost, fetchFn: typeof fetch) {
  const controller = new PanelController({
    host,
    fetch: fetchFn,
    defaultCompanion: "http://127.0.0.1:7613",
    pollWaitMs: 0,
    retryMs: 0,
  });
  const seen: PanelState["kind"][] = [];
  controller.subscribe((s) => seen.push(s.kind));
  return { controller, seen };
}

const settle = (c: PanelController, kind: PanelState["kind"]) =>
  new Promise<void>((resolve, reject) => {
    if (c.state.kind === kind) return resolve();
    const timer = setTimeout(() => reject(new Error(`still ${c.state.kind}, wanted ${kind}`)), 3000);
    const off = c.subscribe((s) => {
      if (s.kind === kind) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });

function pairedHost(): FakePhotoshopHost {
  const host = new FakePhotoshopHost();
  host.saveSetting(TOKEN_SETTING, TOKEN);
  return host;
}

describe("pairing and the offline state", () => {
  it("says the companion is not running when nothing answers (a closed port, real fetch)", async () => {
    const host = pairedHost();
    host.saveSetting(COMPANION_SETTING, "http://127.0.0.1:9");
    const { controller } = panel(host, fetch);
    await controller.start();
    expect(controller.state).toEqual({ kind: "offline", companion: "http://127.0.0.1:9" });
    controller.stop();
  });

  it("asks for the token before anything else, and pairs with it", async () => {
    const host = new FakePhotoshopHost();
    host.open({ title: "IMG_0001.jpg", path: PATH, width: 6000, height: 4000 });
    const companion = companionStandIn();
    const { controller } = panel(host, companion.fetch);
    await controller.start();
    expect(controller.state).toMatchObject({ kind: "unpaired", problem: null });
    await controller.pair(`  ${TOKEN}\n`);
    expect(controller.state.kind).toBe("ready");
    // In secureStorage, never in the plain settings (localStorage).
    expect(host.secrets.get(TOKEN_SETTING)).toBe(TOKEN);
    expect(host.loadSetting(TOKEN_SETTING)).toBeNull();
    controller.stop();
  });

  it("moves a token an older version left in the plain settings into secureStorage", async () => {
    const host = pairedHost();
    host.open({ title: "IMG_0001.jpg", path: PATH, width: 6000, height: 4000 });
    const { controller } = panel(host, companionStandIn().fetch);
    await controller.start();
    expect(controller.state.kind).toBe("ready");
    expect(host.secrets.get(TOKEN_SETTING)).toBe(TOKEN);
    expect(host.loadSetting(TOKEN_SETTING)).toBeNull();
    controller.stop();
  });

  it("a document event while unpaired does not re-render (the half-typed token survives)", async () => {
    const host = new FakePhotoshopHost();
    const { controller, seen } = panel(host, companionStandIn().fetch);
    await controller.start();
    const before = controller.state;
    expect(before.kind).toBe("unpaired");
    host.open({ title: "IMG_0001.jpg", path: PATH, width: 6000, height: 4000 });
    await new Promise((r) => setTimeout(r, 30));
    expect(controller.state).toBe(before);
    expect(seen).toEqual(["unpaired"]);
    controller.stop();
  });

  it.each([
    [403, { error: "origin not allowed" }, "forbidden"],
    [404, { error: "no such endpoint" }, "not-stridelight"],
    [200, { hello: "I am a printer" }, "not-stridelight"],
    [500, { error: "boom" }, "companion-error"],
  ] as const)("health answered %i: its own problem (%s), not 'not running'", async (code, body, cause) => {
    const host = pairedHost();
    const answer = () =>
      Promise.resolve(
        new Response(JSON.stringify(body), { status: code, headers: { "Content-Type": "application/json" } }),
      );
    const { controller } = panel(host, answer);
    await controller.start();
    expect(controller.state).toMatchObject({ kind: "problem", cause, companion: "http://127.0.0.1:7613" });
    controller.stop();
  });

  it("goes back to pairing, saying why, when the companion refuses the token", async () => {
    const host = new FakePhotoshopHost();
    host.open({ title: "IMG_0001.jpg", path: PATH, width: 6000, height: 4000 });
    const { controller } = panel(host, companionStandIn().fetch);
    await controller.start();
    await controller.pair("b".repeat(64));
    expect(controller.state).toMatchObject({
      kind: "unpaired",
      problem: expect.stringMatching(/refused this token/),
    });
    controller.stop();
  });
});

describe("the document states", () => {
  it("no document, then an unsaved one, then saved: the panel follows Photoshop's events", async () => {
    const host = pairedHost();
    const { controller } = panel(host, companionStandIn().fetch);
    await controller.start();
    expect(controller.state.kind).toBe("no-document");
    const doc = host.open({ title: "Untitled-1", path: null, width: 6000, height: 4000 });
    await settle(controller, "unsaved");
    host.save(doc, PATH);
    await settle(controller, "ready");
    host.open({ title: "elsewhere.jpg", path: "/elsewhere.jpg", width: 100, height: 100 });
    await settle(controller, "missing-file");
    host.select(doc);
    await settle(controller, "ready");
    controller.stop();
  });

  it("a photo not analyzed yet: asks now, shows it analyzing, then its suggestions", async () => {
    const host = pairedHost();
    host.open({ title: "IMG_0001.jpg", path: PATH, width: 6000, height: 4000 });
    const companion = companionStandIn("queued");
    const { controller, seen } = panel(host, companion.fetch);
    await controller.start();
    expect(controller.state.kind).toBe("not-analyzed");
    await controller.analyzeNow();
    await settle(controller, "ready");
    expect(seen).toEqual(expect.arrayContaining(["not-analyzed", "analyzing", "ready"]));
    expect(companion.requests).toContain("POST /api/analyze");
    expect(companion.requests).toContain("POST /api/suggestions");
    expect(companion.requests).not.toContain("GET /api/suggestions");
    const s = controller.state;
    if (s.kind !== "ready") throw new Error("not ready");
    expect(s.verdict).toMatchObject({
      keeper: 0.83,
      runningStyle: 0.71,
      bibs: ["1234"],
      flags: ["eyes-closed"],
      analyzed: { width: 6000, height: 4000 },
    });
    expect(s.draft).toMatchObject({ aspect: "4:5", box: CROPS[0]!.box });
    controller.stop();
  });
});

describe("applying a crop and the feedback it sends", () => {
  async function readyPanel(width = 6000, height = 4000) {
    const host = pairedHost();
    const doc = host.open({ title: "IMG_0001.jpg", path: PATH, width, height });
    const companion = companionStandIn();
    const { controller } = panel(host, companion.fetch);
    await controller.start();
    return { host, doc, companion, controller };
  }

  it("applies the proposal as one undoable history step with the right bounds, and reports it accepted", async () => {
    const { host, doc, companion, controller } = await readyPanel(3000, 2000);
    await controller.applyCrop();
    expect(host.crops).toEqual([
      { documentId: doc.id, bounds: { left: 900, top: 200, right: 1800, bottom: 1400 }, angle: 0 },
    ]);
    expect(host.history.map((h) => h.name)).toEqual(["Stridelight crop"]);
    expect(companion.feedback).toEqual([
      {
        photoId: 7,
        source: "photoshop",
        kind: "crop-accepted",
        proposal: { aspect: "4:5", box: CROPS[0]!.box },
      },
    ]);
    expect(controller.state).toMatchObject({
      notice: { tone: "info", text: expect.stringMatching(/accepted/) },
    });
    host.undo();
    expect({ w: doc.width, h: doc.height }).toEqual({ w: 3000, h: 2000 });
    controller.stop();
  });

  it("reports an adjusted crop with the final box and the proposal it answers", async () => {
    const { host, companion, controller } = await readyPanel();
    controller.move(0.1, 0);
    controller.scale(0.5);
    const s = controller.state;
    if (s.kind !== "ready" || !s.draft) throw new Error("no draft");
    const final = s.draft.box;
    await controller.applyCrop();
    expect(companion.feedback).toEqual([
      {
        photoId: 7,
        source: "photoshop",
        kind: "crop-adjusted",
        proposal: { aspect: "4:5", box: CROPS[0]!.box },
        value: { aspect: "4:5", box: final },
      },
    ]);
    expect(host.crops[0]!.bounds).toEqual({
      left: Math.round(final[0] * 6000),
      top: Math.round(final[1] * 4000),
      right: Math.round(final[2] * 6000),
      bottom: Math.round(final[3] * 4000),
    });
    controller.stop();
  });

  it("switching to an aspect the companion proposed takes that proposal", async () => {
    const { companion, controller } = await readyPanel();
    controller.chooseAspect("original");
    await controller.applyCrop();
    expect(companion.feedback).toEqual([
      expect.objectContaining({
        kind: "crop-accepted",
        proposal: { aspect: "original", box: CROPS[1]!.box },
      }),
    ]);
    controller.stop();
  });

  it("reports a rejected suggestion without touching the document", async () => {
    const { host, companion, controller } = await readyPanel();
    await controller.rejectCrop();
    expect(companion.feedback).toEqual([
      {
        photoId: 7,
        source: "photoshop",
        kind: "crop-rejected",
        proposal: { aspect: "4:5", box: CROPS[0]!.box },
      },
    ]);
    expect(host.crops).toEqual([]);
    controller.stop();
  });

  it("refuses a rotated document with a clear message, crops nothing and sends nothing", async () => {
    const { host, doc, companion, controller } = await readyPanel();
    host.rotate90(doc);
    await new Promise((r) => setTimeout(r, 20));
    await controller.applyCrop();
    expect(host.crops).toEqual([]);
    expect(companion.feedback).toEqual([]);
    expect(controller.state).toMatchObject({
      kind: "ready",
      notice: { tone: "error", text: expect.stringMatching(/rotated since it was analyzed/) },
    });
    controller.stop();
  });

  it("after the crop the view follows the cropped document: its size, and the crop as the frame shown", async () => {
    const { host, controller } = await readyPanel(3000, 2000);
    await controller.applyCrop();
    await new Promise((r) => setTimeout(r, 20));
    expect(controller.state).toMatchObject({
      kind: "ready",
      doc: { width: 900, height: 1200 },
      shown: CROPS[0]!.box,
    });
    // Applying again while cropped is refused (here the shape changed too).
    await controller.applyCrop();
    expect(host.crops).toHaveLength(1);
    expect(controller.state).toMatchObject({ notice: { tone: "error" } });
    host.undo();
    await new Promise((r) => setTimeout(r, 20));
    expect(controller.state).toMatchObject({ doc: { width: 3000, height: 2000 }, shown: [0, 0, 1, 1] });
    controller.stop();
  });

  it("a second crop is refused even when the first kept the photo's shape (the original aspect)", async () => {
    const { host, controller } = await readyPanel(3000, 2000);
    controller.chooseAspect("original");
    await controller.applyCrop();
    await new Promise((r) => setTimeout(r, 20));
    expect(controller.state).toMatchObject({ doc: { width: 2400, height: 1600 }, shown: CROPS[1]!.box });
    await controller.applyCrop();
    expect(host.crops).toHaveLength(1);
    expect(controller.state).toMatchObject({
      notice: { tone: "error", text: expect.stringMatching(/already cropped: Undo/) },
    });
    controller.stop();
  });

  it("a second crop after the first is refused: the document no longer has the analyzed shape", async () => {
    const { host, controller } = await readyPanel();
    await controller.applyCrop();
    await new Promise((r) => setTimeout(r, 20));
    await controller.applyCrop();
    expect(host.crops).toHaveLength(1);
    expect(controller.state).toMatchObject({
      notice: { tone: "error", text: expect.stringMatching(/no longer matches/) },
    });
    controller.stop();
  });

  it("when another plugin holds Photoshop's modal scope, says so and sends no feedback", async () => {
    const { host, companion, controller } = await readyPanel();
    host.holdModal(true);
    await controller.applyCrop();
    expect(host.crops).toEqual([]);
    expect(companion.feedback).toEqual([]);
    expect(controller.state).toMatchObject({
      notice: { tone: "error", text: "Photoshop did not crop: host is in a modal state" },
    });
    controller.stop();
  });
});

describe("feedback while the companion is away", () => {
  it("keeps an answer the companion could not take and sends it on the next look", async () => {
    const host = pairedHost();
    host.open({ title: "IMG_0001.jpg", path: PATH, width: 6000, height: 4000 });
    const companion = companionStandIn();
    let down = false;
    const flaky = ((input: string | URL | Request, init?: RequestInit) =>
      down ? Promise.reject(new TypeError("fetch failed")) : companion.fetch(input, init)) as typeof fetch;
    const { controller } = panel(host, flaky);
    await controller.start();
    down = true;
    await controller.rejectCrop();
    expect(controller.state).toMatchObject({
      notice: { tone: "error", text: expect.stringMatching(/will be sent when the companion answers again/) },
    });
    expect(companion.feedback).toEqual([]);
    down = false;
    await controller.refresh();
    expect(companion.feedback).toEqual([expect.objectContaining({ kind: "crop-rejected" })]);
    controller.stop();
  });

  it("drops the notice of an earlier crop when the document changes for another reason", async () => {
    const host = pairedHost();
    const doc = host.open({ title: "IMG_0001.jpg", path: PATH, width: 6000, height: 4000 });
    const { controller } = panel(host, companionStandIn().fetch);
    await controller.start();
    await controller.applyCrop();
    await new Promise((r) => setTimeout(r, 20));
    expect(controller.state).toMatchObject({ notice: { tone: "info" } });
    host.rotate90(doc);
    await new Promise((r) => setTimeout(r, 20));
    expect(controller.state).toMatchObject({
      kind: "ready",
      notice: null,
      doc: { width: 2400, height: 1800 },
    });
    controller.stop();
  });
});
