/** The OpenAPI 3.1 document, written from the route table (zod -> JSON Schema), and a plain docs page over it. */
import { z } from "zod";
import type { Route } from "./route.ts";

const toSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, "{$1}");
}

function parameters(r: Route): unknown[] {
  const out: unknown[] = [];
  const add = (schema: z.ZodType | undefined, where: "path" | "query") => {
    if (!schema) return;
    const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === "path" || (json.required ?? []).includes(name),
        schema: s,
      });
    }
  };
  add(r.params, "path");
  add(r.query, "query");
  return out;
}

function operation(r: Route): Record<string, unknown> {
  const ok =
    r.response instanceof z.ZodType
      ? { description: "OK", content: { "application/json": { schema: toSchema(r.response) } } }
      : { description: r.response.description, content: { [r.response.contentType]: {} } };
  const responses: Record<string, unknown> = {
    200: ok,
    400: { description: "invalid request (each field named)" },
  };
  if (r.auth !== false) responses[401] = { description: "no or wrong pairing token" };
  responses[403] = { description: "foreign Host or Origin" };
  for (const [code, description] of Object.entries(r.responses ?? {})) responses[code] = { description };
  return {
    summary: r.summary,
    tags: [r.tag],
    parameters: parameters(r),
    ...(r.body
      ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(r.body) } } } }
      : {}),
    ...(r.rawBody
      ? {
          requestBody: {
            required: true,
            content: { [r.rawBody]: { schema: { type: "string", format: "binary" } } },
          },
        }
      : {}),
    ...(r.auth === false ? { security: [] } : {}),
    responses,
  };
}

export function openApiDocument(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) (paths[openApiPath(r.path)] ??= {})[r.method] = operation(r);
  return {
    openapi: "3.1.0",
    info: {
      title: "Stridelight companion",
      version,
      description: "Local API of the Stridelight companion (127.0.0.1 only).",
    },
    servers: [{ url: "http://127.0.0.1:7613" }],
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "the pairing token (data folder, file 'token')",
        },
        header: { type: "apiKey", in: "header", name: "X-Stridelight-Token" },
      },
    },
    security: [{ bearer: [] }, { header: [] }],
    paths,
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** A readable list of the endpoints, generated from the same table; the full schemas are in openapi.json. */
export function docsPage(routes: readonly Route[]): string {
  const rows = routes
    .map((r) => {
      const params = [r.params, r.query]
        .filter(Boolean)
        .map((s) => Object.keys((toSchema(s!) as { properties?: object }).properties ?? {}).join(", "))
        .join("; ");
      const body = r.body
        ? Object.keys((toSchema(r.body) as { properties?: object }).properties ?? {}).join(", ")
        : r.rawBody
          ? "raw bytes"
          : "";
      return `<tr><td><code>${r.method.toUpperCase()}</code></td><td><code>${escapeHtml(r.path)}</code></td><td>${escapeHtml(r.summary)}</td><td>${escapeHtml(params)}</td><td>${escapeHtml(body)}</td><td>${r.auth === false ? "no" : "yes"}</td></tr>`;
    })
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stridelight API</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:80rem}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}table{border-collapse:collapse}</style>
</head><body><h1>Stridelight companion API</h1>
<p>Listens on 127.0.0.1 only. Send the pairing token as <code>Authorization: Bearer &lt;token&gt;</code> or <code>X-Stridelight-Token</code>;
requests with a foreign Host or Origin are refused (403). Machine-readable: <a href="/api/openapi.json">openapi.json</a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What</th><th>Parameters</th><th>Body</th><th>Token</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
