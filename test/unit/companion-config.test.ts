import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, DEFAULT_FOLDER } from "../../companion/config/defaults.ts";
import { configFrom } from "../../companion/config/load.ts";

describe("watch-config: defaults and a user's partial", () => {
  it("the embedded defaults alone are a valid config with one ./import folder", () => {
    const result = configFrom({}, "/home/ann");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.folders.map((f) => f.path)).toEqual(["/home/ann/import"]);
    expect(result.value.dataDir).toBe("/home/ann/.stridelight");
    expect(result.value.folders[0]!.write).toEqual({
      ratings: true,
      labels: false,
      keywords: true,
      crop: false,
    });
  });

  it("the defaults are frozen: a caller cannot change them by accident", () => {
    expect(Object.isFrozen(DEFAULT_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_FOLDER.write)).toBe(true);
    expect(() => ((DEFAULT_FOLDER.write as { crop: boolean }).crop = true)).toThrow();
  });

  it("a partial folder keeps every default it does not name, and ~ means the home folder", () => {
    const result = configFrom({ folders: [{ path: "~/Pictures/Race", write: { crop: true } }] }, "/x");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const folder = result.value.folders[0]!;
    expect(folder.path).toMatch(/\/Pictures\/Race$/);
    expect(folder.path.startsWith("/x")).toBe(false);
    expect(folder.write).toEqual({ ratings: true, labels: false, keywords: true, crop: true });
    expect(folder.recursive).toBe(true);
    expect(folder.policy).toEqual(DEFAULT_FOLDER.policy);
  });

  it("errors name the key and the problem", () => {
    const result = configFrom(
      { workers: 0, folders: [{ path: "a", write: { ratings: "yes" } }], http: { port: 70000 } },
      "/x",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.some((p) => p.startsWith("workers:"))).toBe(true);
    expect(result.problems.some((p) => p.startsWith("folders[0].write.ratings:"))).toBe(true);
    expect(result.problems.some((p) => p.startsWith("http.port:"))).toBe(true);
  });

  it("an unknown key (a typo) is an error, not silently ignored", () => {
    const result = configFrom({ folders: [{ path: "a", recursiv: false }] }, "/x");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join("\n")).toMatch(/unknown key "recursiv" in folders\[0\]/);
  });

  it("the star policy is core's policy: an invalid one is rejected with its field", () => {
    const result = configFrom(
      { folders: [{ path: "a", policy: { stars: { mode: "absolute", thresholds: [0.1, 0.2] } } }] },
      "/x",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join("\n")).toMatch(/folders\[0\]\.policy\.stars/);
  });
});
