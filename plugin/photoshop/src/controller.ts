/**
 * The panel's behaviour without its pixels: follows the active document, asks the companion, keeps the crop
 * draft, applies crops through the host and reports every answer back as feedback. No DOM here, so the tests
 * drive it directly against the fake host.
 */
import { cropCommand } from "./commands.ts";
import {
  type Answer,
  type ClientError,
  type CompanionClient,
  companionClient,
  type CropFeedback,
  type Suggestion,
} from "./companion-client.ts";
import { type Box, mapCrop, shapeRefusal } from "./crop-mapping.ts";
import { aspectRatio, moveBox, reshapeBox, sameBox, scaleBox } from "./crop-nudge.ts";
import type { DocumentInfo, HostPort } from "./host-port.ts";
import {
  bestPerAspect,
  type CropDraft,
  draftFrom,
  firstDraft,
  type Notice,
  type PanelState,
  type ReadyState,
  verdictOf,
} from "./state.ts";

export const TOKEN_SETTING = "stridelight.token";
const ALREADY_CROPPED =
  "The document is already cropped: Undo (Ctrl/Cmd+Z) to bring back the whole photo, then crop again.";
const REFUSED_TOKEN =
  'The companion refused this token. Copy the current one from the file "token" in its data folder (.stridelight/token) and paste it here.';
export const COMPANION_SETTING = "stridelight.companion";

export interface ControllerOptions {
  readonly host: HostPort;
  readonly fetch: typeof fetch;
  /** The companion's origin when none was saved (the manifest lists it). */
  readonly defaultCompanion: string;
  /** How long one long-poll for a photo being analyzed waits at the companion. */
  readonly pollWaitMs?: number;
  /** While the companion is not running, look again this often (0 = only when asked). */
  readonly retryMs?: number;
  readonly thumbnailSide?: number;
}

type Listener = (state: PanelState) => void;

export class PanelController {
  private current: PanelState = { kind: "starting" };
  private generation = 0;
  private readonly listeners = new Set<Listener>();
  private unsubscribe: (() => void) | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly unsent: { photoId: number; feedback: CropFeedback }[] = [];
  /** Our own last crop: the size it gave its document, and the part of the analyzed frame the document now shows. */
  private cropped: { id: number; width: number; height: number; frame: Box } | null = null;
  /** The pairing token from secureStorage (undefined until read: the store is asynchronous). */
  private token: string | null | undefined = undefined;
  private documentEvents = 0;

  constructor(private readonly options: ControllerOptions) {}

