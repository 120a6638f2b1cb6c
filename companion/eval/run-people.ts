/**
 * The one-runner-across-the-shoot figures alone (`npm run eval:bibs` prints them after the read figures):
 *
 *   npx tsx companion/eval/run-people.ts ../shared/data/dev --records dev.jsonl
 *
 * The records are `stridelight analyze|score --jsonl` lines over the folder (the face embeddings in them are all
 * the link needs: no model runs here).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BibManifest } from "./bibs.ts";
import { PeopleLabels, PeopleManifest, reportPeople } from "./people.ts";
import { readSavedRecords } from "./saved-records.ts";

/** The people figures for a dev folder, as lines; a clear line instead when the folder has no labels. */
export function peopleFigures(folder: string, recordsFile: string): string[] {
  const labelsFile = join(folder, "labels.json");
  if (!existsSync(labelsFile)) return [`same person: skipped, no labels.json in ${folder}`];
  const text = readFileSync(join(folder, "manifest.json"), "utf8");
  const manifest = BibManifest.parse(JSON.parse(text));
  const peopleManifest = PeopleManifest.parse(JSON.parse(text));
  const labels = PeopleLabels.parse(JSON.parse(readFileSync(labelsFile, "utf8")));
  return reportPeople(readSavedRecords(recordsFile), manifest, peopleManifest, labels);
}

if (process.argv[1]?.endsWith("run-people.ts")) {
  const [folder, flag, records] = process.argv.slice(2);
  if (!folder || flag !== "--records" || !records)
    throw new Error("usage: run-people.ts <folder> --records <jsonl>");
  for (const line of peopleFigures(folder, records)) console.log(line);
}
