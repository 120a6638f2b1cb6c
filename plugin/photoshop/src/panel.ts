/** The DOM glue: renders the controller's state into the panel and routes clicks back to it. */
import { PanelController } from "./controller.ts";
import type { HostPort } from "./host-port.ts";
import { renderPanel } from "./view.ts";

export interface PanelOptions {
  readonly host: HostPort;
  readonly fetch: typeof fetch;
  readonly defaultCompanion: string;
  readonly pollWaitMs?: number;
  readonly retryMs?: number;
}

/** A nudge moves the crop by this share of the frame. */
const STEP = 0.02;

export function mountPanel(root: HTMLElement, options: PanelOptions): PanelController {
  const controller = new PanelController(options);
  controller.subscribe((state) => {
    // A re-render must not eat what the photographer is typing into the pairing field.
    const typing = root.querySelector<HTMLInputElement>("input[name=token]")?.value ?? "";
    root.innerHTML = renderPanel(state);
    const field = root.querySelector<HTMLInputElement>("input[name=token]");
    if (field && typing) field.value = typing;
  });
  root.innerHTML = renderPanel(controller.state);
  root.addEventListener("click", (event) => {
    const target = actionOf(event.target as Element | null);
    if (target)
      void act(controller, root, target.getAttribute("data-action")!, target.getAttribute("data-arg") ?? "");
  });
  root.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.target as Element | null)?.getAttribute("name") === "token")
      void act(controller, root, "pair", "");
  });
  void controller.start();
  return controller;
}

/** The nearest element with data-action (UXP's DOM has no closest()). */
function actionOf(el: Element | null): Element | null {
  for (let e = el; e; e = e.parentElement)
    if (e.hasAttribute("data-action") && !e.hasAttribute("disabled")) return e;
  return null;
}

function act(c: PanelController, root: HTMLElement, action: string, arg: string): Promise<void> | void {
  const [a = 0, b = 0] = arg.split(",").map(Number);
  switch (action) {
    case "pair":
      return c.pair(root.querySelector<HTMLInputElement>("input[name=token]")?.value ?? "");
    case "retry":
      return c.refresh();
    case "analyze":
      return c.analyzeNow();
    case "aspect":
      return c.chooseAspect(arg);
    case "move":
      return c.move(a * STEP, b * STEP);
    case "scale":
      return c.scale(a);
    case "reset":
      return c.resetDraft();
    case "apply":
      return c.applyCrop();
    case "reject":
      return c.rejectCrop();
  }
}
