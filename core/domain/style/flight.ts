import { ankleDrop, type Body } from "./legs.ts";

export type Flight = "yes" | "no" | "unclear";

/**
 * Flight phase judged against the runner's own ground line (one straight leg below the hip). Both ankles higher
 * than AIRBORNE of a leg below the hip: both feet are off the ground. A supporting leg is flexed 20–40° at the knee,
 * so a grounded ankle sits 0.82–1 leg below the hip (47 of 50 dev frames labelled "no" measure 0.82 or more).
 * Between the two a single frame cannot prove flight, and flight is the rare case (3 of 94 dev runners), so the call
 * is "no". One visible grounded foot (at GROUNDED or lower) settles "no" even when the other is hidden; otherwise
 * a hidden or cut ankle leaves it "unclear".
 */
export const AIRBORNE = 0.72;
export const GROUNDED = 0.82;

export function flightPhase(body: Body): Flight {
  const drops = body.legs.flatMap((l) => ankleDrop(l, body) ?? []);
  if (drops.some((d) => d >= GROUNDED)) return "no";
  if (drops.length < 2) return "unclear";
  return drops.every((d) => d < AIRBORNE) ? "yes" : "no";
}
