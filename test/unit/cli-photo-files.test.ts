import { mkdtemp, mkdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPhotoName, listPhotos } from "../../companion/files/photo-files.ts";
import { formatProgress } from "../../companion/batch/progress.ts";

describe("photo files from the command line", () => {
  it("takes photos and camera RAW by extension, never sidecars or hidden files", () => {
    expect(["a.JPG", "b.cr3", "c.NEF", "d.dng", "e.heic", "f.tif"].every(isPhotoName)).toBe(true);
    expect(["a.xmp", "._a.jpg", ".hidden.jpg", "notes.txt", "a.jpg_exiftool_tmp"].some(isPhotoName)).toBe(
      false,
    );
  });

  it("walks folders recursively in name order, keeps explicit files and reports missing paths", async () => {
    const root = await mkdtemp(join(tmpdir(), "stridelight-files-"));
    await mkdir(join(root, "card", "DCIM"), { recursive: true });
    for (const name of [
      "card/DCIM/IMG_2.CR3",
      "card/DCIM/IMG_1.JPG",
      "card/DCIM/IMG_1.xmp",
      "card/readme.txt",
    ])
      await writeFile(join(root, name), "x");
    await writeFile(join(root, "named.txt"), "x");
    const list = await listPhotos([join(root, "card"), join(root, "named.txt"), join(root, "nope")]);
    expect(list.files.map((f) => f.slice(root.length + 1))).toEqual([
      "card/DCIM/IMG_1.JPG",
      "card/DCIM/IMG_2.CR3",
      "named.txt",
    ]);
    expect(list.missing).toEqual([`${join(root, "nope")}: no such file or folder`]);
  });

  it("does not follow a symbolic link met while walking a folder, but takes one named on the command line", async () => {
    // Like the watcher, a walk stays inside the folder given: a link may point anywhere.
    const root = await mkdtemp(join(tmpdir(), "stridelight-links-"));
    await mkdir(join(root, "elsewhere"));
    await mkdir(join(root, "shoot"));
    await writeFile(join(root, "elsewhere", "IMG_1.JPG"), "x");
    await symlink(join(root, "elsewhere", "IMG_1.JPG"), join(root, "shoot", "IMG_1.JPG"));
    await symlink(join(root, "elsewhere"), join(root, "shoot", "more"));
    expect((await listPhotos([join(root, "shoot")])).files).toEqual([]);
    const named = join(root, "shoot", "IMG_1.JPG");
    expect((await listPhotos([named])).files).toEqual([named]);
  });
});

describe("progress line", () => {
  it("shows count, failures, rate and time left", () => {
    expect(formatProgress(30, 120, 2, 10)).toBe(
      "[######..................] 30/120, 2 failed  3.0 photos/s  ETA 0:30",
    );
  });
});
