/** What the daemon tells the page and the plugins as it goes: one typed event bus, read by the SSE stream. */
import { EventEmitter } from "node:events";

export type ProgressEvent =
  | { type: "photo"; id: number; status: string; folder: string; path: string }
  | { type: "queued"; path: string; folder: string }
  | { type: "config"; ok: boolean; problems?: readonly string[]; restart?: readonly string[] }
  | { type: "models"; model: string; version: string };

export class ProgressEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit(event: ProgressEvent): void {
    this.emitter.emit("event", event);
  }

  subscribe(listener: (event: ProgressEvent) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }
}
