import { describe, expect, it } from "vitest";
import type { Box } from "../../core/domain/analysis.ts";
import { groupBursts, type BurstMembership, type BurstPhoto } from "../../core/domain/bursts.ts";
import { nameSequence } from "../../core/domain/bursts/name-sequence.ts";

const BASE = "0f0f0f0f0f0f0f0f";
const T = 1_700_000_000_000;
const RUNNER: Box = [0.4, 0.2, 0.6, 0.9];

/** BASE with `bits` bits flipped from bit `from` on: a frame that many pHash bits away. */
function away(bits: number, from = 0): string {
  const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(64 - bits - from);
  const n = BigInt(`0x${BASE}`) ^ mask;
  return n.toString(16).padStart(16, "0");
}

const frame = (file: string, extra: Partial<BurstPhoto> = {}): BurstPhoto => ({
  file,
  sha256: `sha-${file}`,
  epochMs: null,
  camera: null,
  phash: BASE,
  width: 3000,
  height: 2000,
  runnerBox: RUNNER,
  quality: 0.5,
  ...extra,
});

const sameBurst = (out: ReturnType<typeof groupBursts>, a: string, b: string) =>
  out.get(a)!.id === out.get(b)!.id;

describe("burst grouping by capture time", () => {
  it("joins consecutive frames of one camera and leaves a different scene 3 s later apart", () => {
    const out = groupBursts([
      frame("a.jpg", { epochMs: T }),
      frame("b.jpg", { epochMs: T + 150, phash: away(6) }),
      frame("c.jpg", { epochMs: T + 300, phash: away(10) }),
      frame("d.jpg", { epochMs: T + 3300, phash: away(34) }),
    ]);
    expect(sameBurst(out, "a.jpg", "c.jpg")).toBe(true);
    expect(out.get("a.jpg")!.size).toBe(3);
    expect(out.get("d.jpg")).toMatchObject({ size: 1, best: true });
  });

  it("keeps two cameras' bursts apart even when their frames interleave in time", () => {
    const photos = [0, 1, 2, 3].flatMap((k) => [
      frame(`/card1/A_${k}.jpg`, { epochMs: T + k * 200, camera: "Canon EOS R3" }),
      frame(`/card2/B_${k}.jpg`, { epochMs: T + 100 + k * 200, camera: "Nikon Z 9", phash: away(8) }),
    ]);
    const out = groupBursts(photos);
    expect(out.get("/card1/A_0.jpg")!.size).toBe(4);
    expect(out.get("/card2/B_3.jpg")!.size).toBe(4);
    expect(sameBurst(out, "/card1/A_0.jpg", "/card2/B_0.jpg")).toBe(false);
  });
});

