/**
 * Paired faults: copies of a good frame with one fault a photographer sees at a glance, made with sharp so the
 * keeper and the flags can be tested against the same frame without it. Used by `npm run eval:faults` (on the dev
 * keepers) and by the tests (on a licensed fixture). Never touches the original: every copy is a new file.
 */
import sharp from "sharp";
import type { Box } from "../domain/analysis.ts";

export const FAULTS = [
  "runner-blur",
  "runner-defocus",
  "dark-2ev",
  "dark-3ev",
  "bright-2ev",
  "feet-cut",
  "head-cut",
  "background-blur",
] as const;
export type Fault = (typeof FAULTS)[number];
/**
 * Copies framed differently without a fault: a photographer's tight crop through the thighs (framing, not a fault:
 * nothing should be flagged) — the main runner the frame still shows must stay the pick.
 */
export const FRAMINGS = ["thighs-cut"] as const;
export type Framing = (typeof FRAMINGS)[number];
/** The reference copy: the same frame re-encoded the same way, so a fault is compared with its own frame alone. */
export const REFERENCE = "reference";
export type Variant = Fault | Framing | typeof REFERENCE;

export interface FaultOptions {
  /** Length of the horizontal motion smear on the runner, as a share of the runner box's width. */
  readonly smear: number;
  /**
   * Gaussian sigma of the background-only blur (the control) and of the runner-only blur (missed focus), as a share
   * of the image's long side: the same blur on the other side of the runner's box, so the fault and its control
   * differ only in where the focus landed.
   */
  readonly backgroundSigma: number;
}

/**
 * A smear of 12 % of the runner's width is a clear pan or subject-motion blur (a runner at 5 m/s over 1/60 s across a
 * frame-filling box); the background blur (0.4 % of the long side, ~6 px at 1536) is a shallow depth of field.
 */
export const DEFAULT_FAULT_OPTIONS: FaultOptions = Object.freeze({ smear: 0.12, backgroundSigma: 0.004 });

export interface FaultTarget {
  /** The main runner's box (normalised, displayed frame). */
  readonly runner: Box;
  /** Where to cut through the shins (normalised y), for feet-cut; null when the legs are not known. */
  readonly shinY: number | null;
  /** Where to cut through the forehead (normalised y), for head-cut; null when the head is not known. */
  readonly foreheadY?: number | null;
  /** Where to cut through the thighs (normalised y), for thighs-cut; null when hips and knees are not known. */
  readonly thighY?: number | null;
}

/** Writes `fault` of `source` (or the plain reference copy) to `target` (JPEG, quality 92, displayed orientation). */
export async function makeFault(
  source: string,
  target: string,
  fault: Variant,
  where: FaultTarget,
  options: FaultOptions = DEFAULT_FAULT_OPTIONS,
): Promise<void> {
  const base = sharp(source).rotate();
  const { data, info } = await base.clone().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const W = info.width;
  const H = info.height;
  const raw = { raw: { width: W, height: H, channels: info.channels } } as const;
  const box = pixelBox(where.runner, W, H);
  const out = await (async () => {
    switch (fault) {
      case REFERENCE:
        return sharp(data, raw);
      case "runner-blur": {
        const k = Math.max(3, Math.round(box.width * options.smear) | 1);
        const patch = await sharp(data, raw)
          .extract(box)
          // sharp takes kernels of 3+ rows: a k x 3 kernel whose middle row alone carries the smear.
          .convolve({
            width: k,
            height: 3,
            kernel: Array.from({ length: 3 * k }, (_, i) => (i >= k && i < 2 * k ? 1 / k : 0)),
          })
          .raw()
          .toBuffer();
        return sharp(data, raw).composite([
          { input: patch, ...patchRaw(box, info.channels), left: box.left, top: box.top },
        ]);
      }
      case "runner-defocus": {
        const sigma = Math.max(1, options.backgroundSigma * Math.max(W, H));
        const patch = await sharp(data, raw).extract(box).blur(sigma).raw().toBuffer();
        return sharp(data, raw).composite([
          { input: patch, ...patchRaw(box, info.channels), left: box.left, top: box.top },
        ]);
      }
      case "dark-2ev":
      case "dark-3ev":
      case "bright-2ev": {
        // sRGB is close to a 2.2 power law, so n stops of light scale the encoded values by 2^(n/2.2) (clipped at 255).
        const stops = fault === "dark-2ev" ? -2 : fault === "dark-3ev" ? -3 : 2;
        return sharp(data, raw).linear(Math.pow(2, stops / 2.2), 0);
      }
      case "feet-cut":
      case "thighs-cut": {
        // Without the pose's joints: shins at 0.85 of the box's height, mid-thighs at 0.6.
        const [y, share] = fault === "feet-cut" ? [where.shinY, 0.85] : [where.thighY, 0.6];
        const cut = y ?? where.runner[1] + share * (where.runner[3] - where.runner[1]);
        return sharp(data, raw).extract({
          left: 0,
          top: 0,
          width: W,
          height: Math.max(16, Math.round(cut * H)),
        });
      }
      case "head-cut": {
        const y = where.foreheadY ?? where.runner[1] + 0.04 * (where.runner[3] - where.runner[1]);
        const top = Math.min(H - 16, Math.max(0, Math.round(y * H)));
        return sharp(data, raw).extract({ left: 0, top, width: W, height: H - top });
      }
      case "background-blur": {
        const sigma = Math.max(1, options.backgroundSigma * Math.max(W, H));
        const blurred = await sharp(data, raw).blur(sigma).raw().toBuffer();
        const patch = await sharp(data, raw).extract(box).raw().toBuffer();
        return sharp(blurred, raw).composite([
          { input: patch, ...patchRaw(box, info.channels), left: box.left, top: box.top },
        ]);
      }
    }
  })();
  await out.jpeg({ quality: 92 }).toFile(target);
}

function pixelBox(
  b: Box,
  W: number,
  H: number,
): { left: number; top: number; width: number; height: number } {
  const left = Math.max(0, Math.floor(b[0] * W));
  const top = Math.max(0, Math.floor(b[1] * H));
  return {
    left,
    top,
    width: Math.max(1, Math.min(W - left, Math.ceil((b[2] - b[0]) * W))),
    height: Math.max(1, Math.min(H - top, Math.ceil((b[3] - b[1]) * H))),
  };
}

function patchRaw(box: { width: number; height: number }, channels: 1 | 2 | 3 | 4) {
  return { raw: { width: box.width, height: box.height, channels } };
}
