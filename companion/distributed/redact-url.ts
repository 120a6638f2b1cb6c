/**
 * Redis URLs may carry a password (redis://:secret@host:6379/0). Anything we print, log or serve goes through
 * here first, so the password never reaches a terminal, a log file, the web page or the API.
 */

const URL_WITH_CREDENTIALS = /\b(rediss?|https?):\/\/([^\s/@]*)@/gi;

/** The URL with its password (and user) replaced by "***"; a string that is not a URL comes back unchanged. */
export function redactUrl(url: string): string {
  return redactSecrets(url);
}

/** Every credential-bearing URL inside a free text (an error message, a log line) redacted. */
export function redactSecrets(text: string): string {
  return text.replace(URL_WITH_CREDENTIALS, (_match, scheme: string, auth: string) => {
    const user = auth.includes(":") ? auth.slice(0, auth.indexOf(":")) : "";
    return `${scheme}://${user ? `${user}:` : ":"}***@`;
  });
}
