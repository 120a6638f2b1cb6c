import { describe, expect, it } from "vitest";
import { KEYPOINT_NAMES, type Box, type Keypoints } from "../../core/domain/analysis.ts";
import type { RgbImage } from "../../core/domain/ports.ts";
import { measureRunnerPixels } from "../../core/domain/pixels/runner-pixels.ts";
import { hammingDistance, perceptualHash } from "../../core/domain/pixels/phash.ts";

const W = 160;
const H = 120;

function render(luma: (x: number, y: number) => number, w = W, h = H): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      data.fill(Math.round(Math.min(255, Math.max(0, luma(x, y)))), (y * w + x) * 3, (y * w + x) * 3 + 3);
  return { data, width: w, height: h };
}

const checker = (cell: number) => (x: number, y: number) =>
  (Math.floor(x / cell) + Math.floor(y / cell)) % 2 ? 200 : 50;

/** Mean of the source over a (2r+1) window along x (dx) and/or y (dy): a lens blur or a pan smear. */
function smear(f: (x: number, y: number) => number, rx: number, ry: number) {
  return (x: number, y: number) => {
    let s = 0;
    for (let dy = -ry; dy <= ry; dy++) for (let dx = -rx; dx <= rx; dx++) s += f(x + dx, y + dy);
    return s / ((2 * rx + 1) * (2 * ry + 1));
  };
}

const runnerBox: Box = [0.25, 0.25, 0.75, 0.75];
const inBox = (x: number, y: number) => x >= 40 && x < 120 && y >= 30 && y < 90;

describe("measureRunnerPixels", () => {
  it("finds the runner sharper than a blurred background, and the reverse when focus is missed", () => {
    const sharp = checker(6);
    const soft = smear(sharp, 3, 3);
    const inFocus = measureRunnerPixels(
      render((x, y) => (inBox(x, y) ? sharp(x, y) : soft(x, y))),
      runnerBox,
      [],
    );
    const missed = measureRunnerPixels(
      render((x, y) => (inBox(x, y) ? soft(x, y) : sharp(x, y))),
      runnerBox,
      [],
    );
    expect(inFocus.sharpness).toBeGreaterThan(3 * inFocus.backgroundSharpness);
    expect(missed.backgroundSharpness).toBeGreaterThan(3 * missed.sharpness);
  });

  it("leaves other people's boxes out of the background", () => {
    const sharp = checker(6);
    const soft = smear(sharp, 3, 3);
    const other = (x: number) => x < 30;
    const img = render((x, y) => (inBox(x, y) || other(x) ? sharp(x, y) : soft(x, y)));
    const alone = measureRunnerPixels(img, runnerBox, []);
    const withOther = measureRunnerPixels(img, runnerBox, [[0, 0, 30 / W, 1]]);
    expect(withOther.backgroundSharpness).toBeLessThan(alone.backgroundSharpness / 2);
  });

  it("reports a horizontal smear as motion blur and a sharp or evenly blurred runner as none", () => {
    const sharp = checker(8);
    expect(measureRunnerPixels(render(smear(sharp, 6, 0)), runnerBox, []).motionBlur).toBeGreaterThan(0.7);
    expect(measureRunnerPixels(render(sharp), runnerBox, []).motionBlur).toBeLessThan(0.1);
    expect(measureRunnerPixels(render(smear(sharp, 3, 3)), runnerBox, []).motionBlur).toBeLessThan(0.1);
  });

  it("reports a long smear under sensor grain as motion blur, and grain on a sharp or evenly blurred runner as none", () => {
    // Deterministic grain of ±6 levels: on a long smear it sets the 1- and 4-pixel energies alike, so only the
    // detail energy across and along the smear can tell.
    const grain = (x: number, y: number) => {
      const h = Math.sin(x * 12.9898 + y * 78.233) * 43758.5453;
      return 12 * (h - Math.floor(h)) - 6;
    };
    const noisy = (f: (x: number, y: number) => number) => (x: number, y: number) => f(x, y) + grain(x, y);
    const sharp = checker(8);
    expect(measureRunnerPixels(render(noisy(smear(sharp, 12, 0))), runnerBox, []).motionBlur).toBeGreaterThan(
      0.6,
    );
    expect(measureRunnerPixels(render(noisy(sharp)), runnerBox, []).motionBlur).toBeLessThan(0.1);
    expect(measureRunnerPixels(render(noisy(smear(sharp, 6, 6))), runnerBox, []).motionBlur).toBeLessThan(
      0.1,
    );
  });

  it("calls a sharp torso against a panned background no motion blur, and the same runner smeared motion blur", () => {
    const grain = (x: number, y: number) => {
      const h = Math.sin(x * 12.9898 + y * 78.233) * 43758.5453;
      return 12 * (h - Math.floor(h)) - 6;
    };
    const sharp = checker(8);
    const panned = smear(sharp, 12, 0);
    // Torso: x 70–90, y 40–70 of the 160 x 120 raster, inside the runner's box (x 40–120, y 30–90).
    const torso = (x: number, y: number) => x >= 70 && x < 90 && y >= 40 && y < 70;
    const pan = render((x, y) => (torso(x, y) ? sharp(x, y) : panned(x, y)) + grain(x, y));
    const keypoints = Object.fromEntries(
      KEYPOINT_NAMES.map((n): [string, [number, number, number]] => [n, [0.5, 0.5, 0]]),
    ) as Keypoints;
    keypoints.left_shoulder = [72 / W, 40 / H, 0.9];
    keypoints.right_shoulder = [88 / W, 40 / H, 0.9];
    keypoints.left_hip = [73 / W, 70 / H, 0.9];
    keypoints.right_hip = [87 / W, 70 / H, 0.9];
    expect(measureRunnerPixels(pan, runnerBox, [], keypoints).motionBlur).toBeLessThan(0.6);
    const smearedRunner = render((x, y) => panned(x, y) + grain(x, y));
    expect(measureRunnerPixels(smearedRunner, runnerBox, [], keypoints).motionBlur).toBeGreaterThan(0.6);
  });

  it("measures clipped highlights and shadows on the runner only", () => {
    const img = render((x, y) => (inBox(x, y) ? (x < 60 ? 255 : x < 70 ? 0 : 128) : 255));
    const p = measureRunnerPixels(img, runnerBox, []);
    expect(p.highlightsClipped).toBeCloseTo(20 / 80, 2);
    expect(p.shadowsClipped).toBeCloseTo(10 / 80, 2);
  });
});

