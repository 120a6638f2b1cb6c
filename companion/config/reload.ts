/**
 * What a config edit does to a running companion. Every key either applies live (folders and what may be written
 * there, settle time, allowed origins and hosts, public URL, learning) or is reported as applying after a restart:
 * the store's folder, the workers, the working size, the queue and where the API listens are opened once at start.
 */
import type { WatchConfig } from "./schema.ts";

/** The keys opened once at start, by where they sit in watch-config.json. */
const AT_START: Readonly<Record<string, (c: WatchConfig) => unknown>> = Object.freeze({
  dataDir: (c) => c.dataDir,
  workers: (c) => c.workers,
  maxSide: (c) => c.maxSide,
  queue: (c) => c.queue ?? null,
  "http.port": (c) => c.http.port,
  "http.listen": (c) => c.http.listen,
});

/** The keys whose value in `next` differs from the one the companion started with: they apply after a restart. */
export function appliesAfterRestart(running: WatchConfig, next: WatchConfig): string[] {
  return Object.entries(AT_START)
    .filter(([, of]) => JSON.stringify(of(running)) !== JSON.stringify(of(next)))
    .map(([key]) => key);
}
