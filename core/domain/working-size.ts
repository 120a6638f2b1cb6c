/**
 * The working size: the long side, in pixels, of the image the analysis sees. Its default and its range are defined
 * here once; the config file, the command-line flags, the queue's job data and the analyzer import them.
 */
import { z } from "zod";

export const WORKING_SIZE = Object.freeze({
  /**
   * 1536 px: the models' inputs are small (512 detector, 192 pose), so the working size matters for bibs, small
   * faces and eyes. Measured on the dev set: the same CPU time per photo as 1280, two more bibs read, no other figure
   * worse.
   */
  default: 1536,
  /** Below this a runner's bib and face are a handful of pixels. */
  min: 256,
  /** Above this decoding costs more than any model gains. */
  max: 8192,
});

/**
 * A decode larger than the working raster is worth its cost for a look (a bib's small print, a small eye) only when it
 * gives at least this many times the working pixels: a smaller gain is within the resampling's blur.
 */
export const MIN_LARGER_FACTOR = 1.3;

/** A working size from outside (config, flags, a queue job): a whole number within the range. */
export const WorkingSize = z.number().int().min(WORKING_SIZE.min).max(WORKING_SIZE.max);
