/**
 * Carried bibs and the same-person check: read from the records' person links (a `score --jsonl` run), no models
 * (companion/eval/run-people.ts).
 */
import { peopleFigures } from "../run-people.ts";
import type { BibSection } from "./section.ts";

export const peopleSection: BibSection = {
  title: "carried bibs and one runner across the shoot",
  run(context) {
    const records = context.options["records"];
    return Promise.resolve(
      typeof records === "string"
        ? peopleFigures(context.folder, records)
        : ["skipped: give --records with a `stridelight score --jsonl` run (the person links are in it)"],
    );
  },
};
