/**
 * The only module that touches Photoshop and UXP. It turns their DOM into the HostPort the panel uses: the
 * active document, typed commands run inside executeAsModal as one history step, a thumbnail, document events,
 * and settings. The types below are the few host APIs used here, written from Adobe's reference (no typings
 * package: they would only cover what these twenty lines need).
 */
import type { DocumentCommand, PixelBounds } from "./commands.ts";
import type { CommandOutcome, DocumentInfo, HostPort } from "./host-port.ts";

interface PsDocument {
  readonly id: number;
  readonly title: string;
  /** Full path of the saved file; empty (or throwing) while the document was never saved. */
  readonly path: string;
  /** In pixels. */
  readonly width: number;
  readonly height: number;
  crop(bounds: PixelBounds, angle?: number): Promise<void>;
}

interface PsApp {
  readonly activeDocument: PsDocument | null;
  readonly documents: Iterable<PsDocument>;
}

interface ExecutionContext {
  readonly hostControl: {
    suspendHistory(options: { documentID: number; name: string }): Promise<unknown>;
    resumeHistory(suspension: unknown, commit?: boolean): Promise<void>;
  };
}

interface PsCore {
  executeAsModal<T>(
    target: (context: ExecutionContext) => Promise<T>,
    options: { commandName: string },
  ): Promise<T>;
}

interface PsAction {
  addNotificationListener(events: string[], listener: (event: string) => void): Promise<void>;
  removeNotificationListener(events: string[], listener: (event: string) => void): Promise<void>;
}

interface PsImageData {
  dispose(): void;
}

interface PsImaging {
  getPixels(options: {
    documentID: number;
    targetSize: { width?: number; height?: number };
    componentSize: 8;
    applyAlpha: boolean;
    colorSpace: "RGB";
  }): Promise<{ imageData: PsImageData }>;
  encodeImageData(options: { imageData: PsImageData; base64: true }): Promise<string>;
}

interface Photoshop {
  readonly app: PsApp;
  readonly core: PsCore;
  readonly action: PsAction;
  /** From Photoshop 24.4; 24.2-24.3 have the same API as imaging_beta; older versions neither. */
  readonly imaging?: PsImaging;
  readonly imaging_beta?: PsImaging;
}

/** UXP's encrypted per-plugin store (the pairing token is a secret: not localStorage, which is a plain file). */
interface SecureStorage {
  getItem(key: string): Promise<Uint8Array | null | undefined>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

interface Uxp {
  readonly storage: { readonly secureStorage: SecureStorage };
}

declare const require: (module: "photoshop" | "uxp") => unknown;

/** Events after which the active document may be another one or have another size (undo included). */
const DOCUMENT_EVENTS = [
  "select",
  "open",
  "close",
  "save",
  "crop",
  "imageSize",
  "canvasSize",
  "rotateEventEnum",
  "historyStateChanged",
];

function pathOf(doc: PsDocument): string | null {
  try {
    return doc.path ? doc.path : null;
  } catch {
    return null;
  }
}

function infoOf(doc: PsDocument): DocumentInfo {
  return {
    id: doc.id,
    title: doc.title,
    path: pathOf(doc),
    width: Math.round(doc.width),
    height: Math.round(doc.height),
  };
}

export function uxpHost(): HostPort {
  const ps = require("photoshop") as Photoshop;
  const secure = (require("uxp") as Uxp).storage.secureStorage;
  return {
    activeDocument: () => Promise.resolve(ps.app.activeDocument ? infoOf(ps.app.activeDocument) : null),
    run: (command) => runCommand(ps, command),
    thumbnail: (id, longSide) => thumbnailOf(ps, id, longSide),
    onDocumentChange: (listener) => {
      const handler = () => listener();
      void ps.action.addNotificationListener(DOCUMENT_EVENTS, handler);
      return () => void ps.action.removeNotificationListener(DOCUMENT_EVENTS, handler);
    },
    loadSetting: (key) => window.localStorage.getItem(key),
    saveSetting: (key, value) =>
      value === null ? window.localStorage.removeItem(key) : window.localStorage.setItem(key, value),
    loadSecret: async (key) => {
      try {
        const bytes = await secure.getItem(key);
        // The token is ASCII (hex/base64url): no TextDecoder needed, which older UXP lacks.
        return bytes && bytes.length > 0 ? String.fromCharCode(...bytes) : null;
      } catch {
        return null;
      }
    },
    saveSecret: (key, value) => (value === null ? secure.removeItem(key) : secure.setItem(key, value)),
  };
}

async function runCommand(ps: Photoshop, command: DocumentCommand): Promise<CommandOutcome> {
  const doc = [...ps.app.documents].find((d) => d.id === command.documentId);
  if (!doc) return { ok: false, message: "the document was closed" };
  try {
    await ps.core.executeAsModal((context) => cropAsOneStep(context, doc, command), {
      commandName: command.historyName,
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Suspending history around the crop makes it one named step, however Photoshop records the crop itself. */
async function cropAsOneStep(
  context: ExecutionContext,
  doc: PsDocument,
  command: DocumentCommand,
): Promise<void> {
  if (
    Math.round(doc.width) !== command.plannedFor.width ||
    Math.round(doc.height) !== command.plannedFor.height
  ) {
    throw new Error(`the document changed size (${doc.width}×${doc.height}) since the crop was planned`);
  }
  const suspension = await context.hostControl.suspendHistory({
    documentID: doc.id,
    name: command.historyName,
  });
  try {
    await doc.crop(command.bounds, 0);
  } catch (error) {
    await context.hostControl.resumeHistory(suspension, false);
    throw error;
  }
  await context.hostControl.resumeHistory(suspension, true);
}

async function thumbnailOf(ps: Photoshop, documentID: number, longSide: number): Promise<string | null> {
  const imaging = ps.imaging ?? ps.imaging_beta;
  if (!imaging) return null; // before 24.2: the view draws the crops on a plain frame instead
  try {
    return await ps.core.executeAsModal(
      async () => {
        const doc = [...ps.app.documents].find((d) => d.id === documentID);
        const targetSize = doc && doc.width >= doc.height ? { width: longSide } : { height: longSide };
        const { imageData } = await imaging.getPixels({
          documentID,
          targetSize,
          componentSize: 8,
          applyAlpha: true,
          colorSpace: "RGB",
        });
        try {
          return `data:image/jpeg;base64,${await imaging.encodeImageData({ imageData, base64: true })}`;
        } finally {
          imageData.dispose();
        }
      },
      { commandName: "Stridelight thumbnail" },
    );
  } catch {
    return null;
  }
}