describe("burst grouping by file numbering (no capture time)", () => {
  it("reads folder, prefix and number, and recognises epoch-ms names", () => {
    expect(nameSequence("/shoot/IMG_0080.JPG")).toMatchObject({
      folder: "/shoot",
      prefix: "IMG_",
      number: 80,
    });
    expect(nameSequence("runnerbar-1703985870873.jpg")).toMatchObject({ isTimeStamp: true });
    expect(nameSequence("/shoot/finish.jpg")).toBeNull();
  });

  it("joins frames numbered one or two apart that show the same runner, though 20 bits apart", () => {
    const out = groupBursts([
      frame("/s/IMG_0079.jpg", { phash: away(0) }),
      frame("/s/IMG_0080.jpg", { phash: away(20), runnerBox: [0.38, 0.18, 0.6, 0.95] }),
      frame("/s/IMG_0082.jpg", { phash: away(14) }),
    ]);
    expect(out.get("/s/IMG_0079.jpg")!.size).toBe(3);
  });

  it("leaves apart a far number, another folder, another runner position, another orientation", () => {
    const out = groupBursts([
      frame("/s/IMG_0079.jpg"),
      frame("/s/IMG_0090.jpg", { phash: away(14, 50) }),
      frame("/t/IMG_0080.jpg", { phash: away(20) }),
      frame("/s/IMG_0080.jpg", { phash: away(20, 20), runnerBox: [0.05, 0.3, 0.2, 0.8] }),
      frame("/s/IMG_0078.jpg", { phash: away(20, 40), width: 2000, height: 3000 }),
    ]);
    for (const f of ["/s/IMG_0090.jpg", "/t/IMG_0080.jpg", "/s/IMG_0080.jpg", "/s/IMG_0078.jpg"]) {
      expect(out.get(f)!.size, f).toBe(1);
    }
  });

  it("measures epoch-ms file names against the 2 s gap", () => {
    const out = groupBursts([
      frame("run-1703985870873.jpg"),
      frame("run-1703985871350.jpg", { phash: away(18) }),
      frame("run-1703985875000.jpg", { phash: away(16, 40) }),
    ]);
    expect(sameBurst(out, "run-1703985870873.jpg", "run-1703985871350.jpg")).toBe(true);
    expect(out.get("run-1703985875000.jpg")!.size).toBe(1);
  });

  it("keeps a race spot's runners apart when their bibs tell them apart, however alike the frames", () => {
    // One runner after another through the same spot, consecutive numbers, the runner where the last one was.
    const spot = (n: number, main: string, all: string[] = [main]) =>
      frame(`/s/IMG_00${n}.jpg`, { phash: away(20, (n - 35) * 8), bibs: { main, all } });
    const out = groupBursts([spot(35, "A454"), spot(36, "A236"), spot(37, "B004")]);
    for (const n of [35, 36, 37]) expect(out.get(`/s/IMG_00${n}.jpg`)!.size, String(n)).toBe(1);
    // The same numbers with no bib read, or the same bib, are still one burst.
    const unread = groupBursts([frame("/s/IMG_0035.jpg"), frame("/s/IMG_0036.jpg", { phash: away(20, 8) })]);
    expect(unread.get("/s/IMG_0035.jpg")!.size).toBe(2);
    const same = groupBursts([spot(35, "A454"), spot(36, "A454")]);
    expect(same.get("/s/IMG_0035.jpg")!.size).toBe(2);
    // A number read short of a digit (an arm over its end) is the same runner's.
    const short = groupBursts([spot(35, "A11607"), spot(36, "1607")]);
    expect(short.get("/s/IMG_0035.jpg")!.size).toBe(2);
  });

  it("keeps a frame whose main runner is a neighbour in the burst when the followed runner's bib shows in it", () => {
    const out = groupBursts([
      frame("/s/IMG_0035.jpg", { bibs: { main: "A454", all: ["A454", "A236"] } }),
      frame("/s/IMG_0036.jpg", { phash: away(20, 8), bibs: { main: "A236", all: ["A236", "A454"] } }),
      frame("/s/IMG_0037.jpg", { phash: away(20, 16), bibs: { main: "A236", all: ["A236"] } }),
    ]);
    expect(out.get("/s/IMG_0035.jpg")!.size).toBe(3);
  });

  it("lets capture time join a pack whoever leads each frame", () => {
    const out = groupBursts([
      frame("/s/IMG_0079.jpg", { epochMs: T, bibs: { main: "918", all: ["918"] } }),
      frame("/s/IMG_0080.jpg", { epochMs: T + 900, phash: away(8), bibs: { main: "951", all: ["951"] } }),
    ]);
    expect(sameBurst(out, "/s/IMG_0079.jpg", "/s/IMG_0080.jpg")).toBe(true);
  });

  it("lets capture time decide when both frames have one", () => {
    const out = groupBursts([
      frame("/s/IMG_0049.jpg", { epochMs: T }),
      frame("/s/IMG_0050.jpg", { epochMs: T + 5000 }),
    ]);
    expect(sameBurst(out, "/s/IMG_0049.jpg", "/s/IMG_0050.jpg")).toBe(false);
  });
});

describe("burst ranking", () => {
  it("flags a later identical copy as a duplicate in its original's burst, never the best", () => {
    const out = groupBursts([
      frame("/s/IMG_0001.jpg", { sha256: "x", quality: 0.4, epochMs: T }),
      frame("/backup/copy.jpg", { sha256: "x", quality: 0.9, epochMs: T + 60_000 }),
      frame("/s/IMG_0002.jpg", { quality: 0.6, epochMs: T + 300 }),
    ]);
    expect(out.get("/backup/copy.jpg")).toMatchObject({
      duplicateOf: "/s/IMG_0001.jpg",
      best: false,
      rank: 3,
    });
    expect(out.get("/s/IMG_0002.jpg")).toMatchObject({ duplicateOf: null, best: true, rank: 1, size: 3 });
  });

  it("gives every burst exactly one best frame and ranks 1..size, best quality first", () => {
    const photos = Array.from({ length: 12 }, (_, k) =>
      frame(`/s/DSC_${String(100 + k).padStart(4, "0")}.jpg`, {
        epochMs: k < 6 ? T + k * 300 : null,
        phash: k === 9 ? away(30, 30) : away(k % 3 === 0 ? 0 : 9),
        quality: ((k * 7) % 5) / 5,
        runnerBox: k === 9 ? [0, 0, 0.1, 0.2] : RUNNER,
      }),
    );
    const out = groupBursts(photos);
    const byId = new Map<string, [string, BurstMembership][]>();
    for (const e of out) byId.set(e[1].id, [...(byId.get(e[1].id) ?? []), e]);
    for (const members of byId.values()) {
      expect(members.filter(([, m]) => m.best)).toHaveLength(1);
      expect(members.map(([, m]) => m.rank).sort((a, b) => a - b)).toEqual(members.map((_, i) => i + 1));
      const best = members.find(([, m]) => m.best)![0];
      const q = (f: string) => photos.find((p) => p.file === f)!.quality;
      expect(Math.max(...members.map(([f]) => q(f)))).toBe(q(best));
    }
    expect(byId.size).toBeGreaterThan(1);
  });
});
