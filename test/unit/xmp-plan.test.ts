import { describe, expect, it } from "vitest";
import { XmpIntent } from "../../core/domain/xmp/intent.ts";
import { planXmpWrite } from "../../core/domain/xmp/plan.ts";
import { DEFAULT_XMP_POLICY, XmpPolicy } from "../../core/domain/xmp/policy.ts";
import { EMPTY_SNAPSHOT, type XmpSnapshot } from "../../core/domain/xmp/snapshot.ts";

const ALL_ON = XmpPolicy.parse({ writeLabel: true, writeCrop: true });
const CROP = { CropLeft: 0.1, CropTop: 0.2, CropRight: 0.8, CropBottom: 0.9, CropAngle: 0 };

const intent = (over: Partial<XmpIntent> = {}): XmpIntent => ({
  rating: 3,
  label: "Red",
  crop: CROP,
  keywords: { flat: ["1234"], hierarchical: ["Stridelight|bib|1234"] },
  ours: {
    analysisHash: "h1",
    scores: { keeper: 0.5 },
    flags: [],
    bibs: ["1234"],
    models: { centernet: "1" },
  },
  ...over,
});

/** The snapshot as it reads right after we applied a plan to `before`. */
function applied(before: XmpSnapshot, i: XmpIntent, policy = ALL_ON): XmpSnapshot {
  const plan = planXmpWrite(before, i, policy);
  const t = plan.tags;
  return {
    exists: true,
    rating: t.rating ?? before.rating,
    label: t.label ?? before.label,
    crop: t.crop ?? before.crop,
    keywords: t.keywords ?? before.keywords,
    ours: plan.record,
  };
}

describe("planXmpWrite", () => {
  it("writes every field into an empty file and records what it wrote", () => {
    const plan = planXmpWrite(EMPTY_SNAPSHOT, intent(), ALL_ON);
    expect(plan.tags).toMatchObject({
      rating: 3,
      label: "Red",
      crop: CROP,
      keywords: { flat: ["1234"], hierarchical: ["Stridelight|bib|1234"] },
    });
    expect(plan.record.written).toEqual({
      rating: 3,
      label: "Red",
      crop: CROP,
      keywords: { flat: ["1234"], hierarchical: ["Stridelight|bib|1234"] },
    });
    expect(plan.skipped).toEqual([]);
    expect(plan.feedback).toEqual([]);
  });

  it("keeps label and crop opt-in by default", () => {
    const plan = planXmpWrite(EMPTY_SNAPSHOT, intent(), DEFAULT_XMP_POLICY);
    expect(plan.tags.label).toBeUndefined();
    expect(plan.tags.crop).toBeUndefined();
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      "writing label is switched off",
      "writing crop is switched off",
    ]);
  });

  it("is idempotent: planning again over its own result changes nothing", () => {
    const once = applied(EMPTY_SNAPSHOT, intent());
    const again = planXmpWrite(once, intent(), ALL_ON);
    expect(again.changed).toBe(false);
    expect(again.tags).toEqual({});
  });

  it("updates a field it still owns when the analysis changes", () => {
    const once = applied(EMPTY_SNAPSHOT, intent());
    const plan = planXmpWrite(
      once,
      intent({ rating: 5, ours: { ...intent().ours, analysisHash: "h2" } }),
      ALL_ON,
    );
    expect(plan.tags.rating).toBe(5);
    expect(plan.record.written.rating).toBe(5);
    expect(plan.tags.ours?.analysisHash).toBe("h2");
  });

  it("leaves a rating, label and crop the photographer changed, and reports each as feedback", () => {
    const once = applied(EMPTY_SNAPSHOT, intent());
    const crop = { ...CROP, CropLeft: 0.3 };
    const edited = { ...once, rating: 5, label: "Green", crop };
    const plan = planXmpWrite(edited, intent({ rating: 4 }), ALL_ON);
    expect(plan.tags.rating).toBeUndefined();
    expect(plan.tags.label).toBeUndefined();
    expect(plan.tags.crop).toBeUndefined();
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      "photographer changed rating",
      "photographer changed label",
      "photographer changed crop",
    ]);
    expect(plan.feedback).toEqual([
      { type: "rating-changed", ours: 3, now: 5 },
      { type: "label-changed", ours: "Red", now: "Green" },
      { type: "crop-changed", ours: CROP, now: crop },
    ]);
    // We keep remembering what we wrote, so the next run sees the same change and still keeps off.
    expect(plan.record.written.rating).toBe(3);
    expect(planXmpWrite(applied(edited, intent({ rating: 4 })), intent({ rating: 4 }), ALL_ON).tags).toEqual(
      {},
    );
  });

  it("treats a photographer who cleared our crop or rating as a change, not as an empty field", () => {
    const once = applied(EMPTY_SNAPSHOT, intent());
    const plan = planXmpWrite({ ...once, crop: null, rating: null }, intent(), ALL_ON);
    expect(plan.tags.crop).toBeUndefined();
    expect(plan.tags.rating).toBeUndefined();
    expect(plan.feedback).toEqual([
      { type: "rating-changed", ours: 3, now: null },
      { type: "crop-changed", ours: CROP, now: null },
    ]);
  });

  it("never overwrites a value someone else set, but fills an unrated (0) photo", () => {
    const theirs = { ...EMPTY_SNAPSHOT, exists: true, rating: 2, label: "Blue", crop: CROP };
    const plan = planXmpWrite(theirs, intent({ crop: { ...CROP, CropTop: 0.25 } }), ALL_ON);
    expect(plan.tags).not.toHaveProperty("rating");
    expect(plan.tags).not.toHaveProperty("label");
    expect(plan.tags).not.toHaveProperty("crop");
    expect(plan.skipped.every((s) => s.code === "set-by-someone-else")).toBe(true);
    expect(plan.record.written).toMatchObject({ rating: null, label: null, crop: null });
    expect(planXmpWrite({ ...EMPTY_SNAPSHOT, rating: 0 }, intent(), ALL_ON).tags.rating).toBe(3);
  });

  it("compares crops to 6 decimals, as they round-trip through XMP text", () => {
    const plan = planXmpWrite(EMPTY_SNAPSHOT, intent({ crop: { ...CROP, CropLeft: 0.12345678 } }), ALL_ON);
    expect(plan.tags.crop?.CropLeft).toBe(0.123457);
  });

  it("rejects an intent that would write outside our keyword root", () => {
    expect(
      XmpIntent.safeParse(intent({ keywords: { flat: [], hierarchical: ["Events|Paris"] } })).success,
    ).toBe(false);
    expect(XmpIntent.safeParse(intent()).success).toBe(true);
    expect(XmpIntent.safeParse(intent({ rating: 6 })).success).toBe(false);
  });
});
