/** What a score record asks to be written into the photo's XMP (the ownership rule is applied later, per field). */
import { createHash } from "node:crypto";
import {
  bibKeywords,
  DEFAULT_BIB_KEYWORD_OPTIONS,
  KEYWORD_ROOT,
  type BibKeywordOptions,
} from "../domain/bib/keywords.ts";
import type { StartList } from "../domain/bib/start-list.ts";
import type { ScoreRecord } from "../domain/score-record.ts";
import type { XmpIntent } from "../domain/xmp/intent.ts";
import { photoBibs } from "./score-shoot.ts";

export interface IntentOptions {
  /** The aspect whose best proposal becomes the Camera Raw crop (written only where the policy opts in). */
  readonly cropAspect: string;
  readonly startList?: StartList | null;
  readonly bibKeywords?: BibKeywordOptions;
}

export function xmpIntentOf(record: ScoreRecord, options: IntentOptions): XmpIntent {
  const bibs = photoBibs(record, options.startList ?? null);
  const crop = record.crops.find((c) => c.aspect === options.cropAspect);
  const crs = crop?.crs;
  const scores: Record<string, number> = { keeper: round(record.keeper) };
  if (record.runningStyle !== null) scores.runningStyle = round(record.runningStyle);
  return {
    ...(record.rating !== undefined ? { rating: record.rating } : {}),
    ...(record.label ? { label: record.label } : {}),
    keywords: {
      flat: bibKeywords(bibs, options.bibKeywords ?? DEFAULT_BIB_KEYWORD_OPTIONS).flat,
      hierarchical: record.keywords.filter((k) => k.startsWith(`${KEYWORD_ROOT}|`)),
    },
    ...(crs ? { crop: crs } : {}),
    ours: {
      analysisHash: analysisHash(record),
      scores,
      flags: [...record.flags],
      bibs: bibs.map((b) => b.bib),
      models: record.models,
    },
  };
}

/** Same photo bytes + same models = same hash: a re-run with nothing new is recognised and writes nothing. */
export function analysisHash(record: Pick<ScoreRecord, "source" | "models" | "schema">): string {
  const models = Object.entries(record.models).sort(([a], [b]) => a.localeCompare(b));
  const digest = createHash("sha256").update(JSON.stringify([record.schema, record.source.sha256, models]));
  return `sha256:${digest.digest("hex").slice(0, 32)}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
