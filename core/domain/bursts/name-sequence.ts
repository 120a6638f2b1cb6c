/**
 * Where a file sits in its camera's numbering: IMG_0079, IMG_0080 … in one folder are frames shot one after the
 * other, whatever the capture time says (or when it says nothing). Pure string work on the record's file path.
 */

export interface NameSequence {
  /** Folder of the file ("" when the path has none). */
  readonly folder: string;
  /** Name before the trailing number, e.g. "IMG_" of "IMG_0080.jpg". */
  readonly prefix: string;
  readonly number: number;
  /** The number is an epoch-milliseconds time stamp (13 digits, 2001–2100), as web and phone exports name files. */
  readonly isTimeStamp: boolean;
}

const TRAILING_NUMBER = /^(.*?)(\d+)$/;
const MS_2001 = 978_307_200_000;
const MS_2100 = 4_102_444_800_000;

/** The sequence position of a file, or null when its name does not end in a number. */
export function nameSequence(file: string): NameSequence | null {
  const slash = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  const name = file.slice(slash + 1);
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const m = TRAILING_NUMBER.exec(stem);
  if (!m) return null;
  const digits = m[2]!;
  const number = Number(digits);
  if (!Number.isSafeInteger(number)) return null;
  return {
    folder: slash < 0 ? "" : file.slice(0, slash),
    prefix: m[1]!,
    number,
    isTimeStamp: digits.length === 13 && number >= MS_2001 && number < MS_2100,
  };
}

/** Same folder and same name prefix: two frames of one numbering. */
export function sameNumbering(a: NameSequence, b: NameSequence): boolean {
  return a.folder === b.folder && a.prefix === b.prefix && a.isTimeStamp === b.isTimeStamp;
}
