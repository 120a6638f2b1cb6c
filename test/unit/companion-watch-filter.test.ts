import { describe, expect, it } from "vitest";
import { DEFAULT_FOLDER } from "../../companion/config/defaults.ts";
import type { FolderConfig } from "../../companion/config/schema.ts";
import { backoffMs } from "../../companion/queue/backoff.ts";
import { isRawFile, pairKeyOf } from "../../companion/files/photo-files.ts";
import { FileFilter } from "../../companion/watcher/file-filter.ts";
import { globToRegExp } from "../../companion/watcher/glob.ts";

const folder = (over: Partial<FolderConfig> = {}): FolderConfig => ({
  ...structuredClone(DEFAULT_FOLDER),
  path: "/cards/race",
  ...over,
});

describe("which files the watcher takes", () => {
  it("takes photos, in any case of extension", () => {
    const f = new FileFilter(folder());
    expect(f.accepts("/cards/race/IMG_0001.JPG")).toBe(true);
    expect(f.accepts("/cards/race/day1/IMG_0002.CR3")).toBe(true);
  });

  it("ignores our own sidecars, temp files of copies and XMP writes, hidden files, and non-photos", () => {
    const f = new FileFilter(folder());
    for (const name of [
      "IMG_1.xmp",
      "IMG_1.JPG.xmp",
      "IMG_1.JPG.part",
      "IMG_1.jpg~",
      ".IMG_1.jpg",
      "IMG_1.jpg_exiftool_tmp",
      ".IMG_1.xmp.stridelight-tmp.xmp",
      "notes.txt",
      "IMG_1.jpg.crdownload",
    ]) {
      expect(f.accepts(`/cards/race/${name}`), name).toBe(false);
    }
    expect(f.accepts("/cards/race/.trash/IMG_1.jpg")).toBe(false);
    expect(f.accepts("/elsewhere/IMG_1.jpg")).toBe(false);
  });

  it("follows recursive, include and exclude", () => {
    expect(new FileFilter(folder({ recursive: false })).accepts("/cards/race/sub/IMG_1.jpg")).toBe(false);
    const only = new FileFilter(folder({ include: ["*.cr3"], exclude: ["**/rejected/**"] }));
    expect(only.accepts("/cards/race/a/IMG_1.CR3")).toBe(true);
    expect(only.accepts("/cards/race/a/IMG_1.JPG")).toBe(false);
    expect(only.accepts("/cards/race/rejected/IMG_2.CR3")).toBe(false);
  });

  it("globs: * stays in a folder, ** crosses folders, {a,b} alternatives", () => {
    expect(globToRegExp("*.jpg").test("a/b.jpg")).toBe(false);
    expect(globToRegExp("**/*.jpg").test("a/b/c.JPG")).toBe(true);
    expect(globToRegExp("**/*.jpg").test("c.jpg")).toBe(true);
    expect(globToRegExp("day?/*.{cr3,nef}").test("day1/x.NEF")).toBe(true);
    expect(globToRegExp("day?/*.{cr3,nef}").test("day12/x.nef")).toBe(false);
  });
});

describe("RAW+JPEG pairs and retries", () => {
  it("a RAW and its JPEG share a pair key; other names do not", () => {
    expect(pairKeyOf("/c/IMG_0001.CR3")).toBe(pairKeyOf("/c/img_0001.jpg"));
    expect(pairKeyOf("/c/IMG_0001.CR3")).not.toBe(pairKeyOf("/c/IMG_0002.JPG"));
    expect(pairKeyOf("/c/IMG_0001.CR3")).not.toBe(pairKeyOf("/d/IMG_0001.JPG"));
    expect(isRawFile("/c/IMG_1.NEF")).toBe(true);
    expect(isRawFile("/c/IMG_1.JPG")).toBe(false);
  });

  it("backoff doubles per attempt and is capped", () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, { baseMs: 100, maxMs: 500 }))).toEqual([100, 200, 400, 500]);
  });
});
