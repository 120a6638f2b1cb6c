/**
 * From analysis records to score records: the domain's scoring (style, flags, bursts, keeper, policy), the crop
 * proposals and the bib keywords, in one place so the CLI and the companion score a shoot the same way.
 */
import type { AnalysisRecord } from "../domain/analysis.ts";
import { bibKeywords, DEFAULT_BIB_KEYWORD_OPTIONS, type BibKeywordOptions } from "../domain/bib/keywords.ts";
import { matchBib, type StartList } from "../domain/bib/start-list.ts";
import { proposeCrops, type CropOptions } from "../domain/crop/index.ts";
import { DEFAULT_PEOPLE_OPTIONS, linkShoot, runnerBibs, type PeopleOptions } from "../domain/people/index.ts";
import { carriedBibKeywords } from "../domain/people/keywords.ts";
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
  /** Linking one runner across the shoot and carrying bibs (core/domain/people). */
  readonly people?: PeopleOptions;
}

export async function scoreAnalyzed(
  records: readonly AnalysisRecord[],
  keeperHead: KeeperHead,
  options: ShootOptions = {},
): Promise<ScoreRecord[]> {
  const scoring: ScoringOptions = {
    ...(options.scoring ?? DEFAULT_SCORING_OPTIONS),
    crops: (record) => proposeCrops(record, options.crops),
  };
  const scored = await scoreAndLink(records, scoring, keeperHead, options.people);
  return scored.map((record) => withBibKeywords(record, options));
}

/**
 * The one score composition the CLI and the companion share: one runner across the shoot (person ids, carried
 * bibs), then the domain's scoring of it (style, flags, bursts, keeper, policy). What each adds around it is its
 * own: the CLI proposes crops in the scoring and adds bib keywords here; the companion's crop step applies the
 * photographer's learned crop adjustment and its XMP plan writes the bib keywords.
 *
 * `alsoLinked`: photos of the same shoot that the link may use but that are not scored with these (the companion
 * scores a photo with its neighbours in time, but the same runner is found in the frames around it in file order
 * too, as `score` over a folder finds him); only `records` come back.
 */
export async function scoreAndLink(
  records: readonly AnalysisRecord[],
  scoring: ScoringOptions,
  keeperHead: KeeperHead,
  people: PeopleOptions = DEFAULT_PEOPLE_OPTIONS,
  alsoLinked: readonly AnalysisRecord[] = [],
): Promise<ScoreRecord[]> {
  const linked = linkShoot([...records, ...alsoLinked], people).slice(0, records.length);
  // Linked first: the series use the link (a frame whose main runner changed still shows the followed runner).
  return scoreShoot(linked, scoring, keeperHead);
}

/** The photo's bibs (and runners' names from the start list) as keywords beside the policy's own. */
function withBibKeywords(record: ScoreRecord, options: ShootOptions): ScoreRecord {
  const startList = options.startList ?? null;
  const bibs = photoBibs(record, startList);
  const carried = carriedPhotoBibs(record, startList, options.people);
  if (bibs.length === 0 && carried.length === 0) return record;
  const keywordOptions = options.bibKeywords ?? DEFAULT_BIB_KEYWORD_OPTIONS;
  const { hierarchical } = bibKeywords(bibs, keywordOptions);
  const fromCarried = carriedBibKeywords(carried, keywordOptions).hierarchical;
  return { ...record, keywords: [...new Set([...record.keywords, ...hierarchical, ...fromCarried])] };
}

/** Bibs carried onto this photo's runners at or above the keyword confidence (none that were also read here). */
export function carriedPhotoBibs(
  record: Pick<AnalysisRecord, "runners">,
  startList: StartList | null,
  people: PeopleOptions = DEFAULT_PEOPLE_OPTIONS,
): { bib: string; runner: ReturnType<typeof matchBib> }[] {
  const read = new Set(photoBibs(record, null).map((b) => b.bib));
  const carried = runnerBibs(record.runners, people.carry.keywordConfidence)
    .filter((b) => b.source === "carried" && !read.has(b.bib))
    .map((b) => b.bib);
  return [...new Set(carried)].map((bib) => ({ bib, runner: startList ? matchBib(startList, bib) : null }));
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
