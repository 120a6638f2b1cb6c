import { z } from "zod";
import { FLAGS, type Flag } from "./flags.ts";

/** Lightroom's colour label names (xmp:Label of the default label set). */
export const LABEL_COLOURS = ["Red", "Yellow", "Green", "Blue", "Purple"] as const;

const share = z.number().min(0).max(1);

/**
 * How keeper scores become stars, rejects, a colour label and keywords. A user writes only what differs from the
 * defaults; `resolvePolicy` validates that partial and fills in the rest.
 */
export const Policy = z.object({
  stars: z.discriminatedUnion("mode", [
    z.object({
      /** Keeper score needed for 1…5 stars (ascending); below the first: 0 stars. */
      mode: z.literal("absolute"),
      thresholds: z.tuple([share, share, share, share, share]),
    }),
    z.object({
      /** Share of the shoot's scored photos at 5, 4 or more, 3 or more, 2 or more stars (ascending); the rest get 1. */
      mode: z.literal("relative"),
      topShares: z.tuple([share, share, share, share]),
    }),
  ]),
  reject: z.object({
    /** Any of these flags rejects the frame (rating −1). */
    flags: z.array(z.enum(FLAGS)),
    /** Keeper score below this rejects the frame too (0 = never). */
    belowKeeper: share,
  }),
  /** Optional colour label: which frames get it. */
  label: z
    .object({
      colour: z.enum(LABEL_COLOURS),
      when: z.enum(["burst-best", "five-stars", "celebration"]),
    })
    .nullable(),
  keywords: z.object({
    /** First level of every hierarchical keyword. */
    root: z
      .string()
      .min(1)
      .regex(/^[^|]+$/),
    /** Running style at or above these levels: excellent, good, ordinary (below: poor). */
    styleLevels: z.tuple([share, share, share]),
    style: z.boolean(),
    flags: z.boolean(),
    burst: z.boolean(),
  }),
});
export type Policy = z.infer<typeof Policy>;

/**
 * Defaults: relative stars — the top 10 % of a shoot get 5 stars, next 15 % 4, next 25 % 3, next 25 % 2 (a
 * photographer's usual delivery funnel); rejects for the failures no edit can save (no runner, nobody running,
 * motion blur); no colour label; style keywords at 0.7 / 0.55 / 0.4.
 */
export const DEFAULT_POLICY: Policy = deepFreeze(
  Policy.parse({
    stars: { mode: "relative", topShares: [0.1, 0.25, 0.5, 0.75] },
    // focus-missed is a flag and a keyword, not a reject: on race photos the crowd behind is often as sharp as the
    // runner, and on the dev set the flag fell on 4 keepers for 2 rejects.
    reject: { flags: ["no-runner", "not-running", "motion-blur"], belowKeeper: 0 },
    label: null,
    keywords: { root: "Stridelight", styleLevels: [0.7, 0.55, 0.4], style: true, flags: true, burst: true },
  }),
);

/** What a user may write: any subset of the policy, section by section. */
export const PolicyOverrides = z.object({
  stars: Policy.shape.stars.optional(),
  reject: Policy.shape.reject.partial().optional(),
  label: Policy.shape.label.optional(),
  keywords: Policy.shape.keywords.partial().optional(),
});
export type PolicyOverrides = z.infer<typeof PolicyOverrides>;

/** Validates a user's partial policy and fills the rest from the defaults; errors name the offending field. */
export function resolvePolicy(input: unknown): z.ZodSafeParseResult<Policy> {
  const parsed = PolicyOverrides.safeParse(input ?? {});
  if (!parsed.success) return parsed as z.ZodSafeParseResult<never>;
  const o = parsed.data;
  return Policy.safeParse({
    stars: o.stars ?? DEFAULT_POLICY.stars,
    reject: { ...DEFAULT_POLICY.reject, ...o.reject },
    label: o.label === undefined ? DEFAULT_POLICY.label : o.label,
    keywords: { ...DEFAULT_POLICY.keywords, ...o.keywords },
  });
}

/**
 * Stars for a photo that has no shoot to stand in (scored alone, or in a shoot of fewer kept frames than
 * `relativeFrom`): ranking a single frame would give it five stars whatever it is, so it gets these absolute
 * thresholds instead.
 */
export const ALONE_THRESHOLDS = Object.freeze<[number, number, number, number, number]>([
  0.3, 0.45, 0.6, 0.75, 0.88,
]);

/**
 * The shoot a photo belongs to for relative stars: its folder and its capture day (the camera's own date), so a
 * photo ranks against the same frames whichever others happen to be scored with it. Pure string work.
 */
