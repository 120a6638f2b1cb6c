/** One human-readable line per photo, for a terminal run without --json/--jsonl. */
import { basename } from "node:path";
import type { AnyRecord } from "../../core/domain/analysis.ts";
import type { ScoreOutput } from "./score-command.ts";

export function summaryLine(record: AnyRecord): string {
  const name = basename(record.file);
  if ("error" in record) return `${name}: ERROR ${record.error.code}: ${record.error.message}`;
  const persons = `${record.runners.length} ${record.runners.length === 1 ? "person" : "persons"}`;
  const runner = record.prominent === null ? "no prominent runner" : prominentText(record);
  const faces = record.faces.map((f) =>
    f.eyesOpen === null ? "face" : f.eyesOpen >= 0.5 ? "eyes open" : "eyes closed",
  );
  const warn = record.warnings.length ? `  (${record.warnings.join("; ")})` : "";
  return `${name}: ${record.width}x${record.height}, ${persons}, ${runner}${faces.length ? `, ${faces.join(", ")}` : ""}${warn}`;
}

function prominentText(record: Extract<AnyRecord, { runners: unknown }>): string {
  const r = record.runners[record.prominent!]!;
  return `runner #${record.prominent} (person ${r.score.toFixed(2)}, pose ${r.poseScore.toFixed(2)})`;
}

/** One line per scored photo: keeper, stars, style, flags, burst and bibs. */
export function scoreSummaryLine(record: ScoreOutput): string {
  if ("error" in record) return summaryLine(record);
  const stars =
    record.rating < 0 ? "rejected" : `${"*".repeat(record.rating)}${".".repeat(5 - record.rating)}`;
  const style = record.runningStyle === null ? "style -" : `style ${record.runningStyle.toFixed(2)}`;
  const burst =
    record.burst.size > 1
      ? `, burst ${record.burst.rank}/${record.burst.size}${record.burst.best ? " best" : ""}`
      : "";
  const bibs = record.runners.flatMap((r) => (r.bib ? [r.bib] : []));
  const flags = record.flags.length ? `, ${record.flags.join(" ")}` : "";
  return `${basename(record.file)}: ${stars} keeper ${record.keeper.toFixed(2)}, ${style}${burst}${bibs.length ? `, bib ${bibs.join(" ")}` : ""}${flags}`;
}
