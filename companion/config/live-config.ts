/**
 * The config the daemon runs with, reloaded when the file changes. A broken edit keeps the last good config and
 * says why (onRejected); a good one replaces it (onChanged). Set the two callbacks after open().
 */
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";
import type { WatchConfig } from "./schema.ts";
import { loadConfig, type ConfigError, type LoadedConfig } from "./load.ts";

export type OnChanged = (next: LoadedConfig, previous: LoadedConfig) => void;
export type OnRejected = (error: ConfigError) => void;

export class LiveConfig {
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastText = "";
  onChanged: OnChanged | null = null;
  onRejected: OnRejected | null = null;
  /** Every successful read, changed or not (a broken edit put right again). */
  onValid: (() => void) | null = null;

  private constructor(
    private readonly file: string,
    private current: LoadedConfig,
  ) {
    this.lastText = JSON.stringify(current.config);
  }

  /** Load once (a broken file at start-up is an error the caller reports), then follow the file. */
  static async open(file: string): Promise<LiveConfig> {
    const first = await loadConfig(file);
    if (!first.ok) throw new ConfigLoadError(first.error);
    const live = new LiveConfig(file, first.value);
    live.follow();
    return live;
  }

  get config(): WatchConfig {
    return this.current.config;
  }

  get loaded(): LoadedConfig {
    return this.current;
  }

  /** Re-read the file now (also what the file watcher calls, debounced). */
  async reload(): Promise<boolean> {
    const next = await loadConfig(this.file);
    if (!next.ok) {
      this.onRejected?.(next.error);
      return false;
    }
    this.onValid?.();
    const text = JSON.stringify(next.value.config);
    if (text === this.lastText) return false;
    const previous = this.current;
    this.current = next.value;
    this.lastText = text;
    this.onChanged?.(next.value, previous);
    return true;
  }

  close(): void {
    this.watcher?.close();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Watch the folder, not the file: editors replace files by rename, which ends a watch on the file itself. */
  private follow(): void {
    const name = basename(this.file);
    try {
      this.watcher = watch(dirname(this.file), (_event, changed) => {
        if (changed === null || changed.toString() === name) this.schedule();
      });
      this.watcher.on("error", () => this.watcher?.close());
    } catch {
      this.watcher = null; // the folder does not exist: nothing to follow, the defaults stay
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), 150);
  }
}

export class ConfigLoadError extends Error {
  constructor(readonly detail: ConfigError) {
    super(`${detail.file}:\n  ${detail.problems.join("\n  ")}`);
    this.name = "ConfigLoadError";
  }
}
