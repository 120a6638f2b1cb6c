import { describe, expect, it } from "vitest";
import { diffForFeedback } from "../../core/domain/xmp/feedback.ts";
import { decodeOurRecord, encodeOurRecord } from "../../core/domain/xmp/ours-codec.ts";
import { EMPTY_SNAPSHOT, type OurRecord } from "../../core/domain/xmp/snapshot.ts";

const record: OurRecord = {
  schemaVersion: "1",
  analysisHash: "sha256:abc",
  scores: { keeper: 0.8123, "style.v2": -0.5 },
  flags: ["eyes-closed"],
  bibs: ["1234", "A-7"],
  models: { centernet: "1.0.0" },
  written: {
    rating: -1,
    label: "Red",
    crop: { CropLeft: 0.1, CropTop: 0.2, CropRight: 0.9, CropBottom: 0.95, CropAngle: -1.25 },
    keywords: { flat: ["1234"], hierarchical: ["Stridelight|bib|1234"] },
  },
};

describe("our namespace", () => {
  it("round-trips through its text fields", () => {
    expect(decodeOurRecord(encodeOurRecord(record))).toEqual(record);
  });

  it("is absent without an analysis hash", () => {
    expect(decodeOurRecord({ Scores: ["keeper=1"] })).toBeNull();
  });
});

describe("diffForFeedback", () => {
  it("reports nothing when nothing was written, or nothing changed", () => {
    expect(diffForFeedback(EMPTY_SNAPSHOT, null)).toEqual([]);
    const same = {
      ...EMPTY_SNAPSHOT,
      rating: -1,
      label: "Red",
      crop: record.written.crop,
      keywords: record.written.keywords,
    };
    expect(diffForFeedback(same, record.written)).toEqual([]);
  });

  it("reports each change to what we wrote", () => {
    const now = {
      ...EMPTY_SNAPSHOT,
      rating: 4,
      label: null,
      crop: null,
      keywords: { flat: ["1234"], hierarchical: [] },
    };
    expect(diffForFeedback(now, record.written)).toEqual([
      { type: "rating-changed", ours: -1, now: 4 },
      { type: "label-changed", ours: "Red", now: null },
      { type: "crop-changed", ours: record.written.crop, now: null },
      { type: "keyword-removed", keyword: "Stridelight|bib|1234", kind: "hierarchical" },
    ]);
  });
});
