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
  isLocalClient,
  networkTokenGuard,
  PAIR_PATH,
  pairingPage,
  requireToken,
  TOKEN_COOKIE,
} from "./guards.ts";
import { LOOPBACK } from "./network.ts";
import { sameToken } from "./token.ts";
import { HttpError, validated } from "./http-error.ts";
import { docsPage, openApiDocument } from "./openapi.ts";
import type { Route } from "./route.ts";
import { analyseRoutes } from "./routes/analyse-routes.ts";
import { eventRoutes } from "./routes/event-routes.ts";
import { feedbackRoutes } from "./routes/feedback-routes.ts";
import { modelFileRoutes } from "./routes/model-file-routes.ts";
import { modelRoutes } from "./routes/model-routes.ts";
import { photoRoutes } from "./routes/photo-routes.ts";
import { regionRoutes } from "./routes/region-routes.ts";
import { statusRoutes } from "./routes/status-routes.ts";
import { suggestionRoutes } from "./routes/suggestion-routes.ts";

export const ROUTES: readonly Route[] = [
  ...statusRoutes,
  ...photoRoutes,
  ...analyseRoutes,
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
  app.post(PAIR_PATH, express.urlencoded({ extended: false, limit: "1kb" }), (req, res) =>
    pair(req, res, api.token),
  );
  app.get(["/", "/index.html"], (req, res) => page(req, res, api.token));
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
 * The page gets the token as a same-site, script-invisible cookie: EventSource and fetch then carry it. Only a
 * browser on this machine is handed it; one on another machine has paired (or sent the token) to get this far.
 */
function page(req: Request, res: Response, token: string): void {
  const html = readFileSync(`${WEB_DIR}index.html`, "utf8");
  if (isLocalClient(req)) setTokenCookie(res, token);
  res.type("html").send(html);
}

/** The pairing form's answer: the right token becomes the page's cookie; a wrong one gets the form again. */
function pair(req: Request, res: Response, token: string): void {
  const given = (req.body as { token?: unknown } | undefined)?.token;
  if (typeof given !== "string" || !sameToken(given.trim(), token)) {
    res.status(401).type("html").send(pairingPage(true));
    return;
  }
  setTokenCookie(res, token);
  res.redirect(303, "/");
}

function setTokenCookie(res: Response, token: string): void {
  res.cookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: "strict", path: "/" });
}

function register(app: express.Express, r: Route, api: CompanionApi): void {
  const parser = r.rawBody
    ? express.raw({ type: () => true, limit: "300mb" })
    : express.json({ limit: "1mb" });
  const guard = r.auth === false ? [] : [requireToken(api.token)];
  app[r.method](r.path, ...guard, parser, (req, res, next) => {
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
