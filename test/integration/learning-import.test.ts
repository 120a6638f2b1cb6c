/**
 * `stridelight train --import-folders <dir>` on real photos through the real command line: hand-sorted good/ and
 * bad/ folders become running-style labels in the companion's store (each photo analyzed once, by the real models),
 * a second import of the same folders adds nothing, and a missing good/ or bad/ folder is refused by name.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { labelledPhotos, STYLE_BAD, STYLE_GOOD } from "../../companion/learning/labelled-photos.ts";
import { Store } from "../../companion/store/store.ts";
import { FIXTURES, REPO } from "./companion-helpers.ts";

const run = promisify(execFile);
const CLI = join(REPO, "companion/bin/stridelight.js");

/** Side-on strides the photographer likes; rear views and crowds they do not. */
const GOOD = ["side-runner-street-kurrasch-unsplash.jpg", "side-jogger-woman-tanglao-unsplash.jpg"];
const BAD = ["jogger-road-rear-jennyhill-unsplash.jpg", "marathon-crowd-rear-zemlickis-unsplash.jpg"];

let root: string;
let sorted: string;
let dataDir: string;

function sortedFolders(dir: string, sides: Record<string, readonly string[]>): void {
  for (const [side, names] of Object.entries(sides)) {
    mkdirSync(join(dir, side), { recursive: true });
    for (const name of names) copyFileSync(join(FIXTURES, name), join(dir, side, name));
  }
}

async function train(folders: string, data: string): Promise<{ lines: unknown[]; stderr: string }> {
  const { stdout, stderr } = await run(
    "node",
    [CLI, "train", "--import-folders", folders, "--data-dir", data, "--seed", "7"],
    { cwd: root },
  );
  const lines = stdout
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as unknown);
  return { lines, stderr };
}

/** The style labels in the store: file name → every folder label recorded for it, in order. */
function styleLabels(store: Store): Map<string, string[]> {
  const rows = store.db
    .prepare(
      `SELECT f.value, p.path FROM feedback f JOIN photos p ON p.id = f.photo_id
         WHERE f.kind = 'label' AND f.source = 'folders' ORDER BY f.id`,
    )
    .all() as { value: string; path: string }[];
  const labels = new Map<string, string[]>();
  for (const r of rows)
    labels.set(basename(r.path), [...(labels.get(basename(r.path)) ?? []), JSON.parse(r.value) as string]);
  return labels;
}

const photoCount = (store: Store) =>
  (store.db.prepare(`SELECT COUNT(*) AS n FROM photos`).get() as { n: number }).n;

function inStore<T>(look: (store: Store) => T): T {
  const store = Store.open(dataDir);
  try {
    return look(store);
  } finally {
    store.close();
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "stridelight-import-"));
  sorted = join(root, "sorted");
  dataDir = join(root, "data");
  sortedFolders(sorted, { good: GOOD, bad: BAD });
});

describe("stridelight train --import-folders", () => {
  it("records every photo of good/ and bad/ as a style label, and a second import adds nothing", async () => {
    const first = await train(sorted, dataDir);
    expect(first.lines[0]).toEqual({ imported: { good: 2, bad: 2, failed: 0, unchanged: 0 } });
    const expected = new Map<string, string[]>([
      ...GOOD.map((n): [string, string[]] => [n, [STYLE_GOOD]]),
      ...BAD.map((n): [string, string[]] => [n, [STYLE_BAD]]),
    ]);
    expect(inStore(styleLabels)).toEqual(expected);
    // The learner reads them as style judgements on analyzed photos.
    const learned = inStore((s) => labelledPhotos(s));
    expect(learned.map((p) => p.styleGood).sort()).toEqual([false, false, true, true]);
    expect(inStore(photoCount)).toBe(4);

    const again = await train(sorted, dataDir);
    expect(again.lines[0]).toEqual({ imported: { good: 0, bad: 0, failed: 0, unchanged: 4 } });
    expect(inStore(styleLabels)).toEqual(expected);
    expect(inStore(photoCount)).toBe(4);
  });

  it("takes a photo moved from good/ to bad/ as the photographer's new judgement", async () => {
    const moved = join(root, "moved");
    sortedFolders(moved, { good: GOOD.slice(1), bad: [...BAD, GOOD[0]!] });
    const result = await train(moved, dataDir);
    expect(result.lines[0]).toEqual({ imported: { good: 0, bad: 1, failed: 0, unchanged: 3 } });
    expect(inStore(styleLabels).get(GOOD[0]!)).toEqual([STYLE_GOOD, STYLE_BAD]);
  });

  it.each(["good", "bad"])("refuses a folder without %s/ and names it", async (side) => {
    const half = join(root, `without-${side}`);
    sortedFolders(half, { [side === "good" ? "bad" : "good"]: [GOOD[0]!] });
    const data = join(root, `data-without-${side}`);
    const failure = await train(half, data).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure, "the command fails").not.toBeNull();
    expect(failure!.code).not.toBe(0);
    expect(failure!.stderr).toContain(join(half, side));
    // Nothing was imported from the folder that is there.
    const store = existsSync(data) ? Store.open(data) : null;
    try {
      expect(store ? store.feedback.count() : 0).toBe(0);
    } finally {
      store?.close();
    }
  });
});
