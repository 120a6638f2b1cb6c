/**
 * What a start has opened so far, in dependency order: stopped in reverse by a graceful stop, and closed in reverse
 * when the start fails halfway (the port taken, Redis away, the lock held): a refused start leaves no lock, store
 * handle, worker, watcher or child process behind, so the process can exit on its own.
 */
import type { Logger } from "pino";

export class Teardown {
  private readonly steps: Array<{ what: string; close: () => unknown }> = [];

  constructor(private readonly log?: Logger) {}

  /** Remember how to close something just opened. */
  push(what: string, close: () => unknown): void {
    this.steps.push({ what, close });
  }

  /** Start one service and remember how to stop it; a start that throws leaves nothing to stop. */
  async open<T>(what: string, start: () => T | Promise<T>, stop: (service: T) => unknown): Promise<T> {
    const service = await start();
    this.push(what, () => stop(service));
    return service;
  }

  /** Close everything, last opened first; one failing close does not stop the others. */
  async unwind(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.close();
      } catch (error) {
        this.log?.warn({ what: step.what, err: (error as Error).message }, "could not close on the way out");
      }
    }
  }
}
