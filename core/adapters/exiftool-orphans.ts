/**
 * exiftool runs with -stay_open, which keeps it reading its argument pipe even after the pipe's end: when the
 * Node process that started it is killed with SIGKILL, it never learns and lingers for good. A companion that
 * starts after such a crash ends the exiftool processes a previous Stridelight left without a parent.
 */
import { execFileSync } from "node:child_process";
import { XMP_EXIFTOOL_CONFIG } from "./xmp-store.ts";

interface ProcessRow {
  readonly pid: number;
  readonly ppid: number;
  readonly command: string;
}

/** Ends orphaned exiftool processes started with our XMP config; returns how many. Does nothing on Windows. */
export function reapOrphanedExiftool(config = XMP_EXIFTOOL_CONFIG): number {
  const orphans = orphanedExiftoolPids(config);
  for (const pid of orphans) signal(pid);
  return orphans.length;
}

/** The exiftool processes started with our XMP config whose Stridelight is gone. */
export function orphanedExiftoolPids(config = XMP_EXIFTOOL_CONFIG): number[] {
  if (process.platform === "win32") return [];
  const rows = processTable();
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  return rows.filter((r) => isOurExiftool(r, config) && !hasNodeParent(r, byPid)).map((r) => r.pid);
}

function isOurExiftool(r: ProcessRow, config: string): boolean {
  return r.command.includes("exiftool") && r.command.includes("-stay_open") && r.command.includes(config);
}

/** A live Stridelight's exiftool has a Node parent; an orphan was handed to init or a subreaper. */
function hasNodeParent(r: ProcessRow, byPid: Map<number, ProcessRow>): boolean {
  return r.ppid > 1 && /\bnode\b|node$/.test(byPid.get(r.ppid)?.command.split(" ")[0] ?? "");
}

function processTable(): ProcessRow[] {
  const text = execFileSync("ps", ["-axo", "pid=,ppid=,command="], { encoding: "utf8" });
  return text.split("\n").flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    return m ? [{ pid: Number(m[1]), ppid: Number(m[2]), command: m[3]! }] : [];
  });
}

function signal(pid: number): void {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    // Gone already, or not ours to end: nothing to do.
  }
}
