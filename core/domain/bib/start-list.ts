import { z } from "zod";
import type { Result } from "../ports.ts";

/**
 * The race's start list, read from CSV with a header row that names at least `bib` and `name` (any case, any
 * order; further columns are kept). Fields may be quoted ("Doe, Jane"); commas or semicolons separate fields.
 */
export const StartListEntry = z.object({
  bib: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{0,3}[0-9]{1,12}$/, "a bib is digits, optionally after up to 3 letters"),
  name: z.string().trim().min(1, "the name is empty"),
  extra: z.record(z.string(), z.string()),
});
export type StartListEntry = z.infer<typeof StartListEntry>;

export type StartList = ReadonlyMap<string, StartListEntry>;

export interface StartListError {
  /** 1-based line of the CSV text, 0 for the file as a whole. */
  readonly line: number;
  readonly message: string;
}

export function parseStartList(csv: string): Result<StartList, StartListError> {
  const lines = csv.replace(/^\uFEFF/, "").split(/\r?\n/);
  const separator = (lines[0] ?? "").includes(";") && !(lines[0] ?? "").includes(",") ? ";" : ",";
  const header = splitCsvLine(lines[0] ?? "", separator).map((h) => h.trim().toLowerCase());
  const bibAt = header.indexOf("bib");
  const nameAt = header.indexOf("name");
  if (bibAt === -1 || nameAt === -1) return fail(1, "the header must name the columns bib and name");
  const entries = new Map<string, StartListEntry>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === "") continue;
    const cells = splitCsvLine(lines[i]!, separator);
    const extra = Object.fromEntries(
      header.flatMap((h, k) => (k === bibAt || k === nameAt ? [] : [[h, cells[k] ?? ""]])),
    );
    const parsed = StartListEntry.safeParse({ bib: cells[bibAt] ?? "", name: cells[nameAt] ?? "", extra });
    if (!parsed.success) return fail(i + 1, parsed.error.issues.map((x) => x.message).join("; "));
    if (entries.has(parsed.data.bib)) return fail(i + 1, `bib ${parsed.data.bib} appears twice`);
    entries.set(parsed.data.bib, parsed.data);
  }
  return { ok: true, value: entries };
}

function fail(line: number, message: string): Result<StartList, StartListError> {
  return { ok: false, error: { line, message } };
}

/** One CSV record on one line: quoted fields may hold the separator and doubled quotes. */
export function splitCsvLine(line: string, separator = ","): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === separator && !quoted) {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** The runner who wears this bib, if the start list has it. */
export function matchBib(list: StartList, bib: string): StartListEntry | null {
  return list.get(bib.trim().toUpperCase()) ?? null;
}
