/**
 * The --queue / "queue.url" value: redis://[[user]:password@]host:port[/db], validated once at the boundary.
 * Only the host the user named is ever contacted; nothing is discovered.
 */
import { z } from "zod";
import { redactUrl } from "./redact-url.ts";

export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** The URL as it may be shown: password redacted. */
  readonly shown: string;
}

const RedisUrl = z
  .string()
  .trim()
  .refine((s) => /^rediss?:\/\//i.test(s), "must start with redis:// (e.g. redis://:password@host:6379/0)")
  .transform((s, ctx) => {
    try {
      return new URL(s);
    } catch {
      ctx.addIssue({ code: "custom", message: "is not a valid URL" });
      return z.NEVER;
    }
  });

/** A RedisTarget, or the problem in one line (password redacted). */
export function parseRedisUrl(raw: string): { ok: true; target: RedisTarget } | { ok: false; error: string } {
  const parsed = RedisUrl.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `${redactUrl(raw)}: ${parsed.error.issues[0]!.message}` };
  const url = parsed.data;
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0)
    return { ok: false, error: `${redactUrl(raw)}: the database must be a number` };
  const target: RedisTarget = {
    host: url.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1",
    port: url.port ? Number(url.port) : 6379,
    db,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    shown: redactUrl(raw.trim()),
  };
  return { ok: true, target };
}
