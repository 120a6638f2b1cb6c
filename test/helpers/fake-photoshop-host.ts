/**
 * A fake Photoshop behind the panel's HostPort, keeping the promises the real host.ts keeps: one modal scope at a
 * time (a second executeAsModal is refused, as Photoshop does), each command one named history step that Undo
 * takes back, a crop makes the canvas the size of its bounds, document events arrive asynchronously after the
 * change. It runs in Node (vitest) and in Chromium (bundled into the panel page), so it uses no Node API.
 */
import type { DocumentCommand, PixelBounds } from "../../plugin/photoshop/src/commands.ts";
import type { CommandOutcome, DocumentInfo, HostPort } from "../../plugin/photoshop/src/host-port.ts";

export interface FakeDocument {
  id: number;
  title: string;
  path: string | null;
  width: number;
  height: number;
  /** What Photoshop's imaging API would give as a thumbnail (a data: URL), or null. */
  thumbnail: string | null;
  /** The part of the opened picture the canvas shows now (normalised), changed by crops, restored by Undo. */
  frame?: readonly [number, number, number, number];
}

export interface HistoryStep {
  readonly documentId: number;
  readonly name: string;
  /** The size (and shown part) before the step, for Undo. */
  readonly before: { width: number; height: number; frame?: FakeDocument["frame"] };
}

export interface CropCall {
  readonly documentId: number;
  readonly bounds: PixelBounds;
  readonly angle: number;
}

/** The few browser APIs the fake's thumbnail uses in Chromium (the tests' tsconfig has no DOM library). */
interface BrowserBits {
  document?: {
    createElement(tag: "canvas"): {
      width: number;
      height: number;
      getContext(kind: "2d"): { drawImage(img: unknown, ...n: number[]): void };
      toDataURL(type: string, quality: number): string;
    };
  };
  Image?: new () => { src: string; naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
}

export class FakePhotoshopHost implements HostPort {
  readonly documents: FakeDocument[] = [];
  readonly history: HistoryStep[] = [];
  readonly crops: CropCall[] = [];
  readonly events: string[] = [];
  private active: FakeDocument | null = null;
  private modal = false;
  private nextId = 1;
  private readonly listeners = new Set<() => void>();
  private readonly settings = new Map<string, string>();

  // ---- what the panel uses (HostPort) ----

  activeDocument(): Promise<DocumentInfo | null> {
    const d = this.active;
    return Promise.resolve(
      d ? { id: d.id, title: d.title, path: d.path, width: d.width, height: d.height } : null,
    );
  }

  async run(command: DocumentCommand): Promise<CommandOutcome> {
    const doc = this.documents.find((d) => d.id === command.documentId);
    if (!doc) return { ok: false, message: "the document was closed" };
    if (this.modal) return { ok: false, message: "host is in a modal state" };
    this.modal = true;
    try {
      await Promise.resolve();
      if (doc.width !== command.plannedFor.width || doc.height !== command.plannedFor.height) {
        return {
          ok: false,
          message: `the document changed size (${doc.width}×${doc.height}) since the crop was planned`,
        };
      }
      this.step(doc, command.historyName, () => this.crop(doc, command.bounds), "crop");
      return { ok: true };
    } finally {
      this.modal = false;
    }
  }

