/**
 * End to end: the panel's real HTML and bundle in headless Chromium, Photoshop played by the fake host, talking to
 * a real companion started here (real HTTP on 127.0.0.1, real SQLite, real models on a fixture photo). Checks the
 * crop command's bounds and that every answer lands in the companion's store. Screenshots go to test/artifacts/.
 *
 * The page is served at the companion's own origin (Playwright answers the panel's files itself), so the panel's
 * calls are same-origin: like UXP, which applies no CORS, only the manifest's list of origins.
 */
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Daemon } from "../../companion/daemon.ts";
import type { CropCall, FakePhotoshopHost } from "../helpers/fake-photoshop-host.ts";
import { launchChromium } from "../helpers/chromium.ts";
import { ARTIFACTS, FIXTURES, quietLog, workspace, type Workspace } from "./companion-helpers.ts";

const PLUGIN = resolve(import.meta.dirname, "../../plugin/photoshop");
const SHOTS = join(ARTIFACTS, "photoshop");
const PHOTO = "side-jogger-waterfront-chander-unsplash.jpg";

interface Harness {
  host: FakePhotoshopHost;
  doc: { id: number; width: number; height: number };
}

let ws: Workspace;
let daemon: Daemon;
let token: string;
let origin: string;
let photo: string;
let context: BrowserContext;
let page: Page;
/** The method of every request the panel made to /api/suggestions. */
const suggestionMethods: string[] = [];

/** The panel with the fake host instead of host.ts; everything else is the plugin's own code. */
async function harnessBundle(thumbnail: string, size: { width: number; height: number }): Promise<string> {
  const entry = `
    import { FakePhotoshopHost } from "./fake-photoshop-host.ts";
    import { mountPanel } from "../../plugin/photoshop/src/panel.ts";
    const host = new FakePhotoshopHost();
    host.saveSetting("stridelight.companion", ${JSON.stringify(origin)});
    const doc = host.open({ title: ${JSON.stringify(PHOTO)}, path: ${JSON.stringify(photo)}, width: ${size.width}, height: ${size.height}, thumbnail: ${JSON.stringify(thumbnail)} });
    window.harness = { host, doc, controller: mountPanel(document.getElementById("app"), { host, fetch: (i, o) => fetch(i, o), defaultCompanion: ${JSON.stringify(origin)}, pollWaitMs: 2000, retryMs: 0 }) };
  `;
  const out = await build({
    stdin: { contents: entry, resolveDir: resolve(import.meta.dirname, "../helpers"), loader: "ts" },
    bundle: true,
    write: false,
    format: "iife",
    target: "es2019",
  });
  return out.outputFiles[0]!.text;
}

async function servePanel(p: Page, script: string): Promise<void> {
  const files: Record<string, [string, string]> = {
    "index.html": ["text/html", readFileSync(join(PLUGIN, "index.html"), "utf8")],
    "panel.css": ["text/css", readFileSync(join(PLUGIN, "panel.css"), "utf8")],
    "main.js": ["text/javascript", script],
  };
  await p.route(`${origin}/__panel__/**`, (route) => {
    const [type, body] = files[new URL(route.request().url()).pathname.split("/").pop()!] ?? [
      "text/plain",
      "",
    ];
    return route.fulfill({ status: body ? 200 : 404, contentType: type, body });
  });
}

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const state = (kind: string, timeout = 15_000) => page.waitForSelector(`[data-state="${kind}"]`, { timeout });
/** Runs `read` in the page on the harness (the fake host lives there, beside the panel). */
const host = <T>(read: (h: Harness) => T) => page.evaluate<T>(`(${read.toString()})(window.harness)`);
const crops = () => host<CropCall[]>((h) => h.host.crops);
const feedback = () => daemon.store.feedback.forPhoto(daemon.store.photos.byPath(photo)!.id);

/**
 * What the companion itself suggests for the photo, asked here directly (the panel's first draft must be its best).
 * A GET: the photo is known by now, and a GET only reads.
 */
