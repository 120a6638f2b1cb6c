import { describe, expect, it } from "vitest";
import type { PanelState, PhotoVerdict } from "../../plugin/photoshop/src/state.ts";
import { escapeHtml, renderPanel } from "../../plugin/photoshop/src/view.ts";

const doc = { id: 1, title: "IMG_0001.jpg", path: "/p/IMG_0001.jpg", width: 6000, height: 4000 };
const verdict: PhotoVerdict = {
  photoId: 7,
  analyzed: { width: 6000, height: 4000 },
  keeper: 0.834,
  runningStyle: 0.71,
  explanations: ["keeper score 83 / 100", "running style 71 / 100"],
  flags: ["eyes-closed"],
  bibs: ["1234"],
  rating: 4,
  crops: [
    { aspect: "4:5", box: [0.3, 0.1, 0.6, 0.7], score: 0.8, reason: "runner framed with room ahead" },
    { aspect: "original", box: [0.1, 0.1, 0.9, 0.9], score: 0.6, reason: "whole scene" },
  ],
};
const proposal = verdict.crops[0]!;
const ready: PanelState = {
  kind: "ready",
  doc,
  verdict,
  thumbnail: "data:image/jpeg;base64,AAAA",
  shown: [0, 0, 1, 1],
  draft: { aspect: "4:5", proposal, box: proposal.box },
  notice: null,
};

describe("the panel's screens", () => {
  it.each([
    [
      { kind: "offline", companion: "http://127.0.0.1:7613" },
      /Companion not running.*http:\/\/127\.0\.0\.1:7613.*data-action="retry"/,
    ],
    [
      { kind: "unpaired", companion: "http://127.0.0.1:7613", problem: "The companion refused this token" },
      /Pair with the companion.*refused this token.*name="token".*data-action="pair"/,
    ],
    [
      { kind: "unsaved", doc: { ...doc, path: null, title: "Untitled-1" } },
      /Document not saved.*Untitled-1.*Save it/,
    ],
    [
      { kind: "not-analyzed", doc, photoId: 7, asked: true },
      /Photo not analyzed yet.*front of the companion&#39;s queue.*data-action="analyze"/,
    ],
    [{ kind: "analyzing", doc, photoId: 7 }, /Analyzing…/],
    [
      {
        kind: "problem",
        companion: "http://127.0.0.1:7613",
        cause: "forbidden",
        detail: "origin not allowed",
      },
      /refused the panel.*answered 403.*Next: .*allowedOrigins.*data-action="retry"/,
    ],
    [
      { kind: "problem", companion: "http://127.0.0.1:7613", cause: "not-stridelight", detail: "HTTP 404" },
      /Not a Stridelight companion.*Next: another program uses this port.*data-action="retry"/,
    ],
    [
      { kind: "problem", companion: "http://127.0.0.1:7613", cause: "companion-error", detail: "HTTP 500" },
      /answered with an error.*Next: look at the companion&#39;s terminal/,
    ],
    [{ kind: "no-document" }, /No document/],
  ] as [PanelState, RegExp][])("%o", (state, shown) => {
    expect(renderPanel(state).replace(/\n/g, " ")).toMatch(shown);
  });

  it("shows keeper score, running style, bib, flags and why", () => {
    const html = renderPanel(ready);
    expect(html).toMatch(/data-fact="keeper"><span>Keeper<\/span><strong>83</);
    expect(html).toMatch(/data-fact="style"><span>Running style<\/span><strong>71</);
    expect(html).toMatch(/data-fact="bibs"><span>Bib<\/span><strong>1234</);
    expect(html).toContain('<li class="flag">eyes-closed</li>');
    expect(html).toContain("<li>running style 71 / 100</li>");
  });

  it("draws the draft and the other proposals over the thumbnail, in the photo's proportions", () => {
    const html = renderPanel(ready);
    expect(html).toContain("padding-top:66.667%");
    expect(html).toContain(
      '<div class="crop draft" style="left:30.00%;top:10.00%;width:30.00%;height:60.00%"',
    );
    expect(html).toContain(
      '<div class="crop proposal" style="left:10.00%;top:10.00%;width:80.00%;height:80.00%" title="original: whole scene"',
    );
    expect(html).toContain('<img src="data:image/jpeg;base64,AAAA"');
    expect(html).toMatch(/data-action="apply"(?! disabled)/);
  });

  it("after our crop: the document's proportions, the boxes in the cropped frame, the outside dimmed without box-shadow", () => {
    // The 4:5 proposal applied: the document is now 1800x2400 and shows only that part of the analyzed frame.
    const cropped = { ...doc, width: 1800, height: 2400 };
    const html = renderPanel({ ...ready, doc: cropped, shown: proposal.box });
    expect(html).toContain("padding-top:133.333%");
    expect(html).toContain(
      '<div class="crop draft" style="left:0.00%;top:0.00%;width:100.00%;height:100.00%"',
    );
    // The "original" proposal reaches past the cropped frame: clipped to it.
    expect(html).toContain(
      '<div class="crop proposal" style="left:0.00%;top:0.00%;width:100.00%;height:100.00%"',
    );
    expect(html).not.toContain("box-shadow");
  });

  it("draws no boxes on a document reshaped in a way the panel cannot follow", () => {
    const html = renderPanel({ ...ready, doc: { ...doc, width: 4000, height: 6000 }, shown: null });
    expect(html).not.toContain('class="crop');
    expect(html).toContain("padding-top:150.000%");
  });

  it("dims the outside of the draft with four shades", () => {
    const html = renderPanel(ready);
    expect(html.match(/class="shade"/g)).toHaveLength(4);
    expect(html).toContain('<div class="shade" style="left:0.00%;top:0.00%;width:100.00%;height:10.00%">');
  });

  it("explains a rotated document and disables Apply", () => {
    const html = renderPanel({ ...ready, doc: { ...doc, width: 4000, height: 6000 } });
    expect(html).toMatch(/data-refusal="rotated">The document was rotated/);
    expect(html).toContain('class="apply off" data-action="apply" disabled');
  });

  it("escapes what it did not write itself", () => {
    expect(escapeHtml(`<img src=x onerror="a">&'`)).toBe("&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;");
    expect(renderPanel({ kind: "failed", doc, error: "<b>boom</b>" })).toContain("&lt;b&gt;boom&lt;/b&gt;");
  });
});
