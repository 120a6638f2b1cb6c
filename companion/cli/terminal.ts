/**
 * What `stridelight start` prints for a person on a terminal: a short banner (where the page is, what is watched,
 * where results go, where the data lives) and one line per finished photo. Off a terminal, or with
 * `--log-format json`, the companion logs JSON lines (pino) as before, for log collectors.
 */
import { basename, resolve } from "node:path";
import type { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { resultsLine } from "../config/results.ts";
import type { WatchConfig } from "../config/schema.ts";
import type { ProgressEvent } from "../queue/progress-events.ts";
import type { Photo } from "../store/photos.ts";

export type LogFormat = "human" | "json";

/** JSON when asked, or when nobody reads the terminal (a pipe, a service manager); else human. */
export function logFormatFor(asked: string | undefined, isTty: boolean): LogFormat {
  if (asked === undefined) return isTty ? "human" : "json";
  if (asked === "human" || asked === "json") return asked;
  throw new Error(`--log-format must be "human" or "json", not "${asked}"`);
}

const LEVELS: Record<number, string> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "fatal",
};
const QUIET_KEYS = new Set(["level", "time", "pid", "hostname", "name", "msg", "v"]);

/** One pino JSON line as a person reads it: "12:03:04 warn  message (key=value …)". */
export function humanLogLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const time = new Date(typeof entry.time === "number" ? entry.time : Date.now()).toTimeString().slice(0, 8);
  const level = LEVELS[Number(entry.level)] ?? "info";
  const extra = Object.entries(entry)
    .filter(([k]) => !QUIET_KEYS.has(k))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  const said = typeof entry.msg === "string" ? entry.msg : "";
  return `${time} ${level.padEnd(5)} ${said}${extra ? ` (${extra})` : ""}`;
}

/** The companion's logger: JSON lines, or (human) warnings and errors only, readable, on `out`. */
export function terminalLogger(format: LogFormat, out: Writable = process.stdout): Logger {
  if (format === "json") return pino({ name: "stridelight" });
  return pino(
    { name: "stridelight", level: "warn" },
    { write: (line: string) => void out.write(`${humanLogLine(line)}\n`) },
  );
}

export interface BannerFacts {
  readonly version: string;
  readonly pageUrl: string;
  readonly config: WatchConfig;
  readonly configFile: string;
  readonly tokenFile: string;
}

/** The start banner: a few lines that answer "where do I look, where do I drop photos, where does it write". */
export function banner(facts: BannerFacts): string {
  const { config } = facts;
  const folders = config.folders.map(
    (f) => `    ${resolve(f.path)}${f.recursive ? " (and subfolders)" : ""}`,
  );
  const results = [...new Set(config.folders.map(resultsLine))].map((l) => `    ${l}`);
  const first = config.folders[0];
  return [
    `Stridelight ${facts.version} is running.`,
    ``,
    `  Page     ${facts.pageUrl}   (one-time pairing link, valid 10 minutes; \`stridelight open\` prints a new one)`,
    `  Watching`,
    ...folders,
    `  Results`,
    ...results,
    `  Data     ${resolve(config.dataDir)}   (plugin pairing token: ${facts.tokenFile})`,
    `  Config   ${facts.configFile}`,
    ``,
    first
      ? `Drop photos into ${resolve(first.path)}; each one gets a line here when it is scored. Ctrl+C stops.`
      : "",
    ``,
  ].join("\n");
}

const STARS = ["", "★", "★★", "★★★", "★★★★", "★★★★★"];

/** "IMG_0079.jpg ★★★ keeper 0.69 · style 0.38 · bib 918": one finished photo. */
export function photoLine(photo: Photo): string {
  const name = basename(photo.path);
  if (photo.status === "failed") return `${name} ✗ ${photo.error ?? "could not be analyzed"}`;
  const s = photo.scores;
  if (!s) return `${name} ${photo.status}`;
  const stars = s.stars < 0 ? "rejected" : s.stars === 0 ? "no stars" : STARS[s.stars]!;
  const parts = [`keeper ${s.keeper.toFixed(2)}`];
  const style = s.parts.runningStyle;
  if (typeof style === "number") parts.push(`style ${style.toFixed(2)}`);
  if (s.bibs.length > 0) parts.push(`bib ${s.bibs.join(", ")}`);
  if (s.burst && s.burst.rank === 1 && s.burst.size > 1) parts.push("best of burst");
  if (s.flags.length > 0) parts.push(s.flags.join(", "));
  return `${name} ${stars} ${parts.join(" · ")}`;
}

/** Prints a line per photo that finishes (or fails); returns the unsubscribe. */
export function followPhotos(
  subscribe: (listener: (event: ProgressEvent) => void) => () => void,
  photoById: (id: number) => Photo | null | undefined,
  out: Writable = process.stdout,
): () => void {
  return subscribe((event) => {
    if (event.type !== "photo" || (event.status !== "done" && event.status !== "failed")) return;
    const photo = photoById(event.id);
    if (photo) out.write(`${photoLine(photo)}\n`);
  });
}
