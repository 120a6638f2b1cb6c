/**
 * One companion per data folder: a pid file, taken over when the process that wrote it is gone (kill -9 leaves
 * it behind). Holding it is what makes it safe to requeue the dead process's running jobs.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const LOCK_FILE = "companion.pid";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class InstanceLock {
  private constructor(private readonly file: string) {}

  static acquire(dataDir: string): InstanceLock {
    const file = join(dataDir, LOCK_FILE);
    const holder = Number.parseInt(readSafely(file), 10);
    if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
      throw new Error(`another companion (pid ${holder}) already uses the data folder ${dataDir}`);
    }
    // A first run (companion or `train --data-dir`) may name a data folder that does not exist yet.
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, String(process.pid));
    return new InstanceLock(file);
  }

  release(): void {
    if (readSafely(this.file) === String(process.pid)) rmSync(this.file, { force: true });
  }
}

function readSafely(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}
