/**
 * A photo's carried bibs as its last re-link found them. Once a photo has been re-linked (store.people holds its
 * runners), the re-link owns its carried bibs: a later scoring of the photo (the learning layer's re-score, a burst
 * re-score) sees only the photos around it and would otherwise take back a bib carried from far away.
 */
import type { Runner } from "../../../core/domain/analysis.ts";
import { carriedBibsOf } from "../../../core/domain/people/photo-bibs.ts";
import type { RunnerLink } from "../../store/people.ts";
import type { Photo } from "../../store/photos.ts";
import type { PhotoScores } from "../../store/shapes.ts";
import type { Store } from "../../store/store.ts";

/** The photo's carried bibs from its runners' links (one per bib, the most confident; none read on the photo). */
export function carriedOfLinks(
  runners: readonly Runner[],
  links: readonly RunnerLink[],
): NonNullable<PhotoScores["carriedBibs"]> {
  const byRunner = new Map(links.map((l) => [l.runner, l]));
  return carriedBibsOf(
    runners.map((r, k) => {
      const link = byRunner.get(k);
      // What the analysis record says was carried is the link of an earlier scoring: the re-link's replaces it.
      return {
        ...r,
        carriedBib: link?.carriedBib ?? undefined,
        carriedBibConfidence: link?.carriedBib ? (link.carriedConfidence ?? 0) : undefined,
      };
    }),
  );
}

/** Fresh scores of the photo with the carried bibs of its last re-link, when it had one. */
export function withStoredLinks(store: Pick<Store, "people">, photo: Photo, fresh: PhotoScores): PhotoScores {
  const links = store.people.of(photo.id);
  if (links.length === 0 || !photo.analysis || "error" in photo.analysis) return fresh;
  return { ...fresh, carriedBibs: carriedOfLinks(photo.analysis.runners, links) };
}
