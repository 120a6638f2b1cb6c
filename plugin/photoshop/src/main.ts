/** The plugin's entry point in Photoshop: the real host, UXP's fetch, the companion origin the manifest allows. */
import { uxpHost } from "./host.ts";
import { mountPanel } from "./panel.ts";

declare const STRIDELIGHT_COMPANION: string;

const root = document.getElementById("app");
if (root)
  mountPanel(root, {
    host: uxpHost(),
    fetch: (input, init) => fetch(input, init),
    defaultCompanion: STRIDELIGHT_COMPANION,
  });
