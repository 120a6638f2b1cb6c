/**
 * The companion's page in a real headless Chromium (Debian's, driven by playwright-core) against a running
 * companion: photos appear as the folder fills, progress per folder, bursts, crop overlays, bib search, and the
 * accept/reject/adjust actions arrive as feedback. Screenshots go to test/artifacts/.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Daemon } from "../../companion/daemon.ts";
import { CHROMIUM, launchChromium } from "../helpers/chromium.ts";
import { ARTIFACTS, dropPhotos, fixturePhotos, quietLog, workspace } from "./companion-helpers.ts";

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
});
