/**
 * The pairing token: made on first start, kept in the data folder (0600, readable by this user only). The plugins
 * are paired with this token (or a one-time code traded for it); the page gets it as an HttpOnly cookie only
 * through pairing (pairing.ts), never by asking for the page.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const TOKEN_FILE = "token";

export function loadOrCreateToken(dataDir: string): string {
  const file = join(dataDir, TOKEN_FILE);
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (/^[0-9a-f]{64}$/.test(existing)) {
      chmodSync(file, 0o600); // a token file left readable by an older version is put right
      return existing;
    }
  } catch {
    // first start: make one below
  }
  const token = randomBytes(32).toString("hex");
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
