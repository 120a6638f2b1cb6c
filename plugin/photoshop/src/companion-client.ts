/**
 * The panel's calls to the companion's HTTP API, each answer checked with zod. Expected problems come back as
 * values: the companion not running, the pairing token refused, the file unknown, an answer we cannot read.
 *
 *   GET  /api/health                       is it running (no token)
 *   POST /api/suggestions {path, waitMs}   suggestions for the document's file (not analyzed yet: jumps the queue)
 *   GET  /api/photos/:id                   analyzed size and sub-scores (running style) of that photo
 *   POST /api/analyze {path, waitMs: 0}    analyze now, at the front of the queue
 *   POST /api/feedback                     crop accepted / adjusted / rejected
 *
 * Asking for suggestions can take a file in, so it is a POST: the companion's GET only reads what it knows.
 */
import { z } from "zod";
import type { Box } from "./crop-mapping.ts";

export const TOKEN_HEADER = "X-Stridelight-Token";

const unit = z.number().min(0).max(1);
const BoxSchema = z.tuple([unit, unit, unit, unit]);

export const CropSuggestion = z.object({
  aspect: z.string(),
  box: BoxSchema,
  score: z.number(),
  reason: z.string(),
});
export type CropSuggestion = z.infer<typeof CropSuggestion>;

export const Suggestion = z.object({
  status: z.enum(["ready", "queued", "analyzing", "failed"]),
  photoId: z.number().int(),
  rating: z.number().nullable(),
  label: z.string().nullable(),
  keeper: z.number().nullable(),
  flags: z.array(z.string()),
  bibs: z.array(z.string()),
  explanations: z.array(z.string()),
  crops: z.array(CropSuggestion),
  error: z.string().nullable(),
});
export type Suggestion = z.infer<typeof Suggestion>;

/** The part of a photo's detail the panel reads: the analyzed size, and the sub-scores for running style. */
export const PhotoFacts = z.object({
  id: z.number().int(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  scores: z
    .object({ parts: z.record(z.string(), z.number()) })
    .loose()
    .nullable(),
});
export type PhotoFacts = z.infer<typeof PhotoFacts>;

const Health = z.object({ status: z.literal("ok"), name: z.literal("stridelight"), version: z.string() });

export type CropFeedback =
  | { readonly kind: "crop-accepted"; readonly proposal: CropChoice }
  | { readonly kind: "crop-adjusted"; readonly proposal: CropChoice; readonly value: CropChoice }
  | { readonly kind: "crop-rejected"; readonly proposal: CropChoice };

export interface CropChoice {
  readonly aspect: string;
  readonly box: Box;
}

export type ClientError =
  | { readonly kind: "offline"; readonly message: string }
  | { readonly kind: "unauthorised"; readonly message: string }
  /** 403: the companion answered but refused the request (its Origin/Host check). */
  | { readonly kind: "forbidden"; readonly message: string }
  /** Something answered, but not with what a Stridelight companion says. */
  | { readonly kind: "unexpected"; readonly status: number; readonly message: string }
  | { readonly kind: "not-found"; readonly message: string }
  | { readonly kind: "failed"; readonly status: number; readonly message: string };

export type Answer<T> =
  | { readonly ok: true; readonly value: T; readonly status: number }
  | { readonly ok: false; readonly error: ClientError };

export interface ClientOptions {
  /** The companion's origin, e.g. http://127.0.0.1:7613 (the manifest must list it). */
  readonly baseUrl: string;
  readonly token: string | null;
  readonly fetch: typeof fetch;
}

export type CompanionClient = ReturnType<typeof companionClient>;

export function companionClient(options: ClientOptions) {
  const call = <T>(schema: z.ZodType<T>, path: string, init?: RequestInit) =>
    request(options, schema, path, init);
  return {
    health: () => call(Health, "/api/health"),
    suggestions: (path: string, waitMs = 0) =>
      call(Suggestion, "/api/suggestions", post({ path, waitMs: Math.round(waitMs) })),
    photo: (id: number) => call(PhotoFacts, `/api/photos/${id}`),
    analyzeNow: (path: string) => call(z.unknown(), "/api/analyze", post({ path, waitMs: 0 })),
    feedback: (photoId: number, feedback: CropFeedback) =>
      call(
        z.object({ id: z.number() }),
        "/api/feedback",
        post({ photoId, source: "photoshop", ...feedback }),
      ),
  };
}

function post(body: unknown): RequestInit {
  return { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } };
}

async function request<T>(
  options: ClientOptions,
  schema: z.ZodType<T>,
  path: string,
  init: RequestInit = {},
): Promise<Answer<T>> {
  const headers = new Headers(init.headers);
  if (options.token) headers.set(TOKEN_HEADER, options.token);
  let res: Response;
  try {
    res = await options.fetch(`${options.baseUrl}${path}`, { ...init, headers });
  } catch (error) {
    return {
      ok: false,
      error: {
        kind: "offline",
        message: `the companion is not running at ${options.baseUrl} (${String(error)})`,
      },
    };
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) return { ok: false, error: httpError(res.status, body) };
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      error: {
        kind: "unexpected",
        status: res.status,
        message: `unexpected answer from ${path}: ${parsed.error.message}`,
      },
    };
  return { ok: true, value: parsed.data, status: res.status };
}

function httpError(status: number, body: unknown): ClientError {
  const said =
    typeof body === "object" && body !== null && "error" in body ? String(body.error) : `HTTP ${status}`;
  if (status === 401) return { kind: "unauthorised", message: "the companion refused the pairing token" };
  if (status === 403) return { kind: "forbidden", message: said };
  if (status === 404) return { kind: "not-found", message: said };
  return { kind: "failed", status, message: said };
}
