import { describe, expect, it } from "vitest";
import { groupBursts, type BurstPhoto } from "../../core/domain/bursts.ts";

const photo = (
  file: string,
  epochMs: number | null,
  quality: number,
  extra: Partial<BurstPhoto> = {},
): BurstPhoto => ({
  file,
  sha256: `sha-${file}`,
  epochMs,
  phash: "0f0f0f0f0f0f0f0f",
  quality,
  ...extra,
});

describe("groupBursts", () => {
  it("groups frames less than a second apart and ranks them by quality", () => {
    const t = 1_700_000_000_000;
    const out = groupBursts([
      photo("a", t, 0.5),
      photo("b", t + 120, 0.9),
      photo("c", t + 240, 0.7),
      photo("d", t + 5000, 0.4),
    ]);
    expect(out.get("a")!.id).toBe(out.get("c")!.id);
    expect(out.get("d")!.id).not.toBe(out.get("a")!.id);
    expect([out.get("b")!.rank, out.get("c")!.rank, out.get("a")!.rank]).toEqual([1, 2, 3]);
    expect(out.get("b")!.best).toBe(true);
    expect(out.get("a")!.best).toBe(false);
    expect(out.get("d")).toMatchObject({ rank: 1, size: 1, best: true });
  });

  it("splits frames close in time when the scene changed (pHash far apart)", () => {
    const t = 1_700_000_000_000;
    const out = groupBursts([photo("a", t, 0.5), photo("b", t + 200, 0.6, { phash: "f0f0f0f0f0f0f0f0" })]);
    expect(out.get("a")!.id).not.toBe(out.get("b")!.id);
  });

  it("groups untimed near-identical frames by pHash only", () => {
    const out = groupBursts([
      photo("a", null, 0.2),
      photo("b", null, 0.3, { phash: "0f0f0f0f0f0f0f0e" }),
      photo("c", null, 0.9, { phash: "ffff0000ffff0000" }),
    ]);
    expect(out.get("a")!.id).toBe(out.get("b")!.id);
    expect(out.get("c")!.size).toBe(1);
    expect(out.get("b")!.best).toBe(true);
  });

  it("marks an identical copy (same sha256) as a duplicate of the first, never the best", () => {
    const out = groupBursts([
      photo("a", null, 0.5, { sha256: "x" }),
      photo("a-copy", null, 0.9, { sha256: "x" }),
    ]);
    expect(out.get("a-copy")).toMatchObject({ duplicateOf: "a", best: false, rank: 2 });
    expect(out.get("a")).toMatchObject({ duplicateOf: null, best: true });
  });
});
