/**
 * The panel as HTML text, from its state alone: one screen per state, the verdict, and the crop proposals drawn
 * as boxes over the thumbnail. Buttons carry data-action (and data-arg); panel.ts routes clicks to the controller.
 */
import { shapeRefusal } from "./crop-mapping.ts";
import { ASPECTS } from "./crop-nudge.ts";
import { bestPerAspect, type CropDraft, type PanelState, type ReadyState } from "./state.ts";

const escapeMap: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapeMap[c]!);

/** Styled by class only: UXP's CSS does not match attribute selectors ([disabled], [data-action=…]). */
const button = (action: string, label: string, arg = "", state: { on?: boolean; off?: boolean } = {}) => {
  const cls = [action, state.on ? "on" : "", state.off ? "off" : ""].filter(Boolean).join(" ");
  const data = arg ? ` data-arg="${escapeHtml(arg)}"` : "";
  return `<button type="button" class="${cls}" data-action="${action}"${data}${state.off ? " disabled" : ""}>${escapeHtml(label)}</button>`;
};

const screen = (kind: string, title: string, body: string) =>
  `<section class="screen" data-state="${kind}"><h2>${escapeHtml(title)}</h2>${body}</section>`;

const para = (text: string) => `<p>${escapeHtml(text)}</p>`;

export function renderPanel(state: PanelState): string {
  switch (state.kind) {
    case "starting":
      return screen(state.kind, "Stridelight", para("Looking for the companion…"));
    case "offline":
      return screen(
        state.kind,
        "Companion not running",
        para(`Nothing answers at ${state.companion}. Start it with "stridelight start", then retry.`) +
          button("retry", "Retry"),
      );
    case "problem":
      return screen(state.kind, PROBLEM_TITLE[state.cause], problemBody(state));
    case "unpaired":
      return screen(state.kind, "Pair with the companion", pairingForm(state.companion, state.problem));
    case "no-document":
      return screen(state.kind, "No document", para("Open a photo to see what the companion suggests."));
    case "unsaved":
      return screen(
        state.kind,
        "Document not saved",
        para(`"${state.doc.title}" has no file yet. Save it, then the companion can analyze it.`),
      );
    case "missing-file":
      return screen(
        state.kind,
        "File not found",
        para(`The companion cannot find ${state.doc.path ?? state.doc.title} on this machine.`) +
          button("retry", "Retry"),
      );
    case "not-analyzed":
      return screen(
        state.kind,
        "Photo not analyzed yet",
        para("It has been moved to the front of the companion's queue.") + button("analyze", "Analyze now"),
      );
    case "analyzing":
      return screen(
        state.kind,
        "Analyzing…",
        para(`The companion is analyzing ${state.doc.title}; the suggestions appear here when it is done.`),
      );
    case "failed":
      return screen(state.kind, "Analysis failed", para(state.error) + button("analyze", "Try again"));
    case "ready":
      return screen(state.kind, state.doc.title, readyBody(state));
  }
}

const PROBLEM_TITLE = {
  forbidden: "The companion refused the panel",
  "not-stridelight": "Not a Stridelight companion",
  "companion-error": "The companion answered with an error",
} as const;

function problemBody(state: Extract<PanelState, { kind: "problem" }>): string {
  const said = {
    forbidden: `The companion at ${state.companion} answered 403 (${state.detail}): it does not accept requests from this panel's origin.`,
    "not-stridelight": `Something answers at ${state.companion}, but it is not a Stridelight companion (${state.detail}).`,
    "companion-error": `The companion at ${state.companion} is running but failed to answer (${state.detail}).`,
  }[state.cause];
  const next = {
    forbidden:
      "Next: update the companion to the version of this panel, or add the panel's origin to http.allowedOrigins in watch-config.json; then Retry.",
    "not-stridelight":
      'Next: another program uses this port. Stop it, or start the companion on another port ("http.port" in watch-config.json) and rebuild the panel with --port; then Retry.',
    "companion-error": "Next: look at the companion's terminal for the error, restart it, then Retry.",
  }[state.cause];
  return para(said) + `<p class="next">${escapeHtml(next)}</p>` + button("retry", "Retry");
}

function pairingForm(companion: string, problem: string | null): string {
  return (
    (problem ? `<p class="error">${escapeHtml(problem)}</p>` : "") +
    para(`Paste the token from the companion's data folder (file "token") to pair with ${companion}.`) +
    `<div class="pairing"><input name="token" type="password" autocomplete="off" placeholder="pairing token">` +
    button("pair", "Pair") +
    `</div>`
  );
}

