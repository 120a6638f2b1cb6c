/**
 * Bounds on what a client can make us hold or store: a JSON body nested deeper than any request of ours needs is
 * refused before zod walks it (deep recursion ends in a RangeError, i.e. a 500), and a free-form field we store is
 * measured before it is kept.
 */
import type { NextFunction, Request, Response } from "express";
import { HttpError } from "./http-error.ts";

export const JSON_LIMITS = Object.freeze({
  /** No request of the API nests deeper than a handful of levels. */
  maxDepth: 16,
  /** A stored free-form field (a feedback proposal) in bytes of JSON. */
  maxStoredBytes: 4096,
});

/** Depth of a parsed JSON value, walked without recursion (the value may be 100,000 levels deep). */
export function jsonDepth(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > stopAt) return deepest;
    for (const inner of Object.values(v as Record<string, unknown>)) stack.push([inner, depth + 1]);
  }
  return deepest;
}

export function jsonDepthGuard(maxDepth = JSON_LIMITS.maxDepth) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const depth = jsonDepth(req.body, maxDepth);
    if (depth > maxDepth)
      return next(new HttpError(400, `the JSON body nests deeper than ${maxDepth} levels`));
    next();
  };
}

/** A free-form value small enough to store (the zod refinement for stored fields). */
export function storable(value: unknown, maxBytes = JSON_LIMITS.maxStoredBytes): boolean {
  return jsonDepth(value, 8) <= 8 && Buffer.byteLength(JSON.stringify(value) ?? "") <= maxBytes;
}
