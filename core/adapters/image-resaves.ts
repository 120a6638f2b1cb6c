/**
 * Re-saved copies: the same photo saved again the way photos travel between a camera and a culling tool — a JPEG
 * re-encoded at high quality, at a web export's quality, and resampled a little. A photographer sees no difference,
 * so a judgement that changes on them is noise: `npm run eval:resaves` measures how much of every dev figure is. Made
 * with sharp; the capture metadata is kept (capture time groups bursts); never touches the original.
 */
import sharp from "sharp";

export const RESAVES = ["jpeg-95", "jpeg-85", "resize-90"] as const;
export type Resave = (typeof RESAVES)[number];

export interface ResaveSettings {
  /** JPEG quality of the copy (sharp's 1–100). */
  readonly quality: number;
  /** Long side of the copy over the original's (1 = same pixels count). */
  readonly scale: number;
}

/**
 * - jpeg-95: the least a re-save changes (an export at the highest quality most tools offer).
 * - jpeg-85: a race-photo service's or a club website's download.
 * - resize-90: an export a tenth smaller, the sampling grid moved under every edge (quality 95).
 */
export const RESAVE_SETTINGS: Readonly<Record<Resave, ResaveSettings>> = Object.freeze({
  "jpeg-95": Object.freeze({ quality: 95, scale: 1 }),
  "jpeg-85": Object.freeze({ quality: 85, scale: 1 }),
  "resize-90": Object.freeze({ quality: 95, scale: 0.9 }),
});

/**
 * Writes `resave` of `source` to `target` as a JPEG in the displayed orientation (the pixels turned upright, the
 * orientation tag then says so), with the original's EXIF, ICC profile and XMP.
 */
export async function makeResave(source: string, target: string, resave: Resave): Promise<void> {
  const { quality, scale } = RESAVE_SETTINGS[resave];
  const meta = await sharp(source).metadata();
  // Orientations 5–8 turn the picture a quarter: its displayed width is the stored height.
  const width = (meta.orientation ?? 1) >= 5 ? meta.height : meta.width;
  const upright = sharp(source).rotate();
  const image = scale === 1 ? upright : upright.resize({ width: Math.max(16, Math.round(width * scale)) });
  await image.keepMetadata().jpeg({ quality }).toFile(target);
}