async function companionBest() {
  const headers = { Authorization: `Bearer ${token}` };
  const s = (await (
    await fetch(`${origin}/api/suggestions?path=${encodeURIComponent(photo)}`, { headers })
  ).json()) as {
    photoId: number;
    crops: { aspect: string; box: number[]; score: number }[];
  };
  const best = [...s.crops].sort((a, b) => b.score - a.score)[0]!;
  return best;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // The shoot is a watched folder (the companion reads only there) whose patterns take no file on their own:
  // the photo is not analyzed until the panel asks.
  ws = workspace({ folders: [{ path: "import" }, { path: "shoot", include: ["taken-only-when-asked"] }] });
  mkdirSync(join(ws.root, "shoot"));
  photo = join(ws.root, "shoot", PHOTO);
  copyFileSync(join(FIXTURES, PHOTO), photo);
  daemon = await Daemon.start({ configFile: ws.configFile, logger: quietLog(), graceMs: 5000 });
  origin = `http://127.0.0.1:${daemon.port()}`;
  token = readFileSync(join(ws.dataDir, "token"), "utf8").trim();
  const meta = await sharp(photo).metadata();
  const thumb = await sharp(photo).resize({ width: 320 }).jpeg({ quality: 80 }).toBuffer();
  const script = await harnessBundle(`data:image/jpeg;base64,${thumb.toString("base64")}`, {
    width: meta.width,
    height: meta.height,
  });
  context = await launchChromium({ width: 320, height: 720 });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/suggestions") suggestionMethods.push(r.method());
  });
  await servePanel(page, script);
  await page.goto(`${origin}/__panel__/index.html`);
});

afterAll(async () => {
  await context?.close();
  await daemon?.stop();
});

