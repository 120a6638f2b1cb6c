/**
 * Score: the photo together with its neighbours in time from the same folder (a burst is only a burst with its
 * frames), under the folder's policy. Only this photo's result is kept: what was written for earlier photos stays.
 */
import type { AnalysisRecord } from "../../../core/domain/analysis.ts";
import { resolvePolicy, type Policy } from "../../../core/domain/star-policy.ts";
import type { ScoreRecord } from "../../../core/domain/score-record.ts";
import type { Photo } from "../../store/photos.ts";
import type { PhotoScores } from "../../store/shapes.ts";
import { DEFAULT_BURST_OPTIONS } from "../../../core/domain/bursts.ts";
import { DEFAULT_LINK_OPTIONS } from "../../../core/domain/people/index.ts";
import { carriedBibsOf } from "../../../core/domain/people/photo-bibs.ts";
import { withStoredLinks } from "../people/stored-links.ts";
import { explain } from "./explain.ts";
import { folderNow, type PhotoStep, type StepContext } from "./step.ts";

/** Frames further apart than this never share a burst (the burst grouping itself uses a much shorter gap). */
export const NEIGHBOUR_WINDOW_MS = 30_000;

/** The photo's analysis record, or null while it has none or its analysis failed. */
export const analyzed = (p: Photo): AnalysisRecord | null =>
  p.analysis && !("error" in p.analysis) ? p.analysis : null;

export const scoreStep: PhotoStep = {
  task: "score",
  needed: (photo) => photo.scores === null && analyzed(photo) !== null,
  async run(photo, ctx) {
    const [scored] = await scoreTogether([photo, ...neighbours(photo, ctx)], ctx);
    if (!scored) throw new Error(`scoring returned nothing for ${photo.path}`);
    // Once re-linked, the photo keeps the bibs the re-link carried (from the whole folder, not only these photos).
    ctx.store.photos.saveScores(photo.id, withStoredLinks(ctx.store, photo, toPhotoScores(scored)));
    return "next";
  },
};

/**
 * The frames a photo is scored with. Timed: its neighbours in capture time. Untimed (race-photo services and exports
 * strip the capture time): its neighbours in file order, as far as a series reaches (DEFAULT_BURST_OPTIONS.series:
 * a frame is compared with the next `window` frames in file order, and a series chains such links), so that a
 * series delivered without capture times is grouped as `score` groups it.
 */
function neighbours(photo: Photo, ctx: StepContext): Photo[] {
  if (photo.captureMs === null) return nearInFileOrder(photo, ctx);
  return ctx.store.photos
    .neighbours(photo.folder, photo.captureMs, NEIGHBOUR_WINDOW_MS)
    .filter((p) => p.id !== photo.id && analyzed(p) !== null);
}

/** Untimed frames are compared with this many frames a side in file order: two series links' reach. */
export const SERIES_REACH = 2 * DEFAULT_BURST_OPTIONS.series.window;

function nearInFileOrder(photo: Photo, ctx: StepContext): Photo[] {
  return ctx.store.photos
    .nearInFileOrder(photo.folder, photo.path, SERIES_REACH)
    .flatMap((id) => ctx.store.photos.get(id) ?? [])
    .filter((p) => p.id !== photo.id && analyzed(p) !== null);
}

/**
 * The analyzed photos around these in file order (as many a side as the link compares: DEFAULT_LINK_OPTIONS.window),
 * none of these: one runner across the shoot also looks there (a runner followed for a minute, photos without a
 * capture time), as `score` over the folder does; they are linked with, not scored.
 */
export function aroundInFileOrder(photos: readonly Photo[], ctx: StepContext): AnalysisRecord[] {
  const taken = new Set(photos.map((p) => p.id));
  const out: AnalysisRecord[] = [];
  for (const p of photos)
    for (const id of ctx.store.photos.nearInFileOrder(p.folder, p.path, DEFAULT_LINK_OPTIONS.window)) {
      if (taken.has(id)) continue;
      taken.add(id);
      const near = ctx.store.photos.get(id);
      const record = near ? analyzed(near) : null;
      if (record) out.push(record);
    }
  return out;
}

/**
 * Analyzed photos scored together as one shoot under the folder's policy, linked with the photos around them in file
 * order: how the score step scores a photo with its neighbours, and the burst and series re-scores their stretches.
 */
export async function scoreTogether(photos: readonly Photo[], ctx: StepContext): Promise<ScoreRecord[]> {
  const records = photos.map((p) => analyzed(p)!);
  const around = aroundInFileOrder(photos, ctx);
  for (let attempt = 1; ; attempt++) {
    const policy = policyOf(ctx);
    const heads = headsOf(ctx);
    const scores = await ctx.services.scoring.scoreShoot(records, policy, around);
    // The policy was edited, or a retrained head took over, while the shoot was scored: scores under the old ones
    // would be saved over those a job started since has saved (and written) under the new. Scored again, as it was.
    const unchanged = samePolicy(policyOf(ctx), policy) && headsOf(ctx) === heads;
    if (unchanged || attempt >= SCORE_TRIES) return scores;
  }
}

/** Scoring is tried this many times while the policy or the heads keep changing under it; the last try stands. */
const SCORE_TRIES = 3;

const samePolicy = (a: Policy, b: Policy) => JSON.stringify(a) === JSON.stringify(b);

/** The versions of the heads scoring uses now (the learning layer swaps in retrained ones). */
const headsOf = (ctx: StepContext) => JSON.stringify(ctx.services.scoring.models);

/** The folder's policy in force now (folderNow), resolved. */
export function policyOf(ctx: StepContext): Policy {
  const resolved = resolvePolicy(folderNow(ctx).policy);
  if (!resolved.success) throw new Error(`the folder's policy is invalid: ${resolved.error.message}`);
  return resolved.data;
}

export function toPhotoScores(s: ScoreRecord): PhotoScores {
  const bibs = s.runners.map((r) => r.bib).filter((b): b is string => typeof b === "string" && b.length > 0);
  const parts: Record<string, number> = { keeper: s.keeper };
  if (s.runningStyle !== null) parts.runningStyle = s.runningStyle;
  return {
    keeper: s.keeper,
    stars: s.rating,
    label: s.label,
    flags: [...s.flags],
    bibs: [...new Set(bibs)],
    carriedBibs: carriedBibsOf(s.runners),
    keywords: [...s.keywords],
    burst: { id: s.burst.id, rank: s.burst.rank, size: s.burst.size },
    parts,
    explanations: explain(s),
    contributions: styleWhy(s.prominent !== null ? s.runners[s.prominent]?.runningStyle : null),
  };
}

/** The main runner's style explained for the page: each feature's share, and what his other frames of the burst moved. */
function styleWhy(style: ScoreRecord["runners"][number]["runningStyle"] | undefined): Record<string, number> {
  if (!style) return {};
  return {
    ...style.contributions,
    ...(style.otherFrames !== undefined ? { otherFrames: style.otherFrames } : {}),
  };
}
