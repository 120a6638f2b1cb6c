/**
 * A new user's first hour on a fresh clone, with the licensed fixtures: the repository's watch-config.json as it
 * ships, `stridelight start`, photos dropped into ./import. Every JPEG must carry stars and keywords INSIDE the
 * file (Lightroom ignores sidecars of JPEG), with no sidecar, and `stridelight find --bib` must list exactly the
 * photos whose keywords carry that bib. The same check on 12 dev photos: `npm run eval:first-hour`.
 */
import { expect, it } from "vitest";
import { firstHour } from "../../companion/eval/first-hour.ts";
import { fixturePhotos } from "./companion-helpers.ts";

it("photos dropped into ./import with the default config get stars and keywords Lightroom reads, and find finds them", async () => {
  const run = await firstHour(fixturePhotos(), 300_000);
  expect(run.photos).toHaveLength(fixturePhotos().length);
  for (const p of run.photos) {
    expect(p.rating, p.file).not.toBeNull();
    expect(p.keywords.length, p.file).toBeGreaterThan(0);
    expect(p.sidecar, p.file).toBe(false);
  }
  for (const f of run.finds) expect(f.found, `find --bib ${f.bib}`).toEqual(f.expected);
}, 360_000);
