/**
 * Who may talk to the companion. By default it listens on 127.0.0.1 only, and even then a web page in the
 * photographer's browser could reach it by DNS rebinding (evil.example resolving to 127.0.0.1): every request must
 * name us in its Host header (a loopback name, or one the config opened the API to), a browser's Origin must be
 * ours (or one configured), and the API wants the pairing token. Opened to the network, everything but
 * /api/health wants the token, and only a browser on this machine gets it with the page.
 */
import type { NextFunction, Request, Response } from "express";
import {
  hostWithPort,
  isLoopbackAddress,
  networkHosts,
  networkOpen,
  type NetworkSettings,
} from "./network.ts";
import { sameToken } from "./token.ts";

export const TOKEN_COOKIE = "stridelight_token";
export const TOKEN_HEADER = "x-stridelight-token";
export const PAIR_PATH = "/pair";

export interface GuardSettings extends NetworkSettings {
  readonly allowedOrigins?: readonly string[];
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1"];

export function allowedHosts(port: number, extra: readonly string[] = []): Set<string> {
  return new Set([...LOOPBACK_NAMES, ...extra].map((h) => hostWithPort(h, port)));
}

export function ownOrigins(port: number, extra: readonly string[] = []): Set<string> {
  return new Set([...allowedHosts(port, extra)].map((h) => `http://${h}`));
}

/** 403 for a Host that is not this companion, or an Origin that is neither ours nor configured. */
export function hostAndOriginGuard(port: () => number, settings: () => GuardSettings) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = (req.headers.host ?? "").toLowerCase();
    const extra = networkHosts(settings());
    if (!allowedHosts(port(), extra).has(host)) {
      res.status(403).json({ error: "forbidden host", detail: `Host "${host}" is not this companion` });
      return;
    }
    const origin = req.headers.origin;
    const configured = settings().allowedOrigins ?? [];
    if (origin !== undefined && !ownOrigins(port(), extra).has(origin) && !configured.includes(origin)) {
      res
        .status(403)
        .json({ error: "forbidden origin", detail: `Origin "${origin}" may not call the companion` });
      return;
    }
    next();
  };
}

/** A browser on this machine: a loopback peer that also named us by a loopback name. */
export function isLocalClient(req: Request): boolean {
  const host = (req.headers.host ?? "").toLowerCase().replace(/:\d+$/, "");
  const name = host.replace(/^\[|\]$/g, "");
  return isLoopbackAddress(req.socket.remoteAddress) && LOOPBACK_NAMES.includes(name);
}

/**
 * Opened to the network: the token on every request (page, scripts, docs, model files) except /api/health, the
 * pairing form, and the page for a browser on this machine (which pairs itself as before).
 */
export function networkTokenGuard(token: string, settings: () => NetworkSettings, bound: () => string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!networkOpen(settings(), bound())) return next();
    if (req.path === "/api/health" || (req.method === "POST" && req.path === PAIR_PATH)) return next();
    if (isPagePath(req.path) && isLocalClient(req)) return next();
    const given = tokenOf(req);
    if (given && sameToken(given, token)) return next();
    if (req.path.startsWith("/api/")) return refuse(res);
    res.status(401).type("html").send(pairingPage(false));
  };
}

const isPagePath = (path: string) => path === "/" || path === "/index.html";

/** The form a browser on another machine pairs with: the token goes in a POST body, never in a URL. */
export function pairingPage(wrong: boolean): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stridelight: pair</title></head>
<body><h1>Stridelight</h1><p>This companion is open to the network: paste its pairing token (the data folder's
<code>token</code> file) to continue.</p>${wrong ? "<p><strong>That token is not this companion's.</strong></p>" : ""}
<form method="post" action="${PAIR_PATH}"><input name="token" type="password" autocomplete="off" size="70" required>
<button>Pair</button></form></body></html>`;
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
    refuse(res);
  };
}

function refuse(res: Response): void {
  res.status(401).setHeader("WWW-Authenticate", 'Bearer realm="stridelight"');
  res.json({
    error: "unauthorised",
    detail: "pair with the companion: send its token (see the data folder's token file)",
  });
}
