/**
 * Re-link one runner across a folder once its photos have stopped landing: the photos scored since the last re-link
 * (store.people.asked), and every photo of a runner seen on them, get their person (ids kept from the last re-link) and the bibs
 * carried onto them from the whole folder's reads — whatever order the photos were analyzed in. A photo whose
 * carried bibs changed has its XMP written again through the write step (exactly once per plan; the ownership rule
 * keeps what the photographer changed). Idempotent: a re-link run twice, or resumed after a crash, finds its work
 * done (same links, same carried bibs, the XMP plan already written) and changes nothing.
 */
import { z } from "zod";
import { defineJob } from "../catalogue.ts";
import { inFolderTurn } from "../bursts/folder-turns.ts";
import { relinkRegion } from "../people/relink.ts";

export const RELINK_PEOPLE = "relink-people";
/** Below new photos (0) and the burst re-score (−1): a burst's verdict is worth more than a carried bib; above −5. */
export const RELINK_PEOPLE_PRIORITY = -2;
export const RELINK_PEOPLE_MAX_ATTEMPTS = 3;

export const RelinkPayload = z.object({
  folder: z.string(),
  /** When the first photo asked (epoch ms): the wait is capped from here. The photos are in store.people.asked. */
  since: z.number(),
});
export type RelinkPayload = z.infer<typeof RelinkPayload>;

export const relinkPeople = defineJob({
  type: RELINK_PEOPLE,
  payload: RelinkPayload,
  maxAttempts: RELINK_PEOPLE_MAX_ATTEMPTS,
  async handle(payload, _job, ctx) {
    // In the folder's turn with the burst re-scores: both may write the same photos' XMP.
    const outcome = await inFolderTurn(payload.folder, () => relinkRegion(payload, ctx));
    ctx.log.info({ folder: payload.folder, ...outcome }, "people re-linked");
  },
});
