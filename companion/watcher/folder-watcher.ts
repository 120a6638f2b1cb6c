/**
 * chokidar on the watched folders: events become queued ingest jobs, nothing else. Existing files are reported at
 * start (the start-up scan); a file is reported only once its size has held still for `settleMs` (a card still
 * being copied); the queue's idempotency key drops repeats. Symbolic links are not followed (confine.ts).
 */
import { watch, type FSWatcher } from "chokidar";
import type { Stats } from "node:fs";
import type { FolderConfig } from "../config/schema.ts";
import { FileFilter } from "./file-filter.ts";

export interface LandedFile {
  readonly path: string;
  readonly folder: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface WatcherOptions {
  readonly settleMs: number;
  /** Folders never to look into (the data folder, if someone puts it inside an import folder). */
  readonly skip?: readonly string[];
  readonly onFile: (file: LandedFile) => void;
  readonly onError?: (folder: string, error: Error) => void;
}

export class FolderWatcher {
  private readonly watchers: FSWatcher[] = [];

  private constructor(private readonly options: WatcherOptions) {}

  /** Starts one chokidar watcher per folder; resolves when all have finished their start-up scan. */
  static async start(folders: readonly FolderConfig[], options: WatcherOptions): Promise<FolderWatcher> {
    const watcher = new FolderWatcher(options);
    await Promise.all(folders.map((f) => watcher.add(f)));
    return watcher;
  }

  private add(folder: FolderConfig): Promise<void> {
    const filter = new FileFilter(folder);
    const skip = this.options.skip ?? [];
    const w = watch(folder.path, {
      ignoreInitial: false,
      alwaysStat: true,
      persistent: true,
      depth: folder.recursive ? 99 : 0,
      // A link inside a watched folder must not lead the companion (and its XMP writes) out of it.
      followSymlinks: false,
      awaitWriteFinish:
        this.options.settleMs > 0 ? { stabilityThreshold: this.options.settleMs, pollInterval: 100 } : false,
      ignored: (path: string, stats?: Stats) =>
        skip.some((s) => path === s || path.startsWith(`${s}/`)) ||
        (stats?.isFile() === true && !filter.accepts(path)),
    });
    const report = (path: string, stats?: Stats) => {
      if (!filter.accepts(path)) return;
      this.options.onFile({
        path,
        folder: folder.path,
        size: stats?.size ?? -1,
        mtimeMs: stats?.mtimeMs ?? 0,
      });
    };
    w.on("add", report);
    w.on("change", report);
    w.on("error", (e) => this.options.onError?.(folder.path, e instanceof Error ? e : new Error(String(e))));
    this.watchers.push(w);
    return new Promise((resolve) => w.once("ready", () => resolve()));
  }

  async close(): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.close()));
  }
}