describe("perceptualHash", () => {
  const blobs: Array<[number, number, number, number]> = [
    [40, 30, 25, 90],
    [110, 50, 30, -70],
    [70, 95, 20, 60],
    [140, 100, 18, -50],
  ];
  /** A few soft bright and dark shapes: the low frequencies a real frame is made of. */
  const scene = (shift: number) => (x: number, y: number) =>
    blobs.reduce(
      (v, [cx, cy, r, a]) => v + a * Math.exp(-((x - cx - shift) ** 2 + (y - cy) ** 2) / (2 * r * r)),
      120,
    );

  it("gives 16 hex digits, close for a slightly moved frame and far for a different one", () => {
    const a = perceptualHash(render(scene(0)));
    const b = perceptualHash(render(scene(2)));
    const c = perceptualHash(render(checker(20)));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance(a, a)).toBe(0);
    expect(hammingDistance(a, b)).toBeLessThanOrEqual(6);
    expect(hammingDistance(a, c)).toBeGreaterThan(16);
  });

  it("ignores the working size of the raster", () => {
    const big = perceptualHash(render(scene(0)));
    const small = perceptualHash(render((x, y) => scene(0)(x * 2, y * 2), W / 2, H / 2));
    expect(hammingDistance(big, small)).toBeLessThanOrEqual(4);
  });

  it("counts differing bits", () => {
    expect(hammingDistance("0000000000000000", "ffffffffffffffff")).toBe(64);
    expect(hammingDistance("0000000000000001", "0000000000000003")).toBe(1);
  });
});
