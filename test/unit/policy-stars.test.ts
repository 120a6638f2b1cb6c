import { describe, expect, it } from "vitest";
import { applyPolicy, DEFAULT_POLICY, resolvePolicy, type PolicyPhoto } from "../../core/domain/policy.ts";

const photo = (keeper: number, extra: Partial<PolicyPhoto> = {}): PolicyPhoto => ({
  keeper,
  flags: [],
  runningStyle: 0.5,
  handsAboveHead: false,
  burst: { best: true, size: 1 },
  ...extra,
});

describe("policy", () => {
  it("gives the top 10 % of a shoot 5 stars by default", () => {
    const shoot = Array.from({ length: 20 }, (_, i) => photo(i / 20));
    const ratings = applyPolicy(shoot, DEFAULT_POLICY).map((v) => v.rating);
    expect(ratings.filter((r) => r === 5)).toHaveLength(2);
    expect(ratings[19]).toBe(5);
    expect(ratings[0]).toBe(1);
    expect([...ratings].sort()).toEqual(ratings); // better keeper, never fewer stars
  });

  it("uses absolute thresholds when asked", () => {
    const policy = resolvePolicy({ stars: { mode: "absolute", thresholds: [0.2, 0.4, 0.6, 0.8, 0.9] } });
    expect(policy.success).toBe(true);
    const ratings = applyPolicy([photo(0.1), photo(0.5), photo(0.95)], policy.data!).map((v) => v.rating);
    expect(ratings).toEqual([0, 2, 5]);
  });

  it("rejects technical failures and keeps them out of the relative ranking", () => {
    const verdicts = applyPolicy(
      [photo(0.99, { flags: ["motion-blur"] }), photo(0.5), photo(0.4)],
      DEFAULT_POLICY,
    );
    expect(verdicts.map((v) => v.rating)).toEqual([-1, 5, 2]); // 0.4 is the lower half of the two kept
  });

  it("writes hierarchical keywords and an optional colour label", () => {
    const policy = resolvePolicy({ label: { colour: "Green", when: "burst-best" } }).data!;
    const [v] = applyPolicy(
      [photo(0.9, { runningStyle: 0.8, flags: ["eyes-closed"], burst: { best: true, size: 3 } })],
      policy,
    );
    expect(v!.keywords).toEqual([
      "Stridelight|style|excellent",
      "Stridelight|flag|eyes-closed",
      "Stridelight|burst|best",
    ]);
    expect(v!.label).toBe("Green");
    expect(applyPolicy([photo(0.9)], DEFAULT_POLICY)[0]!.label).toBeNull();
  });

  it("validates a user's partial policy, keeps the defaults frozen, and names bad fields", () => {
    const partial = resolvePolicy({ keywords: { root: "Race2026" } });
    expect(partial.data!.keywords).toMatchObject({ root: "Race2026", style: true });
    expect(partial.data!.stars).toEqual(DEFAULT_POLICY.stars);
    expect(Object.isFrozen(DEFAULT_POLICY.reject.flags)).toBe(true);
    const bad = resolvePolicy({ reject: { flags: ["blurry"] } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error!.issues[0]!.path)).toContain("reject");
    expect(resolvePolicy({ keywords: { root: "a|b" } }).success).toBe(false);
  });
});
