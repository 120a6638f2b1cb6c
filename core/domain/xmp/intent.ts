import { z } from "zod";
import { KEYWORD_ROOT } from "../bib/keywords.ts";

const unit = z.number().min(0).max(1);

/** Camera Raw crop in the UNROTATED sensor frame, as crs:Crop* stores it (computed by core/domain/crop). */
export const XmpCrop = z
  .object({
    CropLeft: unit,
    CropTop: unit,
    CropRight: unit,
    CropBottom: unit,
    CropAngle: z.number().min(-45).max(45),
  })
  .refine((c) => c.CropLeft < c.CropRight && c.CropTop < c.CropBottom, "crop must have a positive area");
export type XmpCrop = z.infer<typeof XmpCrop>;

const ourKeyword = z
  .string()
  .refine(
    (k) => k.startsWith(`${KEYWORD_ROOT}|`),
    `hierarchical keywords we write live under "${KEYWORD_ROOT}|"`,
  );
/** Names written as "name=value" into our namespace: no "=" and no list separators. */
const recordKey = z.string().regex(/^[A-Za-z0-9_.:/@-]+$/);
const plainText = z
  .string()
  .min(1)
  .refine((s) => !/[\r\n\t]/.test(s), "no line breaks or tabs");

/** What the analysis wants written into one photo's XMP. */
export const XmpIntent = z
  .object({
    /** Lightroom stars 0..5, -1 = rejected. */
    rating: z.number().int().min(-1).max(5).optional(),
    /** A label-set name such as "Red". */
    label: plainText.optional(),
    keywords: z.object({ flat: z.array(plainText), hierarchical: z.array(ourKeyword) }),
    crop: XmpCrop.optional(),
    ours: z.object({
      analysisHash: z.string().regex(/^[0-9A-Za-z:._-]+$/),
      scores: z.record(recordKey, z.number().finite()),
      flags: z.array(plainText),
      bibs: z.array(plainText),
      models: z.record(recordKey, plainText),
    }),
  })
  .strict();
export type XmpIntent = z.infer<typeof XmpIntent>;
