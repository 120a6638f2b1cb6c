/**
 * Ask for a re-link after a photo is scored, debounced: while a card is copied every photo scored joins the pending
 * re-link of its folder (store.people.asked: exactly the photos scored since, in whatever order) and pushes it back, so a folder is re-linked once when its photos stop coming (at most every
 * maxWaitMs while they keep coming), never once per photo: a 3,000-photo card is not re-linked 3,000 times. Lookup
 * and update in one transaction, as for the burst re-score: a photo joins a re-link before it is claimed, or starts
 * a new one.
 */
import type { Photo } from "../../store/photos.ts";
import { joinOrQueue, type Debounce } from "../bursts/region.ts";
import type { JobContext } from "../catalogue.ts";
import {
  RELINK_PEOPLE,
  RELINK_PEOPLE_MAX_ATTEMPTS,
  RELINK_PEOPLE_PRIORITY,
  RelinkPayload,
} from "../jobs/relink-people.ts";

/** Re-link once no photo of the folder was scored for quietMs, but never later than maxWaitMs after the first asked. */
export type RelinkDebounce = Pick<Debounce, "quietMs" | "maxWaitMs">;

/**
 * - quietMs 3 s and maxWaitMs 30 s, as the burst re-score (bursts/region.ts): the copy of a card is over after 3 s
 *   without a photo scored; a photographer browsing while a large card copies sees carried bibs within 30 s.
 */
export const DEFAULT_RELINK_DEBOUNCE: RelinkDebounce = Object.freeze({ quietMs: 3000, maxWaitMs: 30_000 });

/**
 * Returns the id of the re-link the photo joined or started; null for a photo without scores, or while no bib was
 * read in its folder: then nothing can be carried, and the score step's link (persons within one scoring) is all
 * the bursts need. The first photo that reads a bib re-links every runner it is linked to, whenever his photos came.
 */
export function queueRelink(
  ctx: Pick<JobContext, "store">,
  photo: Photo,
  debounce: RelinkDebounce = DEFAULT_RELINK_DEBOUNCE,
): number | null {
  if (!photo.scores || !ctx.store.photos.folderReadsBibs(photo.folder)) return null;
  return ctx.store.transaction(() => {
    ctx.store.people.ask(photo.id, photo.folder);
    return joinOrQueue(
      ctx.store.jobs,
      {
        type: RELINK_PEOPLE,
        asker: photo,
        priority: RELINK_PEOPLE_PRIORITY,
        maxAttempts: RELINK_PEOPLE_MAX_ATTEMPTS,
        parse: (payload) => RelinkPayload.safeParse(payload).data ?? null,
        // One re-link per folder: the photos it links are the ones asked (store.people.asked).
        join: (pending) => (pending.folder === photo.folder ? pending : null),
        start: (now) => RelinkPayload.parse({ folder: photo.folder, since: now }),
      },
      debounce,
    );
  });
}
