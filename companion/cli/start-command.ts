/**
 * `stridelight start` (and `npm start`): run the companion until SIGINT/SIGTERM, then shut down gracefully.
 * The config file is --config, else $STRIDELIGHT_CONFIG, else ./watch-config.json (absent = embedded defaults).
 * Also runnable on its own (`node --import tsx companion/cli/start-command.ts`), which the crash tests use.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ConfigLoadError } from "../config/live-config.ts";
import { Daemon } from "../daemon.ts";
import { TOKEN_FILE } from "../http/token.ts";
import { choiceArg, configFileOf, flagsError, intArg } from "./options.ts";
import { banner, type BannerFacts, followPhotos, logFormatFor, terminalLogger } from "./terminal.ts";

/** What the banner needs from a running companion: the page as a one-time pairing link (issue 19). */
export function bannerFacts(daemon: Daemon, configFile: string, pairingLink: string): BannerFacts {
  const config = daemon.config();
  return {
    version: daemon.version,
    pageUrl: pairingLink,
    config,
    configFile: existsSync(configFile) ? configFile : `${configFile} (absent: the embedded defaults)`,
    tokenFile: resolve(join(config.dataDir, TOKEN_FILE)),
  };
}
import { announcePairing, openInBrowser } from "./open-command.ts";

export const StartFlags = z
  .object({
    config: z.string().min(1).optional(),
    // 0: a free port of the system's choosing (tests).
    port: intArg("port", 0, 65535).optional(),
    logFormat: choiceArg("log-format", ["human", "json"]).optional(),
    /** false: print the pairing link without opening a browser. */
    browser: z.boolean().optional(),
  })
  .loose();
/** The flags as the command line gives them (strings), checked by StartFlags. */
export interface StartFlagsInput {
  readonly config?: string;
  readonly port?: string | number;
  readonly logFormat?: string;
  readonly browser?: boolean;
}

export async function startCommand(flags: StartFlagsInput = {}): Promise<Daemon> {
  const checked = StartFlags.safeParse(flags);
  if (!checked.success) throw flagsError(checked.error);
  const parsed = checked.data;
  const format = logFormatFor(parsed.logFormat, process.stdout.isTTY === true);
  const configFile = configFileOf(parsed);
  let daemon: Daemon;
  try {
    daemon = await Daemon.start({
      configFile,
      logger: terminalLogger(format),
      ...(parsed.port !== undefined ? { port: parsed.port } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigLoadError)
      throw new Error(`watch-config problem in ${error.message}`, { cause: error });
    throw error;
  }
  const link = daemon.pairingLink();
  if (format === "human") {
    process.stdout.write(banner(bannerFacts(daemon, configFile, link)));
    if (parsed.browser !== false) openInBrowser(link);
    followPhotos(
      (listener) => daemon.events.subscribe(listener),
      (id) => daemon.store.photos.get(id),
    );
  } else announcePairing(link, parsed.browser ?? true);
  const stop = (signal: string) => {
    if (format === "human") process.stdout.write("Stopping: finishing the photos in flight…\n");
    daemon.log.info({ signal }, "stopping: finishing the photos in flight");
    void daemon.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  return daemon;
}

const runDirectly = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (runDirectly) {
  const { values } = parseArgs({
    options: { config: { type: "string" }, port: { type: "string" }, "log-format": { type: "string" } },
  });
  startCommand({ ...values, logFormat: values["log-format"] }).catch((error: unknown) => {
    process.stderr.write(`stridelight start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