describe("the Photoshop panel against a running companion", () => {
  it("asks to be paired, refuses a wrong token, and pairs with the companion's token", async () => {
    await state("unpaired");
    await shot("01-pairing");
    // Half a token typed, then Photoshop reports a document event: the field keeps what was typed.
    await page.fill("input[name=token]", "half-typed");
    await host((h) => h.host.select(h.host.documents[0]!));
    await page.waitForTimeout(100);
    expect(await page.inputValue("input[name=token]")).toBe("half-typed");
    await page.fill("input[name=token]", "0".repeat(64));
    await page.click('[data-action="pair"]');
    await page.waitForSelector("text=The companion refused this token");
    await shot("02-token-refused");
    await page.fill("input[name=token]", token);
    await page.click('[data-action="pair"]');
    await page.waitForSelector('[data-state="not-analyzed"], [data-state="analyzing"], [data-state="ready"]');
    await shot("03-not-analyzed-or-analyzing");
  });

  it("shows the verdict and the crops once the photo it asked for is analyzed", async () => {
    await state("ready", 120_000);
    // Asking can take the photo in, so the panel asks with POST only.
    expect(suggestionMethods.length).toBeGreaterThan(0);
    expect(new Set(suggestionMethods)).toEqual(new Set(["POST"]));
    expect(await page.textContent('[data-fact="keeper"] strong')).toMatch(/^\d+$/);
    expect(await page.textContent('[data-fact="style"] strong')).toMatch(/^(\d+|–)$/);
    expect(await page.locator(".crop.draft").count()).toBe(1);
    expect(await page.locator(".why li").count()).toBeGreaterThan(0);
    await shot("04-ready");
  });

  it("applies the proposal: a crop command with the right bounds, one history step, accepted in the store", async () => {
    const best = await companionBest();
    const doc = await host((h) => h.doc);
    await page.click('[data-action="apply"]');
    await page.waitForSelector(".notice.info");
    const expected = {
      left: Math.round(best.box[0]! * doc.width),
      top: Math.round(best.box[1]! * doc.height),
      right: Math.round(best.box[2]! * doc.width),
      bottom: Math.round(best.box[3]! * doc.height),
    };
    expect(await crops()).toEqual([{ documentId: doc.id, bounds: expected, angle: 0 }]);
    expect(await host((h) => h.host.history.map((s) => s.name))).toEqual(["Stridelight crop"]);
    expect(feedback()).toEqual([
      expect.objectContaining({
        kind: "crop-accepted",
        source: "photoshop",
        proposal: { aspect: best.aspect, box: best.box },
      }),
    ]);
    // The view follows the cropped document: its proportions, the applied crop filling the frame, the
    // thumbnail of the cropped picture (not the old one stretched).
    const cropped = await host((h) => h.doc);
    const ratio = `${((cropped.height / cropped.width) * 100).toFixed(3)}%`;
    await page.waitForFunction(`document.querySelector(".spacer")?.style.paddingTop === "${ratio}"`);
    expect(await page.getAttribute(".crop.draft", "style")).toMatch(
      /left:0\.00%;top:0\.00%;width:100\.00%;height:100\.00%/,
    );
    await shot("05-applied");
  });

  it("after Undo, a nudged crop is applied and recorded as adjusted, with the final box", async () => {
    await host((h) => h.host.undo());
    await page.waitForSelector('[data-action="apply"]:not([disabled])');
    await page.click('[data-action="move"][data-arg="1,0"]');
    await page.click('[data-action="scale"][data-arg="0.95"]');
    await page.waitForSelector("text=adjusted from the");
    await shot("06-nudged");
    await page.click('[data-action="apply"]');
    await page.waitForSelector(".notice.info >> text=adjusted");
    const adjusted = feedback().at(-1)!;
    expect(adjusted).toMatchObject({ kind: "crop-adjusted", source: "photoshop" });
    const { box } = adjusted.value as { box: number[] };
    const doc = await host((h) => h.doc);
    const last = (await crops()).at(-1)!;
    const origSize = {
      width: last.bounds.right - last.bounds.left,
      height: last.bounds.bottom - last.bounds.top,
    };
    expect(origSize).toEqual({ width: doc.width, height: doc.height });
    await host((h) => h.host.undo());
    const before = await host((h) => h.doc);
    expect(last.bounds).toEqual({
      left: Math.round(box[0]! * before.width),
      top: Math.round(box[1]! * before.height),
      right: Math.round(box[2]! * before.width),
      bottom: Math.round(box[3]! * before.height),
    });
  });

  it("refuses to crop a document rotated since it was analyzed, with a clear message", async () => {
    await page.waitForSelector('[data-action="apply"]:not([disabled])');
    const before = (await crops()).length;
    await host((h) => h.host.rotate90(h.host.documents[0]!));
    await page.waitForSelector('[data-refusal="rotated"]');
    expect(await page.textContent('[data-refusal="rotated"]')).toMatch(/rotated since it was analyzed/);
    expect(await page.locator('[data-action="apply"][disabled]').count()).toBe(1);
    await shot("07-rotated-refused");
    expect((await crops()).length).toBe(before);
    await host((h) => h.host.undo());
    await page.waitForSelector('[data-action="apply"]:not([disabled])');
  });

  it("records a rejected suggestion in the companion's store", async () => {
    const count = feedback().length;
    await page.click('[data-action="reject"]');
    await page.waitForSelector(".notice");
    await shot("08-rejected");
    expect(await page.textContent(".notice")).toMatch(/rejected/);
    expect(feedback().slice(count)).toEqual([
      expect.objectContaining({ kind: "crop-rejected", source: "photoshop" }),
    ]);
  });

  it("says when the document is not saved, and when the companion stops", async () => {
    await host((h) => void h.host.open({ title: "Untitled-1", path: null, width: 800, height: 600 }));
    await state("unsaved");
    await shot("09-unsaved");
    await host((h) => h.host.select(h.host.documents[0]!));
    await state("ready");
    await daemon.stop();
    await page.click('[data-action="reject"]');
    await page.waitForSelector(".notice.error >> text=could not be sent");
    await page.evaluate("window.harness.controller.refresh()");
    await state("offline");
    expect(await page.textContent("h2")).toBe("Companion not running");
    await shot("10-offline");
  });
});
