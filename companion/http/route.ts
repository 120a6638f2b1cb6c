/**
 * One API route = one entry: method, path, schemas and handler. The same table registers the express routes
 * (validating every request with zod) and writes the OpenAPI document, so the two cannot drift apart.
 */
import type { Request, Response } from "express";
import type { z } from "zod";
import type { CompanionApi } from "./companion-api.ts";

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly req: Request;
  readonly res: Response;
  readonly api: CompanionApi;
}

/** A handler's answer: JSON (status 200 unless given), or "handled" when it wrote the response itself. */
export type RouteAnswer = { status?: number; json: unknown } | "handled";

export interface Route<P = unknown, Q = unknown, B = unknown> {
  readonly method: "get" | "post";
  /** Express syntax (/api/photos/:id); OpenAPI's {id} is derived from it. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** false only for health and the docs: everything else needs the pairing token. */
  readonly auth?: boolean;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  /** Raw request body (an upload) instead of JSON. */
  readonly rawBody?: string;
  readonly response: z.ZodType | { contentType: string; description: string };
  readonly responses?: Record<number, string>;
  handle(input: RouteInput<P, Q, B>): Promise<RouteAnswer> | RouteAnswer;
}

export function route<P, Q, B>(r: Route<P, Q, B>): Route {
  return r;
}
