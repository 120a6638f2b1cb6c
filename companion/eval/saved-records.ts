/**
 * Saved `analyze --jsonl` or `score --jsonl` lines read back as analysis records (a score record is an analysis
 * record plus the verdict), with the main runner chosen again by the current code: the evaluations re-score them
 * without running the models.
 */
import { readFileSync } from "node:fs";
import { ANALYSIS_SCHEMA, AnalysisRecord } from "../../core/domain/analysis.ts";
import { chooseProminent } from "../../core/domain/prominent.ts";
import type { ScoreRecord } from "../../core/domain/score-record.ts";

export function readSavedRecords(path: string): AnalysisRecord[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => AnalysisRecord.safeParse({ ...JSON.parse(l), schema: ANALYSIS_SCHEMA }))
    .flatMap((r) => (r.success ? [{ ...r.data, prominent: chooseProminent(r.data.runners) }] : []));
}

/** A score record as the analysis record it extends (the verdict's fields ride along): what re-scorings read. */
export function asAnalysisRecord(record: ScoreRecord): AnalysisRecord {
  return { ...record, schema: ANALYSIS_SCHEMA };
}
