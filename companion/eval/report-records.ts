/**
 * `npm run eval`'s report from saved records instead of a new analysis: score (or re-score) `analyze --jsonl` or
 * `score --jsonl` lines with the current domain code and print every figure, all and leave-one-source-out.
 *
 *   npx stridelight analyze --jsonl ../shared/data/dev > dev.jsonl
 *   npx tsx companion/eval/report-records.ts ../shared/data/dev dev.jsonl
 */
import { readSavedRecords } from "./saved-records.ts";
import { DEFAULT_SCORING_OPTIONS } from "../../core/domain/scoring.ts";
import { DEFAULT_ASPECTS } from "../../core/domain/crop/index.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";
import { evaluationReport } from "../cli/eval-command.ts";
import { scoreRecords } from "../cli/score-command.ts";

const [folder, path] = process.argv.slice(2);
if (!folder || !path) {
  process.stderr.write("usage: report-records.ts <dev folder> <records.jsonl>\n");
  process.exit(2);
}
const records = readSavedRecords(path);
const all = await scoreRecords(records, DEFAULT_SCORING_OPTIONS, null, DEFAULT_ASPECTS);
const scored = all.filter((r): r is ScoreRecord => !("error" in r));
process.stdout.write(`${await evaluationReport(folder, scored, all)}\n`);