  get state(): PanelState {
    return this.current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): Promise<void> {
    this.unsubscribe ??= this.options.host.onDocumentChange(() => void this.documentChanged());
    return this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  companion(): string {
    return this.options.host.loadSetting(COMPANION_SETTING) ?? this.options.defaultCompanion;
  }

  /** Look again from the start: companion, pairing, document, suggestions. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const next = await this.look();
    if (generation !== this.generation) return;
    this.set(next);
    if (next.kind === "not-analyzed" || next.kind === "analyzing") void this.follow(generation, next.doc);
    if (next.kind === "offline") this.retryLater(generation);
  }

  async pair(token: string): Promise<void> {
    this.token = token.trim() || null;
    await this.options.host.saveSecret(TOKEN_SETTING, this.token);
    await this.refresh();
  }

  /** The token from secureStorage; one saved in plain settings by an older version is moved there. */
  private async loadToken(): Promise<string | null> {
    if (this.token !== undefined) return this.token;
    const host = this.options.host;
    const legacy = host.loadSetting(TOKEN_SETTING);
    if (legacy) {
      await host.saveSecret(TOKEN_SETTING, legacy);
      host.saveSetting(TOKEN_SETTING, null);
    }
    this.token = legacy ?? (await host.loadSecret(TOKEN_SETTING));
    return this.token;
  }

  async analyzeNow(): Promise<void> {
    const s = this.current;
    if (s.kind !== "not-analyzed" && s.kind !== "failed") return;
    const answer = await this.client().analyzeNow(s.doc.path!);
    if (!answer.ok) return this.set(this.errorState(answer.error, s.doc));
    await this.refresh();
  }

  chooseAspect(aspect: string): void {
    this.editDraft((draft, ready) => {
      const proposed = bestPerAspect(ready.verdict.crops).find((c) => c.aspect === aspect);
      if (proposed) return draftFrom(proposed);
      const ratio = aspectRatio(aspect, ready.verdict.analyzed);
      return ratio ? { ...draft, aspect, box: reshapeBox(draft.box, ratio, ready.verdict.analyzed) } : draft;
    });
  }

  move(dx: number, dy: number): void {
    this.editDraft((draft) => ({ ...draft, box: moveBox(draft.box, dx, dy) }));
  }

  scale(factor: number): void {
    this.editDraft((draft) => ({ ...draft, box: scaleBox(draft.box, factor) }));
  }

  /** Back to the companion's proposal for the draft's aspect. */
  resetDraft(): void {
    this.editDraft((draft) => draftFrom(draft.proposal));
  }

  /** Crop the document to the draft as one history step, then tell the companion accepted or adjusted. */
  async applyCrop(): Promise<void> {
    const s = this.ready();
    if (!s?.draft) return;
    const doc = await this.options.host.activeDocument();
    if (!doc || doc.id !== s.doc.id) return this.refresh();
    const mapping = mapCrop(s.draft.box, s.verdict.analyzed, doc);
    if (!mapping.ok) return this.notify({ tone: "error", text: mapping.refusal.message });
    // After our own crop the document shows only part of the analyzed frame, even when its shape still matches
    // (an "original"-aspect crop): mapping the draft again would cut the wrong part.
    if (s.shown === null || s.shown.some((v, i) => Math.abs(v - (i < 2 ? 0 : 1)) > 1e-6))
      return this.notify({ tone: "error", text: ALREADY_CROPPED });
    const { bounds } = mapping;
    this.cropped = {
      id: doc.id,
      width: bounds.right - bounds.left,
      height: bounds.bottom - bounds.top,
      frame: s.draft.box,
    };
    const outcome = await this.options.host.run(cropCommand(doc.id, bounds, doc));
    if (!outcome.ok)
      return this.notify({ tone: "error", text: `Photoshop did not crop: ${outcome.message}` });
    const feedback = cropFeedback(s.draft);
    const said = feedback.kind === "crop-accepted" ? "accepted" : "adjusted";
    await this.send(s.verdict.photoId, feedback, "Cropped (Undo takes it back).", said);
  }

  async rejectCrop(): Promise<void> {
    const s = this.ready();
    if (!s?.draft) return;
    const { aspect, box } = s.draft.proposal;
    await this.send(
      s.verdict.photoId,
      { kind: "crop-rejected", proposal: { aspect, box } },
      "Suggestion rejected.",
      "rejected",
    );
  }

  private client(): CompanionClient {
    return companionClient({
      baseUrl: this.companion(),
      token: this.token ?? null,
      fetch: this.options.fetch,
    });
  }

  private async look(): Promise<PanelState> {
    const token = await this.loadToken();
    const client = this.client();
    const health = await client.health();
    if (!health.ok) return this.healthProblem(health.error);
    if (!token) return { kind: "unpaired", companion: this.companion(), problem: null };
    const doc = await this.options.host.activeDocument();
    if (!doc) return { kind: "no-document" };
    if (!doc.path) return { kind: "unsaved", doc };
    await this.flushUnsent(client);
    return this.stateFor(doc, await client.suggestions(doc.path));
  }

  private async stateFor(doc: DocumentInfo, answer: Answer<Suggestion>): Promise<PanelState> {
    if (!answer.ok) return this.errorState(answer.error, doc);
    const s = answer.value;
    if (s.status === "queued") return { kind: "not-analyzed", doc, photoId: s.photoId, asked: true };
    if (s.status === "analyzing") return { kind: "analyzing", doc, photoId: s.photoId };
    if (s.status === "failed") return { kind: "failed", doc, error: s.error ?? "the analysis failed" };
    const facts = await this.client().photo(s.photoId);
    if (!facts.ok) return this.errorState(facts.error, doc);
    const verdict = verdictOf(s, facts.value.width, facts.value.height, facts.value.scores?.parts ?? null);
    if (!verdict)
      return { kind: "failed", doc, error: "the companion does not know the analyzed size of this photo" };
    const thumbnail = await this.options.host.thumbnail(doc.id, this.options.thumbnailSide ?? 320);
    const shown: Box | null = shapeRefusal(verdict.analyzed, doc) === null ? [0, 0, 1, 1] : null;
    return { kind: "ready", doc, verdict, thumbnail, shown, draft: firstDraft(verdict), notice: null };
  }

  /** Only "nothing answers" is worth retrying by itself; every other answer needs the photographer. */
  private healthProblem(error: ClientError): PanelState {
    const companion = this.companion();
    switch (error.kind) {
      case "offline":
        return { kind: "offline", companion };
      case "unauthorised":
        return { kind: "unpaired", companion, problem: REFUSED_TOKEN };
      case "forbidden":
        return { kind: "problem", companion, cause: "forbidden", detail: error.message };
      case "unexpected":
      case "not-found":
        return { kind: "problem", companion, cause: "not-stridelight", detail: error.message };
      case "failed":
        return { kind: "problem", companion, cause: "companion-error", detail: error.message };
    }
  }

  private errorState(error: ClientError, doc: DocumentInfo): PanelState {
    if (error.kind === "offline") return { kind: "offline", companion: this.companion() };
    if (error.kind === "unauthorised")
      return { kind: "unpaired", companion: this.companion(), problem: REFUSED_TOKEN };
    if (error.kind === "forbidden")
      return { kind: "problem", companion: this.companion(), cause: "forbidden", detail: error.message };
    if (error.kind === "not-found") return { kind: "missing-file", doc };
    return { kind: "failed", doc, error: error.message };
  }

  /** Long-polls the companion while the photo is queued or being analyzed, until it settles or the document changes. */
  private async follow(generation: number, doc: DocumentInfo): Promise<void> {
    while (generation === this.generation) {
      const started = Date.now();
      const answer = await this.client().suggestions(doc.path!, this.options.pollWaitMs ?? 15_000);
      const next = await this.stateFor(doc, answer);
      if (generation !== this.generation) return;
      this.set(next);
      if (next.kind !== "not-analyzed" && next.kind !== "analyzing") return;
      await pause(Math.max(0, 500 - (Date.now() - started)));
    }
  }

  private retryLater(generation: number): void {
    const every = this.options.retryMs ?? 5000;
    if (every <= 0) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (generation === this.generation) void this.refresh();
    }, every);
  }

  /** The same document resized or cropped keeps its verdict (the view then explains the mismatch); another one is looked up. */
  private async documentChanged(): Promise<void> {
    const s = this.current;
    // Until the companion answers and the panel is paired, documents do not matter, and re-rendering would wipe
    // a half-typed token.
    if (s.kind === "unpaired" || s.kind === "offline" || s.kind === "problem") return;
    // Events come in bursts (crop, then Undo): only the latest one's answer may land, not a slower earlier one.
    const event = ++this.documentEvents;
    const doc = await this.options.host.activeDocument();
    if (s.kind === "ready" && doc && doc.id === s.doc.id && doc.path === s.doc.path) {
      if (doc.width === s.doc.width && doc.height === s.doc.height) return;
      const thumbnail = await this.options.host.thumbnail(doc.id, this.options.thumbnailSide ?? 320);
      if (event !== this.documentEvents || this.current !== s) return;
      const ours =
        this.cropped?.id === doc.id && this.cropped.width === doc.width && this.cropped.height === doc.height;
      // After our crop the document shows only the crop's part of the analyzed frame; after Undo, all of it;
      // after anything else (rotate, canvas size) the part is unknown and the view shows no boxes.
      const whole = shapeRefusal(s.verdict.analyzed, doc) === null;
      const shown: Box | null = ours ? this.cropped!.frame : whole ? [0, 0, 1, 1] : null;
      return this.set({ ...s, doc, thumbnail, shown, notice: ours ? s.notice : null });
    }
    if (s.kind !== "starting" && sameDocument(s, doc)) return;
    await this.refresh();
  }

  /** Feedback the companion could not take because it was not running is kept and sent on the next look. */
  private async send(photoId: number, feedback: CropFeedback, done: string, said: string): Promise<void> {
    const answer = await this.client().feedback(photoId, feedback);
    if (answer.ok) return this.notify({ tone: "info", text: `${done} Told the companion: ${said}.` });
    const later = answer.error.kind === "offline";
    if (later) this.unsent.push({ photoId, feedback });
    const what = later ? "it will be sent when the companion answers again" : "the companion did not take it";
    this.notify({
      tone: "error",
      text: `${done} The feedback (${said}) could not be sent: ${answer.error.message}; ${what}.`,
    });
  }

  private async flushUnsent(client: CompanionClient): Promise<void> {
    while (this.unsent.length > 0) {
      const { photoId, feedback } = this.unsent[0]!;
      if (!(await client.feedback(photoId, feedback)).ok) return;
      this.unsent.shift();
    }
  }

  private ready(): ReadyState | null {
    return this.current.kind === "ready" ? this.current : null;
  }

  private editDraft(edit: (draft: CropDraft, ready: ReadyState) => CropDraft): void {
    const s = this.ready();
    if (s?.draft) this.set({ ...s, draft: edit(s.draft, s), notice: null });
  }

  private notify(notice: Notice): void {
    const s = this.ready();
    if (s) this.set({ ...s, notice });
  }

  private set(state: PanelState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}

/** Accepted when the photographer applied the proposal as it was, adjusted (with the final box) otherwise. */
export function cropFeedback(draft: CropDraft): CropFeedback {
  const proposal = { aspect: draft.proposal.aspect, box: draft.proposal.box };
  if (draft.aspect === draft.proposal.aspect && sameBox(draft.box, draft.proposal.box))
    return { kind: "crop-accepted", proposal };
  return { kind: "crop-adjusted", proposal, value: { aspect: draft.aspect, box: draft.box } };
}

function sameDocument(s: PanelState, doc: DocumentInfo | null): boolean {
  if (!("doc" in s)) return s.kind === "no-document" && doc === null;
  return (
    doc !== null &&
    doc.id === s.doc.id &&
    doc.path === s.doc.path &&
    doc.width === s.doc.width &&
    doc.height === s.doc.height
  );
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
