import { distance, midpoint, type Joint, type Point, type Skeleton } from "./skeleton.ts";

export interface Leg {
  readonly side: "left" | "right";
  readonly hip: Joint;
  readonly knee: Joint | undefined;
  /** Seen, or continued straight from the thigh when hidden or cut (see `ankleSeen`). */
  readonly ankle: Joint | undefined;
  /** False when `ankle` is a continuation of the thigh, not a joint the pose saw. */
  readonly ankleSeen: boolean;
}

/**
 * The runner's body measured from the pose: both legs, the pelvis and shoulder centres, and the reference lengths
 * every leg feature is divided by so that a small runner and a large one are judged alike.
 */
export interface Body {
  readonly legs: readonly Leg[];
  readonly pelvis: Point | undefined;
  readonly shoulders: Point | undefined;
  /** Thigh length, the longest seen in this frame (a thigh pointing at the camera looks short). */
  readonly thigh: number;
  /** Hip-to-ankle length of a straight leg: where the runner's own ground line lies below the hip. */
  readonly leg: number;
}

/** Thigh ≈ 0.8 × torso (shoulder–hip) for adults (Drillis & Contini segment ratios: 0.245 H vs 0.30 H). */
const THIGH_PER_TORSO = 0.8;
/** Shank ≈ thigh (0.246 H vs 0.245 H): a straight leg is about two thighs long. */
const LEG_PER_THIGH = 2;

export function measureBody(s: Skeleton): Body | undefined {
  const legs = (["left", "right"] as const).flatMap((side): Leg[] => {
    const hip = s[`${side}_hip`];
    const knee = s[`${side}_knee`];
    const ankle = s[`${side}_ankle`];
    if (!hip) return [];
    return [
      { side, hip, knee, ankle: ankle ?? (knee && continueThigh(hip, knee)), ankleSeen: ankle !== undefined },
    ];
  });
  const pelvis = s.left_hip && s.right_hip ? midpoint(s.left_hip, s.right_hip) : legs[0]?.hip;
  const shoulders =
    s.left_shoulder && s.right_shoulder
      ? midpoint(s.left_shoulder, s.right_shoulder)
      : (s.left_shoulder ?? s.right_shoulder);
  const torso = pelvis && shoulders ? distance(pelvis, shoulders) : 0;
  const thighs = legs.flatMap((l) => (l.knee ? [distance(l.hip, l.knee)] : []));
  const thigh = Math.max(THIGH_PER_TORSO * torso, ...thighs, 0);
  if (thigh <= 0) return undefined;
  const fullLegs = legs.flatMap((l) =>
    l.knee && l.ankle && l.ankleSeen ? [distance(l.hip, l.knee) + distance(l.knee, l.ankle)] : [],
  );
  return { legs, pelvis, shoulders, thigh, leg: Math.max(LEG_PER_THIGH * thigh, ...fullLegs) };
}

/** How high the knee is lifted: 0 = thigh hanging straight down, 1 = thigh horizontal (or higher). */
export function kneeLift(leg: Leg, body: Body): number | undefined {
  if (!leg.knee) return undefined;
  return Math.max(0, 1 - (leg.knee.y - leg.hip.y) / body.thigh);
}

/**
 * How far the foot is from where it would stand (straight below the hip on the ground line), in leg lengths:
 * ~0 for the support foot, large for a foot driven forward, kicked up or extended behind.
 */
export function footTravel(leg: Leg, body: Body): number | undefined {
  if (!leg.ankle) return undefined;
  return distance(leg.ankle, { x: leg.hip.x, y: leg.hip.y + body.leg }) / body.leg;
}

/** How far below the hip the seen ankle is, in straight-leg lengths (~0.9–1 when the foot is on the ground). */
export function ankleDrop(leg: Leg, body: Body): number | undefined {
  return leg.ankle && leg.ankleSeen ? (leg.ankle.y - leg.hip.y) / body.leg : undefined;
}

/** The swing (driving) leg is the one whose knee is lifted higher; the other is the trailing or support leg. */
export function swingAndOther(body: Body): { swing: Leg; other: Leg | undefined } | undefined {
  const withKnee = body.legs.filter((l) => l.knee);
  if (withKnee.length === 0) return undefined;
  const sorted = [...withKnee].sort((a, b) => (kneeLift(b, body) ?? 0) - (kneeLift(a, body) ?? 0));
  return { swing: sorted[0]!, other: sorted[1] };
}

/**
 * A hidden ankle guessed as the thigh continued by one thigh length (shank ≈ thigh): the leg's stride is then still
 * judged, with less confidence, instead of the score dropping to neutral because one foot is behind another runner.
 * A real trailing leg is flexed, so the guess understates its extension rather than inventing one.
 */
function continueThigh(hip: Joint, knee: Joint): Joint {
  return { x: 2 * knee.x - hip.x, y: 2 * knee.y - hip.y, score: 0 };
}
