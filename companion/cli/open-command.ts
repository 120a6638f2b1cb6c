/**
 * `stridelight open`: pair this machine's browser with the running companion. It reads the token file (only its
 * owner can), asks the companion for a one-time pairing link, prints it and opens it. `stridelight start` does the
 * same with the link the daemon made for itself.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { loadConfig } from "../config/load.ts";
import { configFileOf, flagsError, intArg } from "./options.ts";
import { TOKEN_FILE } from "../http/token.ts";

export const OpenFlags = z
  .object({
    config: z.string().min(1).optional(),
    port: intArg("port", 1, 65535).optional(),
    /** Print the link only (a machine without a browser, or a script). */
    browser: z.boolean().default(true),
  })
  .loose();

const PairingAnswer = z.object({ url: z.string().url() });

export async function openCommand(flags: z.input<typeof OpenFlags> = {}): Promise<string> {
  const checked = OpenFlags.safeParse(flags);
  if (!checked.success) throw flagsError(checked.error);
  const parsed = checked.data;
  const loaded = await loadConfig(configFileOf(parsed));
  if (!loaded.ok)
    throw new Error(`watch-config problem in ${loaded.error.file}: ${loaded.error.problems.join("; ")}`);
  const { dataDir, http } = loaded.value.config;
  const token = readFileSync(join(dataDir, TOKEN_FILE), "utf8").trim();
  const port = parsed.port ?? http.port;
  const response = await fetch(`http://127.0.0.1:${port}/api/pairing-codes`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ kind: "link" }),
  }).catch(() => {
    throw new Error(`no companion answers on 127.0.0.1:${port}: start it with \`stridelight start\``);
  });
  if (!response.ok) throw new Error(`the companion on port ${port} answered ${response.status}`);
  const { url } = PairingAnswer.parse(await response.json());
  announcePairing(url, parsed.browser);
  return url;
}

/** Prints the one-time link and opens it in the default browser (when there is one to open). */
export function announcePairing(url: string, browser = true): void {
  process.stdout.write(`Open the Stridelight page (one-time pairing link, valid 10 minutes):\n  ${url}\n`);
  if (browser) openInBrowser(url);
}

/** Best effort: no desktop (CI, ssh) or STRIDELIGHT_NO_BROWSER=1 means the printed link is all. */
export function openInBrowser(url: string): void {
  if (process.env.STRIDELIGHT_NO_BROWSER === "1" || process.env.CI) return;
  const opener =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ["xdg-open", [url]]
          : null;
  if (!opener) return;
  const child = spawn(opener[0] as string, opener[1] as string[], { stdio: "ignore", detached: true });
  child.on("error", () => {}); // no opener installed: the printed link is enough
  child.unref();
}
