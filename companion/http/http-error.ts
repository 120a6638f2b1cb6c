/** An answer other than 2xx, with the reason in words: the routes throw it, the error handler sends it. */
import type { z } from "zod";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: readonly string[],
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** Validate one part of a request; a 400 names each field and what is wrong with it. */
export function validated<T>(schema: z.ZodType<T>, value: unknown, part: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => `${[part, ...i.path.map(String)].join(".")}: ${i.message}`);
  throw new HttpError(400, `invalid ${part}`, details);
}