export function shootOf(file: string, captureTime: string | null | undefined): string {
  const slash = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  const folder = slash < 0 ? "" : file.slice(0, slash);
  const day = captureTime && /^\d{4}-\d{2}-\d{2}/.test(captureTime) ? captureTime.slice(0, 10) : "";
  return `${folder}|${day}`;
}

/** What the policy needs to know of one scored photo. */
export interface PolicyPhoto {
  /** The shoot it is ranked in (shootOf); photos without one form one shoot together. */
  readonly shoot?: string;
  readonly keeper: number;
  readonly flags: readonly Flag[];
  readonly runningStyle: number | null;
  readonly handsAboveHead: boolean;
  readonly burst: { readonly best: boolean; readonly size: number };
}

export interface Verdict {
  /** −1 = rejected, 0–5 stars. */
  readonly rating: number;
  readonly label: string | null;
  readonly keywords: string[];
}

/** Applies the policy to a whole shoot (relative stars need every photo's keeper score). */
export function applyPolicy(photos: readonly PolicyPhoto[], policy: Policy): Verdict[] {
  const rejected = photos.map((p) => isRejected(p, policy));
  const keptByShoot = new Map<string, number[]>();
  photos.forEach((p, i) => {
    if (rejected[i]) return;
    const key = p.shoot ?? "";
    keptByShoot.set(key, [...(keptByShoot.get(key) ?? []), p.keeper]);
  });
  return photos.map((p, i) => {
    const rating = rejected[i] ? -1 : stars(p.keeper, keptByShoot.get(p.shoot ?? "") ?? [], policy);
    return { rating, label: colourLabel(p, rating, policy), keywords: keywords(p, policy) };
  });
}

function isRejected(p: PolicyPhoto, policy: Policy): boolean {
  return p.flags.some((f) => policy.reject.flags.includes(f)) || p.keeper < policy.reject.belowKeeper;
}

/**
 * Fewest kept frames a shoot needs for relative stars: enough for the top tier's share to hold one whole frame (10
 * at the default 10 %). Fewer, and a standing is a coin toss: of two frames 0.01 apart one gets five stars and the
 * other two, and the keeper's own noise swaps them (`npm run eval:resaves`: a re-saved copy moves the keeper by 0.12 or
 * more in a tenth of the dev photos). Such a shoot gets the stars a frame alone gets.
 */
export function relativeFrom(topShares: readonly number[]): number {
  const top = topShares[0] ?? 0;
  return top > 0 ? Math.max(2, Math.ceil(1 / top - 1e-9)) : 2;
}

/** Stars of one keeper score, against absolute thresholds or its standing among the shoot's non-rejected frames. */
export function stars(keeper: number, shoot: readonly number[], policy: Policy): number {
  const s = policy.stars;
  if (s.mode === "absolute") return s.thresholds.filter((t) => keeper >= t).length;
  if (shoot.length < relativeFrom(s.topShares)) return ALONE_THRESHOLDS.filter((t) => keeper >= t).length;
  // Share of the shoot strictly better than this frame: ties share the higher rating.
  const above = shoot.filter((k) => k > keeper).length / Math.max(1, shoot.length);
  const level = s.topShares.findIndex((top) => above < top);
  return level === -1 ? 1 : 5 - level;
}

function colourLabel(p: PolicyPhoto, rating: number, policy: Policy): string | null {
  const l = policy.label;
  if (!l || rating < 0) return null;
  const applies =
    (l.when === "burst-best" && p.burst.best && p.burst.size > 1) ||
    (l.when === "five-stars" && rating === 5) ||
    (l.when === "celebration" && p.handsAboveHead);
  return applies ? l.colour : null;
}

/** Hierarchical keywords: root|style|<level>, root|flag|<flag>, root|burst|best, root|celebration. */
export function keywords(p: PolicyPhoto, policy: Policy): string[] {
  const k = policy.keywords;
  const out: string[] = [];
  if (k.style && p.runningStyle !== null)
    out.push(`${k.root}|style|${styleLevel(p.runningStyle, k.styleLevels)}`);
  if (k.style && p.handsAboveHead) out.push(`${k.root}|style|celebration`);
  if (k.flags) out.push(...p.flags.map((f) => `${k.root}|flag|${f}`));
  if (k.burst && p.burst.size > 1) out.push(`${k.root}|burst|${p.burst.best ? "best" : "other"}`);
  return out;
}

function styleLevel(score: number, [excellent, good, ordinary]: readonly [number, number, number]): string {
  if (score >= excellent) return "excellent";
  if (score >= good) return "good";
  if (score >= ordinary) return "ordinary";
  return "poor";
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
