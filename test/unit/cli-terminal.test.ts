/** The human side of `stridelight start`: the log format choice, the per-photo line, log lines for people. */
import { describe, expect, it } from "vitest";
import { humanLogLine, logFormatFor, photoLine } from "../../companion/cli/terminal.ts";
import { DEFAULT_FOLDER } from "../../companion/config/defaults.ts";
import { lightroomSeesJpegResults, resultsLine } from "../../companion/config/results.ts";
import type { Photo } from "../../companion/store/photos.ts";

const photo = (over: Partial<Photo> = {}): Photo =>
  ({
    id: 1,
    path: "/shoot/IMG_0079.jpg",
    status: "done",
    error: null,
    scores: {
      keeper: 0.694,
      stars: 3,
      label: null,
      flags: [],
      bibs: ["918"],
      keywords: [],
      burst: null,
      parts: { runningStyle: 0.381 },
      explanations: [],
    },
    ...over,
  }) as Photo;

describe("the terminal", () => {
  it("human on a terminal, JSON through a pipe, either when asked", () => {
    expect(logFormatFor(undefined, true)).toBe("human");
    expect(logFormatFor(undefined, false)).toBe("json");
    expect(logFormatFor("json", true)).toBe("json");
    expect(logFormatFor("human", false)).toBe("human");
    expect(() => logFormatFor("xml", true)).toThrow(/--log-format/);
  });

  it("one line per photo: name, stars, keeper, style, bib, burst, flags", () => {
    expect(photoLine(photo())).toBe("IMG_0079.jpg ★★★ keeper 0.69 · style 0.38 · bib 918");
    const best = photo({
      scores: {
        ...photo().scores!,
        stars: -1,
        bibs: [],
        flags: ["motion-blur"],
        burst: { id: "b", rank: 1, size: 4 },
      },
    });
    expect(photoLine(best)).toBe(
      "IMG_0079.jpg rejected keeper 0.69 · style 0.38 · best of burst · motion-blur",
    );
    expect(photoLine(photo({ status: "failed", error: "not-an-image: not a photo", scores: null }))).toBe(
      "IMG_0079.jpg ✗ not-an-image: not a photo",
    );
  });

  it("a pino line for people", () => {
    const line = humanLogLine(
      JSON.stringify({ level: 40, time: 0, pid: 1, msg: "config problem", file: "x.json" }),
    );
    expect(line).toMatch(/^\d\d:\d\d:\d\d warn {2}config problem \(file=x\.json\)$/);
  });

  it("says where results go: inside the JPEG by default, loudly when sidecars only", () => {
    expect(resultsLine(DEFAULT_FOLDER)).toMatch(/^stars, keywords → inside JPEG\/TIFF\/DNG/);
    expect(lightroomSeesJpegResults(DEFAULT_FOLDER)).toBe(true);
    const sidecars = {
      ...DEFAULT_FOLDER,
      sidecar: { ...DEFAULT_FOLDER.sidecar, neverModifyOriginals: true },
    };
    expect(resultsLine(sidecars)).toMatch(/sidecars only \(Lightroom ignores sidecars of JPEG/);
    expect(lightroomSeesJpegResults(sidecars)).toBe(false);
  });
});
