/**
 * File names the operating system stores as bytes that are not UTF-8 (a Latin-1 name from an old archive or a
 * Windows share). Node decodes such a name with U+FFFD in place of each byte it cannot read, and the decoded name
 * opens nothing: the file is listed but cannot be read by that name. Said plainly, instead of "no such file".
 */

/** U+FFFD, the replacement character Node's UTF-8 decoding puts where a name's bytes are not UTF-8. */
const REPLACEMENT = "\uFFFD";

/** The path as listed may have lost bytes of its name (only worth saying once opening it found nothing). */
export function nameMayBeUndecodable(path: string): boolean {
  return path.includes(REPLACEMENT);
}

/** What the photographer reads, after the file's path. */
export const UNDECODABLE_NAME =
  "the file name is not valid UTF-8 (the � marks bytes that are not), so it cannot be opened by name: rename the file";
