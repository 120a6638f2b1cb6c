/** What a scored photo asks to be written into its XMP (the ownership rule is applied later, per field). */
import { createHash } from "node:crypto";
import {
  bibKeywords,
  DEFAULT_BIB_KEYWORD_OPTIONS,
  KEYWORD_ROOT,
  type BibKeywordOptions,
} from "../domain/bib/keywords.ts";
import type { StartList, StartListEntry } from "../domain/bib/start-list.ts";
import type { ScoreRecord } from "../domain/score-record.ts";
import { XmpIntent, type XmpCrop } from "../domain/xmp/intent.ts";
import { carriedBibKeywords } from "../domain/people/keywords.ts";
import { carriedPhotoBibs, photoBibs } from "./score-shoot.ts";

/** The pieces of a verdict that go into XMP, from a score record (CLI) or from the companion's store. */
export interface IntentParts {
  readonly rating?: number | null;
  readonly label?: string | null;
  /** Hierarchical keywords; only ours (under the Stridelight root) are written. */
  readonly keywords: readonly string[];
  readonly bibs: readonly { bib: string; runner?: StartListEntry | null }[];
  /**
   * Bibs carried from other photos of the same runner, at or above the keyword confidence: keyworded like read
   * ones plus "Stridelight|carried bib|…", never in our namespace's Bibs (which lists the bibs read here).
   */
  readonly carriedBibs?: readonly { bib: string; runner?: StartListEntry | null }[];
  readonly crop?: XmpCrop | null;
  readonly analysisHash: string;
  readonly scores: Record<string, number>;
  readonly flags: readonly string[];
  readonly models: Record<string, string>;
  readonly bibKeywords?: BibKeywordOptions;
  /** False: write no keywords at all (the folder's settings say so). */
  readonly writeKeywords?: boolean;
}

export function xmpIntent(parts: IntentParts): XmpIntent {
  const fromBibs = bibKeywords(parts.bibs, parts.bibKeywords ?? DEFAULT_BIB_KEYWORD_OPTIONS);
  const fromCarried = carriedBibKeywords(
    parts.carriedBibs ?? [],
    parts.bibKeywords ?? DEFAULT_BIB_KEYWORD_OPTIONS,
  );
  const ours = parts.keywords.filter((k) => k.startsWith(`${KEYWORD_ROOT}|`));
  const keywords =
    parts.writeKeywords === false
      ? { flat: [], hierarchical: [] }
      : {
          flat: [...new Set([...fromBibs.flat, ...fromCarried.flat])],
          hierarchical: [...new Set([...ours, ...fromBibs.hierarchical, ...fromCarried.hierarchical])],
        };
  return XmpIntent.parse({
    rating: parts.rating ?? undefined,
    label: parts.label ?? undefined,
    keywords,
    crop: parts.crop ?? undefined,
    ours: {
      analysisHash: parts.analysisHash,
      scores: parts.scores,
      flags: [...parts.flags],
      bibs: parts.bibs.map((b) => b.bib),
      // Our namespace stores "id=version": an empty version would not round-trip.
      models: Object.fromEntries(Object.entries(parts.models).filter(([, v]) => v.length > 0)),
    },
  });
}

export interface IntentOptions {
  /** The aspect whose best proposal becomes the Camera Raw crop (written only where the policy opts in). */
  readonly cropAspect: string;
  readonly startList?: StartList | null;
  readonly bibKeywords?: BibKeywordOptions;
}

export function xmpIntentOf(record: ScoreRecord, options: IntentOptions): XmpIntent {
  const scores: Record<string, number> = { keeper: round(record.keeper) };
  if (record.runningStyle !== null) scores.runningStyle = round(record.runningStyle);
  return xmpIntent({
    rating: record.rating,
    label: record.label,
    keywords: record.keywords,
    bibs: photoBibs(record, options.startList ?? null),
    carriedBibs: carriedPhotoBibs(record, options.startList ?? null),
    crop: record.crops.find((c) => c.aspect === options.cropAspect)?.crs ?? null,
    analysisHash: analysisHash(record),
    scores,
    flags: record.flags,
    models: record.models,
    ...(options.bibKeywords ? { bibKeywords: options.bibKeywords } : {}),
  });
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
