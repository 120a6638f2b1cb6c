/**
 * The pairing token: made on first start, kept in the data folder (readable by this user only). The plugins are
 * paired by giving them this token; the companion's own page receives it as a same-site cookie.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const TOKEN_FILE = "token";

export function loadOrCreateToken(dataDir: string): string {
  const file = join(dataDir, TOKEN_FILE);
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (/^[0-9a-f]{64}$/.test(existing)) return existing;
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
