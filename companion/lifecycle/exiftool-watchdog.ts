/**
 * exiftool runs with -stay_open and keeps reading its argument pipe even after the pipe's end, so a companion killed
 * with SIGKILL would leave it running. A tiny watchdog process holds the other end of a pipe from us: when we die
 * (however), the pipe closes and the watchdog ends the exiftool processes we started, then itself. On a graceful
 * stop we say "bye" before closing the pipe, and the watchdog just leaves. (Asking whether we are alive would not
 * do: a killed process stays a zombie, still "alive" to kill(pid, 0), until its parent reaps it.)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { XMP_EXIFTOOL_CONFIG } from "../../core/adapters/xmp-store.ts";

/** Plain JS run by `node -e`: argv[1] = our pid, argv[2] = the exiftool config only our processes load. */
const SCRIPT = String.raw`
const { execFileSync } = require("node:child_process");
const parent = Number(process.argv[1]);
const config = process.argv[2];
const rows = () => execFileSync("ps", ["-axo", "pid=,ppid=,command="], { encoding: "utf8" }).split("\n")
  .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l)).filter(Boolean)
  .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), command: m[3] }));
function sweep() {
  const table = rows();
  const byPid = new Map(table.map((r) => [r.pid, r]));
  const parentless = (r) => r.ppid === parent || r.ppid <= 1 || !/\bnode\b/.test(byPid.get(r.ppid)?.command ?? "");
  // Not this watchdog, whose own command line holds the same words.
  const ours = table.filter((r) => r.pid !== process.pid && r.command.includes("exiftool") && r.command.includes("-stay_open") &&
    r.command.includes(config) && parentless(r));
  for (const r of ours) { try { process.kill(r.pid, "SIGTERM"); } catch {} }
  return ours.length;
}
let done = false;
let farewell = "";
function finish() {
  if (done) return;
  done = true;
  if (farewell.includes("bye")) process.exit(0);
  // Our parent is gone: its children are reparented a moment later, so look a few times.
  let rounds = 0;
  const again = () => { sweep(); if (++rounds < 10) setTimeout(again, 200); else process.exit(0); };
  again();
}
process.stdin.on("data", (chunk) => { farewell += chunk; });
process.stdin.on("end", finish);
process.stdin.on("close", finish);
process.stdin.on("error", finish);
process.stdin.resume();
`;

export class ExiftoolWatchdog {
  private constructor(private readonly child: ChildProcess | null) {}

  static start(config = XMP_EXIFTOOL_CONFIG): ExiftoolWatchdog {
    if (process.platform === "win32") return new ExiftoolWatchdog(null);
    const child = spawn(process.execPath, ["-e", SCRIPT, String(process.pid), config], {
      stdio: ["pipe", "ignore", "ignore"],
      // Its own process group: a kill of ours (Ctrl-C, kill -9 of the group) must not take the watchdog along.
      detached: true,
    });
    child.on("error", () => {}); // no watchdog is a lesser evil than no companion: the next start still reaps
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return new ExiftoolWatchdog(child);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** A graceful stop: the watchdog sees us alive and leaves. */
  stop(): void {
    this.child?.stdin?.end("bye\n");
  }
}
