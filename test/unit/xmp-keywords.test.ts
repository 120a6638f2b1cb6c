import { describe, expect, it } from "vitest";
import { mergeKeywords } from "../../core/domain/xmp/keywords.ts";

const none = { flat: [], hierarchical: [] };

describe("mergeKeywords", () => {
  it("adds ours after everybody else's and answers only for what it added", () => {
    const current = { flat: ["marathon", "1234"], hierarchical: ["Events|Berlin"] };
    const m = mergeKeywords(current, null, {
      flat: ["1234", "Anna"],
      hierarchical: ["Stridelight|bib|1234"],
    });
    expect(m.result).toEqual({
      flat: ["marathon", "1234", "Anna"],
      hierarchical: ["Events|Berlin", "Stridelight|bib|1234"],
    });
    // "1234" was there before us: not ours, never removed by us later.
    expect(m.written).toEqual({ flat: ["Anna"], hierarchical: ["Stridelight|bib|1234"] });
    expect(m.changed).toBe(true);
  });

  it("removes only our own stale keywords", () => {
    const current = {
      flat: ["marathon", "1234", "Anna"],
      hierarchical: ["Events|Berlin", "Stridelight|bib|1234", "Stridelight|keeper"],
    };
    const written = { flat: ["Anna"], hierarchical: ["Stridelight|bib|1234"] };
    const m = mergeKeywords(current, written, { flat: ["5678"], hierarchical: ["Stridelight|bib|5678"] });
    expect(m.result).toEqual({
      flat: ["marathon", "1234", "5678"],
      hierarchical: ["Events|Berlin", "Stridelight|bib|5678"],
    });
    expect(m.written).toEqual({ flat: ["5678"], hierarchical: ["Stridelight|bib|5678"] });
  });

  it("never re-adds a keyword the photographer removed, and keeps remembering it", () => {
    const written = { flat: ["1234"], hierarchical: ["Stridelight|bib|1234"] };
    const current = { flat: ["marathon"], hierarchical: [] };
    const m = mergeKeywords(current, written, written);
    expect(m.result).toEqual(current);
    expect(m.changed).toBe(false);
    expect(m.written).toEqual(written);
    expect(m.skips.map((s) => s.detail)).toEqual(["1234", "Stridelight|bib|1234"]);
  });

  it("changes nothing when ours are already there", () => {
    const current = { flat: ["a", "1234"], hierarchical: ["Stridelight|bib|1234"] };
    const m = mergeKeywords(
      current,
      { flat: ["1234"], hierarchical: ["Stridelight|bib|1234"] },
      { flat: ["1234"], hierarchical: ["Stridelight|bib|1234"] },
    );
    expect(m.changed).toBe(false);
    expect(mergeKeywords(none, null, none).changed).toBe(false);
  });
});
