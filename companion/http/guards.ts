/**
 * Who may talk to the companion. It listens on 127.0.0.1 only, and even then a web page in the photographer's
 * browser could reach it by DNS rebinding (evil.example resolving to 127.0.0.1): every request must name us in
 * its Host header, a browser's Origin must be ours (or one configured), and the API wants the pairing token.
 */
import type { NextFunction, Request, Response } from "express";
import { sameToken } from "./token.ts";

export const TOKEN_COOKIE = "stridelight_token";
export const TOKEN_HEADER = "x-stridelight-token";

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export function ownOrigins(port: number): Set<string> {
  return new Set([...allowedHosts(port)].map((h) => `http://${h}`));
}

/** 403 for a Host that is not this companion, or an Origin that is neither ours nor configured. */
export function hostAndOriginGuard(port: () => number, extraOrigins: () => readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = (req.headers.host ?? "").toLowerCase();
    if (!allowedHosts(port()).has(host)) {
      res.status(403).json({ error: "forbidden host", detail: `Host "${host}" is not this companion` });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !ownOrigins(port()).has(origin) && !extraOrigins().includes(origin)) {
      res
        .status(403)
        .json({ error: "forbidden origin", detail: `Origin "${origin}" may not call the companion` });
      return;
    }
    next();
  };
}

/** The pairing token from Authorization: Bearer, the X-Stridelight-Token header, or the page's cookie. */
export function tokenOf(req: Request): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice(7).trim();
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === "string") return header.trim();
  const cookie = (req.headers.cookie ?? "")
    .split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1)) : null;
}

export function requireToken(token: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = tokenOf(req);
    if (given && sameToken(given, token)) return next();
    res.status(401).setHeader("WWW-Authenticate", 'Bearer realm="stridelight"');
    res.json({
      error: "unauthorised",
      detail: "pair with the companion: send its token (see the data folder's token file)",
    });
  };
}
