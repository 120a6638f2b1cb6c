/**
 * The obvious approach the issue measures against: PaddleOCR detection + recognition over the whole frame (no
 * persons, no torsos), every bib-like string read anywhere counted as a bib of the photo.
 */
import { DEFAULT_BIB_RULES, asBib, type BibRules } from "../../../core/domain/bib/index.ts";
import { BibReader } from "../../../core/pipeline/bib-reader.ts";
import { evaluateBibs, type PhotoBibs } from "../bibs.ts";
import { figureLines, perSourceLines, type BibSection } from "./section.ts";

/** PaddleOCR's own default for its detector: the long side limited to 960 px. */
const WHOLE_FRAME_DET = { longSide: 960, maxUpscale: 1 } as const;

export const baselineSection: BibSection = {
  title: "baseline: PaddleOCR det+rec over the whole frame (960 px detector input), bib-like strings",
  async run(context) {
    if (context.options.baseline === false) return ["skipped (--no-baseline)"];
    const reader = await BibReader.openDefault({ margins: [{ x: 0.15, y: 0.05 }] });
    // Bib-like strings as the baseline counted them: 3-6 digits (a short number needs the plate around it,
    // which this approach does not look at).
    const rules: BibRules = { ...DEFAULT_BIB_RULES, minDigits: DEFAULT_BIB_RULES.wholeDigits };
    const results: PhotoBibs[] = [];
    let ms = 0;
    try {
      for (const photo of context.photos) {
        const decoded = await context.decode(photo);
        if (!decoded) continue;
        const started = performance.now();
        const { image } = decoded;
        const lines = await reader.readArea(
          image,
          { x: 0, y: 0, w: image.width, h: image.height },
          WHOLE_FRAME_DET,
        );
        ms += performance.now() - started;
        const seen = new Set<string>();
        const runners = lines.flatMap((l) => {
          const bib = asBib({ ...l.passes[0]!, height: l.box.h }, rules);
          if (!bib || seen.has(bib.bib)) return [];
          seen.add(bib.bib);
          const { x, y, w, h } = l.box;
          const at = [x / image.width, y / image.height, (x + w) / image.width, (y + h) / image.height];
          return [{ bib: bib.bib, at }];
        });
        results.push({ file: photo.file, runners });
      }
    } finally {
      await reader.close();
    }
    return [
      ...figureLines(evaluateBibs(results, context.manifest)),
      ...perSourceLines(results, context.manifest),
      `cost: ${(ms / Math.max(1, results.length)).toFixed(0)} ms per photo`,
    ];
  },
};
