/**
 * A photo's bibs as its last re-link found them. Once a photo has been re-linked (store.people holds its runners),
 * the re-link owns its carried bibs and the letters it completed: a later scoring of the photo (the learning layer's
 * re-score, a burst re-score) sees only the photos around it and would otherwise take back a bib carried from far
 * away, or the letter of a read (`662` of A00662) that only a photo far away read whole.
 */
import type { Runner } from "../../../core/domain/analysis.ts";
import { completedRead } from "../../../core/domain/people/hidden-letter.ts";
import { carriedBibsOf } from "../../../core/domain/people/photo-bibs.ts";
import type { RunnerLink } from "../../store/people.ts";
import type { Photo } from "../../store/photos.ts";
import type { PhotoScores } from "../../store/shapes.ts";
import type { Store } from "../../store/store.ts";

/** The photo's bibs by its runners' links: the read ones (a hidden letter completed) and the carried ones. */
export type LinkedBibs = Pick<PhotoScores, "bibs"> & {
  readonly carriedBibs: NonNullable<PhotoScores["carriedBibs"]>;
};

/**
 * The photo's read bibs, each completed by its runner's link where only the letter was hidden (as `score` links
 * them: core/domain/people), and its carried bibs (one per bib, the most confident; none read on the photo).
 */
export function bibsOfLinks(runners: readonly Runner[], links: readonly RunnerLink[]): LinkedBibs {
  const byRunner = new Map(links.map((l) => [l.runner, l]));
  const linked = runners.map((r, k): Runner => {
    const link = byRunner.get(k);
    const carriedBib = link?.carriedBib ?? undefined;
    // What the analysis record says was carried is the link of an earlier scoring: the re-link's replaces it.
    return {
      ...r,
      bib: (carriedBib ? completedRead(r, carriedBib)?.bib : null) ?? r.bib,
      carriedBib,
      carriedBibConfidence: carriedBib ? (link?.carriedConfidence ?? 0) : undefined,
    };
  });
  const bibs = linked.flatMap((r) => (r.bib ? [r.bib] : []));
  return { bibs: [...new Set(bibs)], carriedBibs: carriedBibsOf(linked) };
}

/** Whether two scorings of a photo give it the same bibs: read ones as a set, carried ones to three decimals. */
export function sameBibs(
  a: Pick<PhotoScores, "bibs" | "carriedBibs">,
  b: Pick<PhotoScores, "bibs" | "carriedBibs">,
): boolean {
  const key = (s: Pick<PhotoScores, "bibs" | "carriedBibs">) =>
    JSON.stringify([
      [...s.bibs].sort(),
      [...(s.carriedBibs ?? [])].map((x) => [x.bib, Math.round(x.confidence * 1000)]).sort(),
    ]);
  return key(a) === key(b);
}

/** Fresh scores of the photo with the bibs of its last re-link, when it had one. */
export function withStoredLinks(store: Pick<Store, "people">, photo: Photo, fresh: PhotoScores): PhotoScores {
  const links = store.people.of(photo.id);
  if (links.length === 0 || !photo.analysis || "error" in photo.analysis) return fresh;
  return { ...fresh, ...bibsOfLinks(photo.analysis.runners, links) };
}
