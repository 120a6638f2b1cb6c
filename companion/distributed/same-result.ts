/**
 * Results from the queue's workers and from the embedded pool are the same analysis when they agree on everything
 * but how long each stage took: what a kill demo and the tests compare.
 */
export function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "timings")
        .map(([k, v]) => [k, withoutTimings(v)]),
    );
  return value;
}
