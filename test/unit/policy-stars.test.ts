import { describe, expect, it } from "vitest";
import {
  ALONE_THRESHOLDS,
  applyPolicy,
  DEFAULT_POLICY,
  relativeFrom,
  resolvePolicy,
  shootOf,
  type PolicyPhoto,
} from "../../core/domain/star-policy.ts";

const photo = (keeper: number, extra: Partial<PolicyPhoto> = {}): PolicyPhoto => ({
  keeper,
  flags: [],
  runningStyle: 0.5,
  handsAboveHead: false,
  burst: { best: true, size: 1 },
  ...extra,
});

describe("relative stars rank a photo within its shoot", () => {
  it("a photo scored alone gets absolute stars, not five for being first of one", () => {
    const alone = (k: number) => applyPolicy([photo(k)], DEFAULT_POLICY)[0]!.rating;
    expect(alone(0.2)).toBe(0);
    expect(alone(0.5)).toBe(ALONE_THRESHOLDS.filter((t) => 0.5 >= t).length);
    expect(alone(0.95)).toBe(5);
  });

  it("a shoot is a folder and a capture day: two shoots scored together rank apart", () => {
    const a = Array.from({ length: 10 }, (_, i) =>
      photo(0.5 + i / 100, { shoot: "/race/finish|2026-05-01" }),
    );
    const b = Array.from({ length: 10 }, (_, i) => photo(0.1 + i / 100, { shoot: "/race/start|2026-05-01" }));
    const together = applyPolicy([...a, ...b], DEFAULT_POLICY).map((v) => v.rating);
    const apart = [...applyPolicy(a, DEFAULT_POLICY), ...applyPolicy(b, DEFAULT_POLICY)].map((v) => v.rating);
    expect(together).toEqual(apart);
    expect(together[19]).toBe(5); // the best of the weaker shoot is still that shoot's best
  });

  it("the shoot key: folder plus the camera's date", () => {
    expect(shootOf("/race/finish/IMG_1.jpg", "2026-05-01T10:00:00.120")).toBe("/race/finish|2026-05-01");
    expect(shootOf("/race/finish/IMG_2.jpg", null)).toBe("/race/finish|");
    expect(shootOf("IMG_3.jpg", "2026-05-02T08:00:00")).toBe("|2026-05-02");
  });
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
    const kept = Array.from({ length: 10 }, (_, i) => photo(0.3 + i / 20));
    const verdicts = applyPolicy([photo(0.99, { flags: ["motion-blur"] }), ...kept], DEFAULT_POLICY);
    // The kept frames rank as if the rejected 0.99 were not there: the best of them gets five stars.
    expect(verdicts.map((v) => v.rating)).toEqual([
      -1,
      ...applyPolicy(kept, DEFAULT_POLICY).map((v) => v.rating),
    ]);
    expect(verdicts[10]!.rating).toBe(5);
  });

  it("a shoot too small for its top tier gets the stars a frame alone gets, so 0.01 does not swap 5 and 2", () => {
    expect(relativeFrom(DEFAULT_POLICY.stars.mode === "relative" ? DEFAULT_POLICY.stars.topShares : [])).toBe(
      10,
    );
    const pair = (a: number, b: number) =>
      applyPolicy([photo(a), photo(b)], DEFAULT_POLICY).map((v) => v.rating);
    expect(pair(0.93, 0.92)).toEqual([5, 5]);
    expect(pair(0.92, 0.93)).toEqual([5, 5]);
    expect(pair(0.5, 0.4)).toEqual([2, 1]);
    const nine = Array.from({ length: 9 }, (_, i) => photo(0.1 + i / 10));
    expect(applyPolicy(nine, DEFAULT_POLICY).map((v) => v.rating)).toEqual(
      nine.map((p) => ALONE_THRESHOLDS.filter((t) => p.keeper >= t).length),
    );
    const ten = [...nine, photo(0.05)];
    expect(applyPolicy(ten, DEFAULT_POLICY)[8]!.rating).toBe(5); // ten frames: the best is the top 10 %
    expect(applyPolicy(ten, DEFAULT_POLICY)[9]!.rating).toBe(1);
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
