import { describe, expect, it } from "vitest";
import { DEFAULT_BURST_OPTIONS, groupBursts, type BurstPhoto } from "../../core/domain/bursts.ts";

const t = 1_700_000_000_000;
const frame = (file: string, ms: number, quality: number, height: number): BurstPhoto => ({
  file,
  sha256: `sha-${file}`,
  epochMs: t + ms,
  phash: "0f0f0f0f0f0f0f0f",
  quality,
  runnerBox: [0.4, 0.5 - height / 2, 0.6, 0.5 + height / 2],
});

describe("best of burst", () => {
  it("prefers the frame where the runner is closer when the keeper scores are alike", () => {
    const out = groupBursts([frame("far", 0, 0.8, 0.3), frame("near", 150, 0.78, 0.6)]);
    expect(out.get("near")!.best).toBe(true);
  });

  it("keeps a clearly better frame first even when the runner is a little further away", () => {
    const out = groupBursts([frame("sharp", 0, 0.9, 0.5), frame("soft", 150, 0.4, 0.6)]);
    expect(out.get("sharp")!.best).toBe(true);
  });

  it("prefers the frame whose bib is read when the keeper scores are alike", () => {
    const read = { ...frame("bib", 0, 0.4, 0.5), bibs: { main: "1234", all: ["1234"] } };
    const hidden = frame("arm", 150, 0.55, 0.5);
    expect(groupBursts([read, hidden]).get("bib")!.best).toBe(true);
    const off = { ...DEFAULT_BURST_OPTIONS, legibleBibWeight: 0 };
    expect(groupBursts([read, hidden], off).get("arm")!.best).toBe(true);
  });

  it("keeps a clearly better frame first even when only the weaker one shows the bib", () => {
    const read = { ...frame("bib", 0, 0.3, 0.5), bibs: { main: "1234", all: ["1234"] } };
    expect(groupBursts([read, frame("sharp", 150, 0.9, 0.5)]).get("sharp")!.best).toBe(true);
  });

  it("ranks by keeper alone when the closer weight is off", () => {
    const options = { ...DEFAULT_BURST_OPTIONS, closerWeight: 0 };
    const out = groupBursts([frame("far", 0, 0.8, 0.3), frame("near", 150, 0.78, 0.6)], options);
    expect(out.get("far")!.best).toBe(true);
  });
});
