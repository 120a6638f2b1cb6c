/** Retry delay after a failed attempt: doubling from `baseMs`, capped, so a stuck disk is not hammered. */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({ baseMs: 1000, maxMs: 5 * 60_000 });

export function backoffMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(options.maxMs, options.baseMs * 2 ** Math.min(exponent, 30));
}
