/**
 * What the panel needs from Photoshop, and nothing more. The real implementation (host.ts) is the only module that
 * touches `photoshop` and `uxp`; the tests drive the panel through a fake that keeps the same promises.
 */
import type { DocumentCommand } from "./commands.ts";

/** The open document as the panel sees it: pixel size in the displayed orientation, null path until saved. */
export interface DocumentInfo {
  readonly id: number;
  readonly title: string;
  readonly path: string | null;
  readonly width: number;
  readonly height: number;
}

export type CommandOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface HostPort {
  activeDocument(): Promise<DocumentInfo | null>;
  /** Runs one typed command inside a modal scope, as exactly one history step the photographer can undo. */
  run(command: DocumentCommand): Promise<CommandOutcome>;
  /** A small JPEG of the document as a data: URL (long side about `longSide` px), or null when Photoshop cannot. */
  thumbnail(documentId: number, longSide: number): Promise<string | null>;
  /** Called when the photographer opens, closes or switches documents (and after a crop); returns unsubscribe. */
  onDocumentChange(listener: () => void): () => void;
  loadSetting(key: string): string | null;
  saveSetting(key: string, value: string | null): void;
  /** Secrets (the pairing token) live in UXP's secureStorage, which is asynchronous. */
  loadSecret(key: string): Promise<string | null>;
  saveSecret(key: string, value: string | null): Promise<void>;
}
