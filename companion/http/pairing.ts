/**
 * Pairing proves who asks: the token is never handed to whoever requests the page. A pairing code is a one-time,
 * short-lived capability that only someone who already holds the token (the photographer's own `stridelight start`
 * or `stridelight open`, reading the 0600 token file; or the paired page) can have made. A browser trades a link's
 * code for the page's HttpOnly cookie; a plugin trades a code the page shows for the token itself.
 */
import { randomBytes, randomInt } from "node:crypto";
import { z } from "zod";

/** Every pairing default in one place. */
export const PAIRING_DEFAULTS = Object.freeze({
  /** A pairing link lives this long: long enough to switch to the browser, short enough to be useless later. */
  linkTtlMs: 10 * 60_000,
  /** A code typed into a plugin. */
  codeTtlMs: 5 * 60_000,
  /** Codes outstanding at once; the oldest is dropped beyond this. */
  maxOutstanding: 16,
  /** Wrong codes tolerated before every outstanding code is revoked (guessing a short code must not pay). */
  maxWrongTries: 20,
});

/** Letters nobody misreads (no 0/O, 1/I/L): the plugin code is typed by hand. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const PLUGIN_CODE = /^[A-Z0-9]{8}$/;
const LINK_CODE = /^[A-Za-z0-9_-]{32}$/;

export const PairingKind = z.enum(["link", "plugin"]);
export type PairingKind = z.infer<typeof PairingKind>;

export interface IssuedCode {
  readonly code: string;
  readonly kind: PairingKind;
  readonly expiresAt: number;
}

export type Redeemed = { ok: true; kind: PairingKind } | { ok: false; reason: string };

/** "k7qm-3xpd " -> "K7QM3XPD"; a link code is kept as it is. */
export function normaliseCode(given: string): string {
  const trimmed = given.trim();
  if (LINK_CODE.test(trimmed)) return trimmed;
  return trimmed.replace(/[\s-]/g, "").toUpperCase();
}

/** XXXX-XXXX, as the page shows it. */
export function shownCode(code: string): string {
  return PLUGIN_CODE.test(code) ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

export class Pairing {
  private readonly codes = new Map<string, IssuedCode>();
  private wrongTries = 0;

  constructor(
    private readonly settings: typeof PAIRING_DEFAULTS = PAIRING_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {}

  issue(kind: PairingKind): IssuedCode {
    this.forgetExpired();
    const code = kind === "link" ? randomBytes(24).toString("base64url") : pluginCode();
    const ttl = kind === "link" ? this.settings.linkTtlMs : this.settings.codeTtlMs;
    const issued = { code, kind, expiresAt: this.now() + ttl };
    this.codes.set(code, issued);
    while (this.codes.size > this.settings.maxOutstanding) this.codes.delete(this.codes.keys().next().value!);
    return issued;
  }

  /** One use only: a redeemed code is gone, whether it was in time or not. */
  redeem(given: string): Redeemed {
    this.forgetExpired();
    const issued = this.codes.get(normaliseCode(given));
    if (!issued) return this.wrong();
    this.codes.delete(issued.code);
    return { ok: true, kind: issued.kind };
  }

  private wrong(): Redeemed {
    this.wrongTries += 1;
    if (this.wrongTries >= this.settings.maxWrongTries) {
      this.codes.clear();
      this.wrongTries = 0;
      return { ok: false, reason: "too many wrong codes: every pairing code was revoked, make a new one" };
    }
    return { ok: false, reason: "this pairing code is unknown, used or expired: make a new one" };
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [code, issued] of this.codes) if (issued.expiresAt <= now) this.codes.delete(code);
  }
}

function pluginCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}
