/**
 * The companion's page in a real headless Chromium (Debian's, driven by playwright-core) against a running
 * companion: photos appear as the folder fills, progress per folder, bursts, crop overlays, bib search, and the
 * accept/reject/adjust actions arrive as feedback. Screenshots go to test/artifacts/.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Daemon } from "../../companion/daemon.ts";
import { CHROMIUM, launchChromium } from "../helpers/chromium.ts";
import { ARTIFACTS, dropPhotos, fixturePhotos, quietLog, workspace } from "./companion-helpers.ts";
import { startExifTool } from "./xmp-helpers.ts";

/** Page-side expressions are strings: this project's TypeScript has no DOM types. */
const doneCards = (n: number) =>
  `document.querySelectorAll('[data-testid="photo"][data-status="done"]').length === ${n}`;

let daemon: Daemon;
let browser: BrowserContext;

// Outside CI a machine without Chromium skips this file; CI installs it (npm run test:system-packages), so there a
// missing browser fails loudly instead of passing in silence.
const runs = existsSync(CHROMIUM) || Boolean(process.env.CI);

beforeAll(async () => {
  if (!runs) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  daemon = await Daemon.start({
    configFile: workspace({}, { write: { crop: true } }).configFile,
    logger: quietLog(),
    graceMs: 5000,
  });
  browser = await launchChromium({ width: 1400, height: 1000 });
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

describe.skipIf(!runs)("the companion's page in Chromium", () => {
  it("shows photos as the folder fills, with progress, scores and crop overlays, and sends feedback", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // Paired the way the photographer is: the one-time link `stridelight start` prints.
    await page.goto(daemon.pairingLink());
    await page.waitForURL(`http://127.0.0.1:${daemon.port()}/`);
    await page.getByTestId("folder").first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "companion-web-empty.png") });
    const importDir = daemon.config().folders[0]!.path;

    dropPhotos(importDir, 1, fixturePhotos().slice(0, 3));
    await page.waitForFunction(doneCards(3), null, { timeout: 60_000 });
    await page.screenshot({ path: join(ARTIFACTS, "companion-web-three.png") });

    dropPhotos(importDir, 1, fixturePhotos().slice(3));
    await page.waitForFunction(doneCards(8), null, { timeout: 60_000 });
    await page.waitForFunction(
      `document.querySelector('[data-testid="folder"] .count')?.textContent?.startsWith("8 / 8")`,
    );
    expect(await page.locator(".crop:not([hidden])").count()).toBeGreaterThan(0);
    expect(await page.locator(".stars").first().textContent()).toMatch(/★|☆|rejected/);
    await page.screenshot({ path: join(ARTIFACTS, "companion-web-full.png"), fullPage: true });

    const first = page.getByTestId("photo").first();
    const id = Number(await first.getAttribute("data-id"));
    await first.getByRole("button", { name: "Accept" }).click();
    await page.waitForFunction(`document.querySelector('[data-id="${id}"]')?.classList.contains("picked")`);
    const withCrop = page.locator('[data-testid="photo"]:has(.crop:not([hidden]))').first();
    const cropId = Number(await withCrop.getAttribute("data-id"));
    await withCrop.getByRole("button", { name: "Adjust crop" }).click();
    const box = (await withCrop.locator(".crop").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 15, box.y + box.height / 2 - 5, { steps: 4 });
    await page.mouse.up();
    await withCrop.getByRole("button", { name: "Send crop" }).click();
    await expect
      .poll(() => daemon.store.feedback.forPhoto(cropId).map((f) => f.kind))
      .toContain("crop-adjusted");
    expect(daemon.store.feedback.forPhoto(id).map((f) => f.kind)).toContain("pick");

    await page.getByTestId("bib-search").fill("99999");
    await page.waitForFunction(`document.querySelectorAll('[data-testid="photo"]').length === 0`);
    await page.getByTestId("bib-search").fill("");
    await page.waitForFunction(`document.querySelectorAll('[data-testid="photo"]').length === 8`);
    await page.screenshot({ path: join(ARTIFACTS, "companion-web-feedback.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("culls from the keyboard: cards with names and scores, the enlarged view with its why, a favicon", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${daemon.port()}/`);
    await page.waitForFunction(doneCards(8), null, { timeout: 60_000 });
    // Two frames of one camera 150 ms apart, of the same scene: a burst, with a best frame.
    const importDir = daemon.config().folders[0]!.path;
    const stage = mkdtempSync(join(tmpdir(), "stridelight-burst-"));
    const et = startExifTool();
    try {
      for (const [n, sub] of [
        [1, "10"],
        [2, "25"],
      ] as const) {
        const frame = join(stage, `IMG_010${n}.jpg`);
        copyFileSync(fixturePhotos()[6]!, frame);
        const tags = {
          DateTimeOriginal: "2026:05:01 10:00:00",
          SubSecTimeOriginal: sub,
          Make: "Canon",
          Model: "EOS R6",
        };
        await et.write(frame, tags, { writeArgs: ["-overwrite_original"] });
      }
    } finally {
      await et.end();
    }
    for (const n of [1, 2]) copyFileSync(join(stage, `IMG_010${n}.jpg`), join(importDir, `IMG_010${n}.jpg`));
    await page.waitForFunction(doneCards(10), null, { timeout: 60_000 });
    await page.waitForFunction(
      `document.querySelectorAll('[data-testid="best-of-burst"]:not([hidden])').length >= 1`,
    );

    const api = (await (
      await page.request.get(`http://127.0.0.1:${daemon.port()}/api/photos?limit=100`)
    ).json()) as {
      photos: {
        id: number;
        path: string;
        keeper: number | null;
        runningStyle: number | null;
        flags: string[];
      }[];
    };
    for (const p of api.photos) {
      const el = page.locator(`[data-id="${p.id}"]`);
      expect(await el.getByTestId("name").textContent()).toBe(p.path.split("/").pop());
      if (p.keeper !== null)
        expect(await el.getByTestId("keeper").textContent()).toBe(`keeper ${p.keeper.toFixed(2)}`);
      if (p.runningStyle !== null)
        expect(await el.getByTestId("style").textContent()).toBe(`· style ${p.runningStyle.toFixed(2)}`);
      expect(await el.locator('[data-testid="flags"] span').allTextContents()).toEqual(p.flags);
    }
    await page.screenshot({ path: join(ARTIFACTS, "companion-web-cards.png"), fullPage: true });

    // Arrows select, 1–5 give stars, X rejects, P accepts: each is feedback in the store.
    await page.keyboard.press("ArrowRight");
    const first = Number(await page.locator(".photo.selected").getAttribute("data-id"));
    await page.keyboard.press("4");
    await expect
      .poll(() => daemon.store.feedback.forPhoto(first).map((f) => `${f.kind}=${String(f.value)}`))
      .toContain("rating=4");
    await page.keyboard.press("ArrowRight");
    const second = Number(await page.locator(".photo.selected").getAttribute("data-id"));
    expect(second).not.toBe(first);
    await page.keyboard.press("x");
    await expect.poll(() => daemon.store.feedback.forPhoto(second).map((f) => f.kind)).toContain("reject");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("p");
    await expect.poll(() => daemon.store.feedback.forPhoto(first).map((f) => f.kind)).toContain("pick");
    // The card is drawn again when the pick's answer arrives: wait for that drawing, not the one before it.
    await expect
      .poll(() => page.locator(`[data-id="${first}"] [data-testid="my-stars"]`).textContent())
      .toBe("yours ★★★★");

    // Enter (or a click) enlarges: the big picture, the crop over it, the running style feature by feature.
    const withStyle = api.photos.find((p) => p.runningStyle !== null)!;
    await page.locator(`[data-id="${withStyle.id}"] .frame img`).click();
    await page.getByTestId("loupe").waitFor();
    await page.waitForFunction(
      `document.querySelectorAll('[data-testid="contributions"] tr').length > 2 && document.querySelector('[data-testid="loupe-image"]').complete`,
    );
    expect(await page.locator('[data-testid="contributions"]').textContent()).toMatch(/knee drive/);
    expect(await page.locator("#loupe .name").textContent()).toBe(withStyle.path.split("/").pop());
    await page.screenshot({ path: join(ARTIFACTS, "companion-web-enlarged.png") });
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(`document.querySelector("#loupe").dataset.id !== "${withStyle.id}"`);
    await page.keyboard.press("Escape");
    await page.waitForFunction(`!document.querySelector("#loupe").open`);

    const icon = await page.request.get(`http://127.0.0.1:${daemon.port()}/favicon.svg`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toMatch(/image\/svg\+xml/);
    expect(await page.locator('link[rel="icon"]').getAttribute("href")).toBe("/favicon.svg");
    // XMP goes inside the JPEG here: no "sidecars only" warning.
    expect(await page.getByTestId("sidecars-only").isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("the bib search finds a bib read on one photo and carried to another, and marks the carried one", async () => {
    // The fixtures hold no legible bib: the scores of two photos get one as linking would leave them (read on the
    // first, carried to the second; core/domain/people makes them, test/integration/people-link.test.ts checks it).
    // Written once the companion is idle: a burst's rescore or the shoot's relinking still queued would save the
    // photos' own scores over them (seen on a slow CI run).
    await daemon.whenIdle();
    const [read, carried] = daemon.store.photos
      .list({ status: "done", limit: 2, offset: 0 })
      .photos.map((p) => daemon.store.photos.get(p.id)!);
    daemon.store.photos.saveScores(read!.id, { ...read!.scores!, bibs: ["4321"], carriedBibs: [] });
    daemon.store.photos.saveScores(carried!.id, {
      ...carried!.scores!,
      bibs: [],
      carriedBibs: [{ bib: "4321", confidence: 0.93 }],
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${daemon.port()}/`);
    await page.waitForFunction(doneCards(10), null, { timeout: 60_000 });
    await page.getByTestId("bib-search").fill("4321");
    await page.waitForFunction(`document.querySelectorAll('[data-testid="photo"]').length === 2`);
    const chips = (id: number) => page.locator(`[data-id="${id}"] .bibs span`).allTextContents();
    expect(await chips(read!.id)).toEqual(["bib 4321"]);
    expect(await chips(carried!.id)).toEqual(["bib 4321 (carried)"]);
    await page.screenshot({ path: join(ARTIFACTS, "companion-web-carried-bib.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
