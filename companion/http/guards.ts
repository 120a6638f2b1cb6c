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
import { HttpError } from "./http-error.ts";
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
 * pairing page and its trade-ins (a code is its own proof), and the page for a browser on this machine (the page
 * itself holds no secret: its API calls need the cookie that only pairing gives).
 */
export function networkTokenGuard(token: string, settings: () => NetworkSettings, bound: () => string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!networkOpen(settings(), bound())) return next();
    if (PUBLIC_PATHS.has(req.path)) return next();
    if (isPagePath(req.path) && isLocalClient(req)) return next();
    const given = tokenOf(req);
    if (given && sameToken(given.token, token)) return next();
    if (req.path.startsWith("/api/")) return refuse(res);
    res.status(401).type("html").send(pairingPage(false));
  };
}

/** Reachable without the token even when the API is open to the network. */
const PUBLIC_PATHS = new Set(["/api/health", PAIR_PATH, "/api/pair", "/pair.js", "/style.css"]);

const isPagePath = (path: string) => path === "/" || path === "/index.html";

/**
 * The pairing page: with a code in the fragment (the link `stridelight open` prints) its script trades the code
 * for the page's cookie; without one it offers the token form (a browser on another machine). The fragment never
 * reaches a server log or a Referer.
 */
export function pairingPage(wrong: boolean): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stridelight: pair</title>
<link rel="stylesheet" href="/style.css"><script src="/pair.js" defer></script></head>
<body><h1>Stridelight</h1><p id="pairing" data-testid="pairing">Pair this browser: open the link
<code>stridelight open</code> prints, or paste the companion's token (the data folder's <code>token</code> file).</p>
${wrong ? "<p><strong>That token is not this companion's.</strong></p>" : ""}
<form method="post" action="${PAIR_PATH}"><input name="token" type="password" autocomplete="off" size="70" required>
<button>Pair</button></form></body></html>`;
}

export type TokenSource = "header" | "cookie";

/**
 * The pairing token from Authorization: Bearer, the X-Stridelight-Token header, or the page's cookie, with where it
 * came from. A malformed header or cookie is the client's mistake: 400, never a 500.
 */
export function tokenOf(req: Request): { token: string; via: TokenSource } | null {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer +(\S+) *$/.exec(auth);
    if (!m) throw new HttpError(400, "malformed Authorization header: send `Bearer <token>`");
    return { token: m[1]!, via: "header" };
  }
  const header = req.headers[TOKEN_HEADER];
  if (Array.isArray(header)) throw new HttpError(400, `send one ${TOKEN_HEADER} header, not several`);
  if (typeof header === "string") return { token: header.trim(), via: "header" };
  const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  return cookie === null ? null : { token: cookie, via: "cookie" };
}

function cookieValue(header: string | undefined, name: string): string | null {
  const pair = (header ?? "")
    .split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${name}=`));
  if (pair === undefined) return null;
  try {
    return decodeURIComponent(pair.slice(name.length + 1));
  } catch {
    throw new HttpError(400, `malformed ${name} cookie: pair this browser again`);
  }
}

/**
 * A browser sends the page's cookie along with requests other pages make (a page on another port of 127.0.0.1 is
 * the same site). The cookie counts only for the page's own requests: Sec-Fetch-Site same-origin (or none: typed in
 * the address bar, reads only); without that header, a change needs our own Origin.
 */
export function cookieUseAllowed(req: Request, port: number, extraHosts: readonly string[] = []): boolean {
  const changes = req.method !== "GET" && req.method !== "HEAD";
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined) return site === "same-origin" || (!changes && site === "none");
  if (!changes) return true;
  const origin = req.headers.origin;
  return origin !== undefined && ownOrigins(port, extraHosts).has(origin);
}

export function requireToken(token: string, port: () => number, extraHosts: () => readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = tokenOf(req);
    if (!given || !sameToken(given.token, token)) return refuse(res);
    if (given.via === "cookie" && !cookieUseAllowed(req, port(), extraHosts())) {
      res.status(403).json({
        error: "forbidden",
        detail: "the page's cookie counts only for the companion's own page; other clients send the token",
      });
      return;
    }
    next();
  };
}
function refuse(res: Response): void {
  res.status(401).setHeader("WWW-Authenticate", 'Bearer realm="stridelight"');
  res.json({
    error: "unauthorised",
    detail: "pair with the companion: send its token (see the data folder's token file)",
  });
}
