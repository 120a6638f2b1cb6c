/** Read back the XMP of the photos we wrote: the photographer's changes in Lightroom become feedback. */
import { z } from "zod";
import { openXmpReader, readBack } from "../../learning/xmp-readback.ts";
import { defineJob } from "../catalogue.ts";

export const XMP_READBACK = "xmp-readback";

export const xmpReadback = defineJob({
  type: XMP_READBACK,
  payload: z.object({}).loose(),
  maxAttempts: 2,
  async handle(_payload, _job, ctx) {
    const reader = openXmpReader();
    try {
      const recorded = await readBack(ctx.store, reader.read);
      ctx.log.info({ recorded }, "xmp read back");
    } finally {
      await reader.close();
    }
  },
});
