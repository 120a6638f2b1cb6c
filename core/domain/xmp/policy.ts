import { z } from "zod";

/** Where and what Stridelight may write into a photo's XMP. Every field has a safe default. */
export const XmpPolicy = z
  .object({
    /** "basename": IMG_1.xmp (Lightroom, Bridge, Camera Raw); "name.ext": IMG_1.CR2.xmp (darktable, digiKam). */
    sidecarStyle: z.enum(["basename", "name.ext"]).default("basename"),
    /** Write only sidecars, also for JPEG/TIFF/DNG/HEIC/PSD (Lightroom then does not see the result). */
    neverModifyOriginals: z.boolean().default(false),
    writeRating: z.boolean().default(true),
    /** Colour labels are the photographer's own vocabulary: opt-in. */
    writeLabel: z.boolean().default(false),
    /** A crop is a develop setting: opt-in. */
    writeCrop: z.boolean().default(false),
  })
  .strict();
export type XmpPolicy = z.infer<typeof XmpPolicy>;

export const DEFAULT_XMP_POLICY: Readonly<XmpPolicy> = Object.freeze(XmpPolicy.parse({}));
