/**
 * Re-scores saved analysis records (`analyze --jsonl`, or `score --jsonl`: the analysis part is read) with the current domain code, without running the models:
 * the fast loop for judging changes to the main-runner pick, bursts, flags and the keeper.
 *
 *   npx tsx companion/eval/rescore-records.ts analysis.jsonl [--features] > scored.jsonl
 *   python3 ../shared/tools/dev-eval.py scored.jsonl
 */
import { readSavedRecords } from "./saved-records.ts";
import { keeperReference, PRIOR_KEEPER_WEIGHTS } from "../../core/domain/keeper/prior.ts";
import { KEEPER_FEATURES } from "../../core/domain/keeper/features.ts";
import { scoreAnalyzed } from "../../core/pipeline/score-shoot.ts";

const records = readSavedRecords(process.argv[2]!);
// The head's last call sees the final feature rows: kept to print beside each record with --features.
let lastRows: readonly (readonly number[])[] = [];
const scored = await scoreAnalyzed(records, (rows) => {
  lastRows = rows;
  return rows.map((f) => keeperReference(PRIOR_KEEPER_WEIGHTS, f));
});
const withFeatures = process.argv.includes("--features");
scored.forEach((s, i) => {
  const extra = withFeatures
    ? { keeperFeatures: Object.fromEntries(KEEPER_FEATURES.map((f, j) => [f, lastRows[i]?.[j]])) }
    : {};
  process.stdout.write(JSON.stringify({ ...s, ...extra }) + "\n");
});