  /** In a browser the thumbnail shows only the cropped part, as Photoshop's would; in Node the whole picture. */
  async thumbnail(documentId: number): Promise<string | null> {
    const doc = this.documents.find((d) => d.id === documentId);
    if (!doc?.thumbnail) return null;
    const dom = globalThis as unknown as BrowserBits;
    if (!doc.frame || !dom.document || !dom.Image) return doc.thumbnail;
    const img = new dom.Image();
    img.src = doc.thumbnail;
    await img.decode();
    const [x0, y0, x1, y1] = doc.frame;
    const canvas = dom.document.createElement("canvas");
    canvas.width = Math.max(1, Math.round((x1 - x0) * img.naturalWidth));
    canvas.height = Math.max(1, Math.round((y1 - y0) * img.naturalHeight));
    const [sx, sy] = [x0 * img.naturalWidth, y0 * img.naturalHeight];
    canvas
      .getContext("2d")
      .drawImage(img, sx, sy, canvas.width, canvas.height, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL("image/jpeg", 0.85);
  }

  onDocumentChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  loadSetting(key: string): string | null {
    return this.settings.get(key) ?? null;
  }

  saveSetting(key: string, value: string | null): void {
    if (value === null) this.settings.delete(key);
    else this.settings.set(key, value);
  }

  /** secureStorage: kept apart from the plain settings, so a test can see the token never lands there. */
  readonly secrets = new Map<string, string>();

  async loadSecret(key: string): Promise<string | null> {
    await Promise.resolve();
    return this.secrets.get(key) ?? null;
  }

  async saveSecret(key: string, value: string | null): Promise<void> {
    await Promise.resolve();
    if (value === null) this.secrets.delete(key);
    else this.secrets.set(key, value);
  }

  // ---- what the photographer does in Photoshop (the tests' hands) ----

  open(doc: Omit<FakeDocument, "id" | "thumbnail"> & { thumbnail?: string | null }): FakeDocument {
    const made = { ...doc, id: this.nextId++, thumbnail: doc.thumbnail ?? null };
    this.documents.push(made);
    this.active = made;
    this.notify("open");
    return made;
  }

  select(doc: FakeDocument): void {
    this.active = doc;
    this.notify("select");
  }

  close(doc: FakeDocument): void {
    this.documents.splice(this.documents.indexOf(doc), 1);
    if (this.active === doc) this.active = this.documents.at(-1) ?? null;
    this.notify("close");
  }

  save(doc: FakeDocument, path: string): void {
    doc.path = path;
    this.notify("save");
  }

  /** Image > Image Rotation > 90°: the canvas turns, width and height swap. */
  rotate90(doc: FakeDocument): void {
    this.step(
      doc,
      "Rotate Canvas",
      () => Object.assign(doc, { width: doc.height, height: doc.width }),
      "rotateEventEnum",
    );
  }

  resize(doc: FakeDocument, width: number, height: number): void {
    this.step(doc, "Image Size", () => Object.assign(doc, { width, height }), "imageSize");
  }

  undo(): void {
    const last = this.history.pop();
    const doc = last && this.documents.find((d) => d.id === last.documentId);
    if (!last || !doc) return;
    Object.assign(doc, last.before);
    this.notify("historyStateChanged");
  }

  /** Holds the modal scope, as another plugin's executeAsModal would. */
  holdModal(held: boolean): void {
    this.modal = held;
  }

  private step(doc: FakeDocument, name: string, change: () => void, event: string): void {
    this.history.push({
      documentId: doc.id,
      name,
      before: { width: doc.width, height: doc.height, frame: doc.frame },
    });
    change();
    this.notify(event);
  }

  /** Photoshop crops to the bounds, growing the canvas where they reach past it. */
  private crop(doc: FakeDocument, bounds: PixelBounds): void {
    this.crops.push({ documentId: doc.id, bounds: { ...bounds }, angle: 0 });
    const [f0, f1, f2, f3] = doc.frame ?? [0, 0, 1, 1];
    const fx = (px: number) => f0 + (px / doc.width) * (f2 - f0);
    const fy = (px: number) => f1 + (px / doc.height) * (f3 - f1);
    doc.frame = [fx(bounds.left), fy(bounds.top), fx(bounds.right), fy(bounds.bottom)];
    doc.width = Math.round(bounds.right - bounds.left);
    doc.height = Math.round(bounds.bottom - bounds.top);
  }

  /** Photoshop's notifications reach listeners after the change, not inside it. */
  private notify(event: string): void {
    this.events.push(event);
    setTimeout(() => this.listeners.forEach((l) => l()), 0);
  }
}
