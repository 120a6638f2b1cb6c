/**
 * From analysis records to score records: the domain's scoring (style, flags, bursts, keeper, policy), the crop
 * proposals and the bib keywords, in one place so the CLI and the companion score a shoot the same way.
 */
import type { AnalysisRecord } from "../domain/analysis.ts";
import { bibKeywords, DEFAULT_BIB_KEYWORD_OPTIONS, type BibKeywordOptions } from "../domain/bib/keywords.ts";
import { matchBib, type StartList } from "../domain/bib/start-list.ts";
import { proposeCrops, type CropOptions } from "../domain/crop/index.ts";
import type { ScoreRecord } from "../domain/score-record.ts";
import {
  DEFAULT_SCORING_OPTIONS,
  scoreShoot,
  type KeeperHead,
  type ScoringOptions,
} from "../domain/scoring.ts";

export interface ShootOptions {
  readonly scoring?: ScoringOptions;
  readonly crops?: CropOptions;
  readonly startList?: StartList | null;
  readonly bibKeywords?: BibKeywordOptions;
}

export async function scoreAnalysed(
  records: readonly AnalysisRecord[],
  keeperHead: KeeperHead,
  options: ShootOptions = {},
): Promise<ScoreRecord[]> {
  const scoring: ScoringOptions = {
    ...(options.scoring ?? DEFAULT_SCORING_OPTIONS),
    crops: (record) => proposeCrops(record, options.crops),
  };
  const scored = await scoreShoot(records, scoring, keeperHead);
  return scored.map((record) => withBibKeywords(record, options));
}

/** The photo's bibs (and runners' names from the start list) as keywords beside the policy's own. */
function withBibKeywords(record: ScoreRecord, options: ShootOptions): ScoreRecord {
  const bibs = photoBibs(record, options.startList ?? null);
  if (bibs.length === 0) return record;
  const { hierarchical } = bibKeywords(bibs, options.bibKeywords ?? DEFAULT_BIB_KEYWORD_OPTIONS);
  return { ...record, keywords: [...new Set([...record.keywords, ...hierarchical])] };
}

export function photoBibs(
  record: Pick<AnalysisRecord, "runners">,
  startList: StartList | null,
): { bib: string; runner: ReturnType<typeof matchBib> }[] {
  return record.runners
    .map((r) => r.bib)
    .filter((bib): bib is string => typeof bib === "string" && bib.length > 0)
    .map((bib) => ({ bib, runner: startList ? matchBib(startList, bib) : null }));
}
