/** Lay a user's partial config over the defaults: objects merge key by key, everything else replaces. */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function mergeOver(defaults: unknown, partial: unknown): unknown {
  if (partial === undefined) return structuredClone(defaults);
  if (!isPlainObject(defaults) || !isPlainObject(partial)) return partial;
  const merged: Record<string, unknown> = structuredClone(defaults);
  for (const [key, value] of Object.entries(partial)) merged[key] = mergeOver(defaults[key], value);
  return merged;
}
