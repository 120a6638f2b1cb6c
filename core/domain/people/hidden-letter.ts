/**
 * A bib whose letter this photo hides: the digits read here are all the digits of the bib the same person's other
 * photos read with its letter (`662` or `00662` under a thumb, `A00662` elsewhere; `30483` beside a fold, `B30483`).
 * The photo shows that bib — its whole number is read here, only the letter is behind the hand — so it is the
 * runner's read bib, not a carried one: a customer looking for A00662 finds the photo as one that shows the number.
 *
 * Only a hidden letter is completed. A read that lost digits (`3723` of B13723, `12` of 1234) stays what it read,
 * with the whole bib carried beside it (carry.ts): the digits it shows could be another number's.
 */
import type { Runner } from "../analysis.ts";
import { isNumberAlone, normaliseBib, prefixedDigits } from "../bib/validate.ts";

/**
 * The person's bib when `read` is its digits without its letter(s), else null. Bibs are compared as the reader
 * writes them (normaliseBib): a number alone has lost its leading zeros, so `662` is the digits of `A00662`.
 */
export function withHiddenLetter(read: string, whole: string): string | null {
  const digits = prefixedDigits(whole);
  if (digits === null || !isNumberAlone(read)) return null;
  return normaliseBib(digits) === read ? whole : null;
}

/**
 * The runner's read — its bib, or the digits a race format kept apart (`bibDigits`) — completed with the letter of
 * the person's bib `whole`: the whole bib and what was read, or null where more than the letter is missing.
 */
export function completedRead(
  runner: Pick<Runner, "bib" | "bibDigits">,
  whole: string,
): { bib: string; bibAsRead: string } | null {
  const read = runner.bib ?? runner.bibDigits;
  const bib = read ? withHiddenLetter(read, whole) : null;
  return bib && read ? { bib, bibAsRead: read } : null;
}

/**
 * The bib as the analysis read it on the photo: an earlier link's completed letter taken back, to the read, or to no
 * bib where only digits were kept apart (`bibDigits`: no bib on the photo alone).
 */
export function bibOnPhoto(runner: Pick<Runner, "bib" | "bibDigits" | "bibAsRead">): Runner["bib"] {
  if (runner.bibAsRead === undefined) return runner.bib;
  return runner.bibDigits !== undefined ? null : runner.bibAsRead;
}
