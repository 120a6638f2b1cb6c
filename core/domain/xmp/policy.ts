import { z } from "zod";

/**
 * How a sidecar is named, the one vocabulary from watch-config's `sidecar.style` and the CLI's --sidecar-style to
 * the writer: "basename": IMG_1.xmp (Lightroom, Bridge, Camera Raw); "name.ext": IMG_1.CR2.xmp (darktable, digiKam).
 */
export const SIDECAR_STYLES = ["basename", "name.ext"] as const;
export const SidecarStyle = z.enum(SIDECAR_STYLES);
export type SidecarStyle = z.infer<typeof SidecarStyle>;

/** Where and what Stridelight may write into a photo's XMP. Every field has a safe default. */
export const XmpPolicy = z
  .object({
    sidecarStyle: SidecarStyle.default("basename"),
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