function readyBody(s: ReadyState): string {
  const v = s.verdict;
  const score = (n: number | null) => (n === null ? "–" : `${Math.round(n * 100)}`);
  const facts = [
    `<div class="fact" data-fact="keeper"><span>Keeper</span><strong>${score(v.keeper)}</strong></div>`,
    `<div class="fact" data-fact="style"><span>Running style</span><strong>${score(v.runningStyle)}</strong></div>`,
    `<div class="fact" data-fact="bibs"><span>Bib</span><strong>${escapeHtml(v.bibs.join(", ") || "–")}</strong></div>`,
  ].join("");
  const flags = v.flags.map((f) => `<li class="flag">${escapeHtml(f)}</li>`).join("");
  const why = v.explanations.map((e) => `<li>${escapeHtml(e)}</li>`).join("");
  return (
    `<div class="facts">${facts}</div>` +
    (flags ? `<ul class="flags">${flags}</ul>` : "") +
    (why ? `<ul class="why">${why}</ul>` : "") +
    thumbnail(s) +
    cropControls(s) +
    (s.notice ? `<p class="notice ${s.notice.tone}" role="status">${escapeHtml(s.notice.text)}</p>` : "")
  );
}

const pct = (n: number) => `${(n * 100).toFixed(2)}%`;
const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/** A box of the analyzed frame in the coordinates of the part the document shows; null when it falls outside. */
export function inShown(
  box: readonly number[],
  shown: readonly number[],
): [number, number, number, number] | null {
  const [f0, f1, f2, f3] = shown as [number, number, number, number];
  const w = f2 - f0;
  const h = f3 - f1;
  const [x0, y0, x1, y1] = box.map((v, i) => clamp01((v - (i % 2 === 0 ? f0 : f1)) / (i % 2 === 0 ? w : h)));
  return x1! - x0! > 0.001 && y1! - y0! > 0.001 ? [x0!, y0!, x1!, y1!] : null;
}

const place = (x0: number, y0: number, x1: number, y1: number) =>
  `left:${pct(x0)};top:${pct(y0)};width:${pct(x1 - x0)};height:${pct(y1 - y0)}`;

function overlay(box: readonly number[], cls: string, label: string): string {
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  return `<div class="crop ${cls}" style="${place(x0, y0, x1, y1)}" title="${escapeHtml(label)}"></div>`;
}

/** The dimmed outside of the draft as four shades (UXP draws no box-shadow). */
function shades(box: readonly number[]): string {
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  return [place(0, 0, 1, y0), place(0, y1, 1, 1), place(0, y0, x0, y1), place(x1, y0, 1, y1)]
    .map((style) => `<div class="shade" style="${style}"></div>`)
    .join("");
}

function thumbnail(s: ReadyState): string {
  // The document's own proportions: after a crop the thumbnail is the cropped picture, not the analyzed frame.
  const { width, height } = s.doc;
  const shown = s.shown;
  const boxes: string[] = [];
  if (shown) {
    for (const c of bestPerAspect(s.verdict.crops)) {
      if (c.aspect === s.draft?.aspect) continue;
      const b = inShown(c.box, shown);
      if (b) boxes.push(overlay(b, "proposal", `${c.aspect}: ${c.reason}`));
    }
    const d = s.draft ? inShown(s.draft.box, shown) : null;
    if (d && s.draft) boxes.push(shades(d), overlay(d, "draft", s.draft.aspect));
  }
  const img = s.thumbnail ? `<img src="${escapeHtml(s.thumbnail)}" alt="">` : "";
  // A spacer keeps the photo's proportions with or without an image (UXP has no aspect-ratio).
  const spacer = `<div class="spacer" style="padding-top:${((height / width) * 100).toFixed(3)}%"></div>`;
  return `<div class="thumb">${spacer}${img}${boxes.join("")}</div>`;
}

function cropControls(s: ReadyState): string {
  if (!s.draft) return para("The companion proposed no crop for this photo.");
  const refusal = shapeRefusal(s.verdict.analyzed, s.doc);
  const aspects = ASPECTS.map((a) => button("aspect", a, a, { on: a === s.draft!.aspect })).join("");
  const nudges = [
    button("move", "←", "-1,0"),
    button("move", "→", "1,0"),
    button("move", "↑", "0,-1"),
    button("move", "↓", "0,1"),
    button("scale", "−", "0.95"),
    button("scale", "+", "1.05"),
    button("reset", "Reset"),
  ].join("");
  const off = refusal !== null;
  return (
    `<p class="reason">${escapeHtml(draftLine(s.draft))}</p>` +
    `<div class="aspects">${aspects}</div><div class="nudges">${nudges}</div>` +
    (refusal ? `<p class="error" data-refusal="${refusal.kind}">${escapeHtml(refusal.message)}</p>` : "") +
    `<div class="verdict">${button("apply", "Apply crop", "", { off })}${button("reject", "Reject suggestion")}</div>`
  );
}

function draftLine(d: CropDraft): string {
  const moved =
    d.aspect !== d.proposal.aspect || d.box.some((v, i) => Math.abs(v - d.proposal.box[i]!) > 0.001);
  return moved
    ? `${d.aspect}, adjusted from the ${d.proposal.aspect} proposal`
    : `${d.aspect}: ${d.proposal.reason}`;
}
