/**
 * The companion's express app: guards first (Host/Origin on everything, the token on the API), then the routes
 * from the table (zod-validated), the OpenAPI document and docs page, and the web page as static files.
 */
import express, { type NextFunction, type Request, type Response } from "express";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import type { CompanionApi } from "./companion-api.ts";
import {
  hostAndOriginGuard,
  networkTokenGuard,
  PAIR_PATH,
  pairingPage,
  requireToken,
  TOKEN_COOKIE,
} from "./guards.ts";
import { jsonDepthGuard } from "./bounded-json.ts";
import { LOOPBACK, networkHosts } from "./network.ts";
import { sameToken } from "./token.ts";
import { HttpError, validated } from "./http-error.ts";
import { docsPage, openApiDocument } from "./openapi.ts";
import type { Route } from "./route.ts";
import { analyzeRoutes } from "./routes/analyze-routes.ts";
import { eventRoutes } from "./routes/event-routes.ts";
import { feedbackRoutes } from "./routes/feedback-routes.ts";
import { modelFileRoutes } from "./routes/model-file-routes.ts";
import { modelRoutes } from "./routes/model-routes.ts";
import { pairingRoutes } from "./routes/pairing-routes.ts";
import { photoRoutes } from "./routes/photo-routes.ts";
import { regionRoutes } from "./routes/region-routes.ts";
import { statusRoutes } from "./routes/status-routes.ts";
import { suggestionRoutes } from "./routes/suggestion-routes.ts";

export const ROUTES: readonly Route[] = [
  ...statusRoutes,
  ...pairingRoutes,
  ...photoRoutes,
  ...analyzeRoutes,
  ...regionRoutes,
  ...suggestionRoutes,
  ...feedbackRoutes,
  ...eventRoutes,
  ...modelRoutes,
  ...modelFileRoutes,
];

const WEB_DIR = fileURLToPath(new URL("../web/", import.meta.url));

export function createApp(api: CompanionApi, log: Logger): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(
    hostAndOriginGuard(
      () => api.port(),
      () => api.config().http,
    ),
  );
  app.use(
    networkTokenGuard(
      api.token,
      () => api.config().http,
      () => api.listenAddress?.() ?? LOOPBACK,
    ),
  );
  app.get(PAIR_PATH, (_req, res) => void res.type("html").send(pairingPage(false)));
  app.post(
    PAIR_PATH,
    express.urlencoded({ extended: false, limit: "1kb" }),
    express.json({ limit: "1kb" }),
    (req, res) => pair(req, res, api),
  );
  app.get(["/", "/index.html"], (_req, res) => page(res));
  app.use(express.static(WEB_DIR, { index: false }));
  app.get("/api/openapi.json", (_req, res) => void res.json(openApiDocument(ROUTES, api.version)));
  app.get("/api/docs", (_req, res) => void res.type("html").send(docsPage(ROUTES)));
  for (const r of ROUTES) register(app, r, api);
  app.use("/api", (req, _res, next) =>
    next(new HttpError(404, `no such endpoint: ${req.method} ${req.path}`)),
  );
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) =>
    answerError(error, res, log),
  );
  return app;
}

/**
 * The page holds no secret and hands none out: whoever asks for it gets HTML whose API calls answer 401 until this
 * browser has paired (the cookie comes only from /pair).
 */
function page(res: Response): void {
  res.type("html").send(readFileSync(`${WEB_DIR}index.html`, "utf8"));
}

/**
 * Pairing a browser: a one-time code from a pairing link (the page's script posts it, JSON), or the token itself
 * (the form, for a browser on another machine). Either becomes the page's HttpOnly, SameSite=Strict cookie.
 */
function pair(req: Request, res: Response, api: CompanionApi): void {
  const body = (req.body ?? {}) as { token?: unknown; code?: unknown };
  if (typeof body.code === "string") {
    const redeemed = api.pairing.redeem(body.code);
    if (!redeemed.ok) return void res.status(401).json({ error: "not paired", detail: redeemed.reason });
    setTokenCookie(res, api.token);
    return void res.status(204).end();
  }
  if (typeof body.token !== "string" || !sameToken(body.token.trim(), api.token)) {
    res.status(401).type("html").send(pairingPage(true));
    return;
  }
  setTokenCookie(res, api.token);
  res.redirect(303, "/");
}

function setTokenCookie(res: Response, token: string): void {
  res.cookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: "strict", path: "/" });
}

function register(app: express.Express, r: Route, api: CompanionApi): void {
  // An upload streams its body itself (to disk, under a size limit); everything else is bounded JSON.
  const parsers = r.rawBody ? [] : [express.json({ limit: "1mb" }), jsonDepthGuard()];
  const guard =
    r.auth === false
      ? []
      : [
          requireToken(
            api.token,
            () => api.port(),
            () => networkHosts(api.config().http),
          ),
        ];
  app[r.method](r.path, ...guard, ...parsers, (req, res, next) => {
    void Promise.resolve()
      .then(() =>
        r.handle({
          params: r.params ? validated(r.params, req.params, "path") : req.params,
          query: r.query ? validated(r.query, req.query ?? {}, "query") : req.query,
          body: r.body ? validated(r.body, req.body ?? {}, "body") : req.body,
          req,
          res,
          api,
        }),
      )
      .then((answer) => {
        if (answer !== "handled") res.status(answer.status ?? 200).json(answer.json);
      })
      .catch(next);
  });
}

function answerError(error: unknown, res: Response, log: Logger): void {
  if (res.headersSent) return void res.end();
  if (error instanceof HttpError)
    return void res.status(error.status).json({ error: error.message, details: error.details ?? [] });
  const status = (error as { status?: number; type?: string }).status;
  if (status && status >= 400 && status < 500)
    return void res.status(status).json({ error: (error as Error).message, details: [] });
  log.error({ err: error }, "request failed");
  res.status(500).json({ error: "internal error", details: [] });
}
