/**
 * The ownership rule for a single-valued field (rating, label, crop): we change it only while it is empty or still
 * exactly what our namespace says we last wrote. Anything else belongs to the photographer.
 */
export type OwnedField = "rating" | "label" | "crop";

export type SkipCode =
  "changed-by-photographer" | "set-by-someone-else" | "removed-by-photographer" | "disabled-by-policy";

export interface Skip {
  readonly field: OwnedField | "keyword";
  readonly code: SkipCode;
  /** In the photographer's words, e.g. "photographer changed rating". */
  readonly reason: string;
  /** The value concerned, e.g. the keyword the photographer removed. */
  readonly detail?: string;
}

export interface FieldRule<T> {
  readonly field: OwnedField;
  readonly same: (a: T | null, b: T | null) => boolean;
  readonly isEmpty: (value: T | null) => boolean;
}

export interface FieldDecision<T> {
  /** The value to write, or undefined to leave the field as it is. */
  readonly write: T | undefined;
  /** What our namespace should remember as written after this run. */
  readonly written: T | null;
  readonly skip: Skip | null;
}

const REASONS: Record<SkipCode, (field: string) => string> = {
  "changed-by-photographer": (f) => `photographer changed ${f}`,
  "set-by-someone-else": (f) => `${f} was set by the photographer or another tool`,
  "removed-by-photographer": (f) => `photographer removed ${f}`,
  "disabled-by-policy": (f) => `writing ${f} is switched off`,
};

export function skip(field: Skip["field"], code: SkipCode, detail?: string): Skip {
  const base = { field, code, reason: REASONS[code](field) };
  return detail === undefined ? base : { ...base, detail };
}

export function decideField<T>(
  rule: FieldRule<T>,
  now: T | null,
  written: T | null,
  wanted: T | undefined,
  enabled: boolean,
): FieldDecision<T> {
  const keep = (s: Skip | null): FieldDecision<T> => ({ write: undefined, written, skip: s });
  if (wanted === undefined) return keep(null);
  if (!enabled) return keep(skip(rule.field, "disabled-by-policy"));
  if (written !== null && !rule.same(now, written)) return keep(skip(rule.field, "changed-by-photographer"));
  if (written === null && !rule.isEmpty(now)) {
    return keep(rule.same(now, wanted) ? null : skip(rule.field, "set-by-someone-else"));
  }
  return { write: rule.same(now, wanted) ? undefined : wanted, written: wanted, skip: null };
}
