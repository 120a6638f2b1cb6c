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

const button = (action: string, label: string, arg = "", extra = "") =>
  `<button type="button" data-action="${action}"${arg ? ` data-arg="${escapeHtml(arg)}"` : ""}${extra}>${escapeHtml(label)}</button>`;

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
    case "unpaired":
      return screen(state.kind, "Pair with the companion", pairingForm(state.companion, state.problem));
    case "no-document":
      return screen(state.kind, "No document", para("Open a photo to see what the companion suggests."));
    case "unsaved":
      return screen(
        state.kind,
        "Document not saved",
        para(`"${state.doc.title}" has no file yet. Save it, then the companion can analyse it.`),
      );
    case "missing-file":
      return screen(
        state.kind,
        "File not found",
        para(`The companion cannot find ${state.doc.path ?? state.doc.title} on this machine.`) +
          button("retry", "Retry"),
      );
    case "not-analysed":
      return screen(
        state.kind,
        "Photo not analysed yet",
        para("It has been moved to the front of the companion's queue.") + button("analyse", "Analyse now"),
      );
    case "analysing":
      return screen(
        state.kind,
        "Analysing…",
        para(`The companion is analysing ${state.doc.title}; the suggestions appear here when it is done.`),
      );
    case "failed":
      return screen(state.kind, "Analysis failed", para(state.error) + button("analyse", "Try again"));
    case "ready":
      return screen(state.kind, state.doc.title, readyBody(state));
  }
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

function overlay(box: readonly number[], cls: string, label: string): string {
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  const style = `left:${pct(x0)};top:${pct(y0)};width:${pct(x1 - x0)};height:${pct(y1 - y0)}`;
  return `<div class="crop ${cls}" style="${style}" title="${escapeHtml(label)}"></div>`;
}

function thumbnail(s: ReadyState): string {
  const { width, height } = s.verdict.analysed;
  const others = bestPerAspect(s.verdict.crops)
    .filter((c) => c.aspect !== s.draft?.aspect)
    .map((c) => overlay(c.box, "proposal", `${c.aspect}: ${c.reason}`));
  const draft = s.draft ? overlay(s.draft.box, "draft", s.draft.aspect) : "";
  const img = s.thumbnail ? `<img src="${escapeHtml(s.thumbnail)}" alt="">` : "";
  // A spacer keeps the photo's proportions with or without an image (UXP has no aspect-ratio).
  const spacer = `<div class="spacer" style="padding-top:${((height / width) * 100).toFixed(3)}%"></div>`;
  return `<div class="thumb">${spacer}${img}${others.join("")}${draft}</div>`;
}

function cropControls(s: ReadyState): string {
  if (!s.draft) return para("The companion proposed no crop for this photo.");
  const refusal = shapeRefusal(s.verdict.analysed, s.doc);
  const aspects = ASPECTS.map((a) => button("aspect", a, a, a === s.draft!.aspect ? ' class="on"' : "")).join(
    "",
  );
  const nudges = [
    button("move", "←", "-1,0"),
    button("move", "→", "1,0"),
    button("move", "↑", "0,-1"),
    button("move", "↓", "0,1"),
    button("scale", "−", "0.95"),
    button("scale", "+", "1.05"),
    button("reset", "Reset"),
  ].join("");
  const disabled = refusal ? " disabled" : "";
  return (
    `<p class="reason">${escapeHtml(draftLine(s.draft))}</p>` +
    `<div class="aspects">${aspects}</div><div class="nudges">${nudges}</div>` +
    (refusal ? `<p class="error" data-refusal="${refusal.kind}">${escapeHtml(refusal.message)}</p>` : "") +
    `<div class="verdict">${button("apply", "Apply crop", "", disabled)}${button("reject", "Reject suggestion")}</div>`
  );
}

function draftLine(d: CropDraft): string {
  const moved =
    d.aspect !== d.proposal.aspect || d.box.some((v, i) => Math.abs(v - d.proposal.box[i]!) > 0.001);
  return moved
    ? `${d.aspect}, adjusted from the ${d.proposal.aspect} proposal`
    : `${d.aspect}: ${d.proposal.reason}`;
}
