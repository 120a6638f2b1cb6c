import { ankleDrop, footTravel, kneeLift, type Body, type Leg } from "./legs.ts";
import { angleBetween, clamp01, distance, jointAngle, type Skeleton } from "./skeleton.ts";

/**
 * One running-style feature measured on the pose: a value in 0–1 and the share (0–1) of the joints it needs that
 * were seen. Undefined when nothing could be measured (e.g. both knees hidden).
 */
export interface Measure {
  readonly value: number;
  readonly seen: number;
}

const kneesSeen = (legs: readonly Leg[]) => legs.filter((l) => l.knee).length / 2;
const anklesSeen = (legs: readonly Leg[]) => legs.filter((l) => l.ankle && l.ankleSeen).length / 2;

/**
 * Thigh lifted toward horizontal: 1 when the higher knee reaches 60 % of a horizontal thigh (a sprinter's drive). In
 * profile (`direction` set) the knee's rise shows it; toward or away from the camera the thigh's foreshortening does.
 */
export function kneeDrive(body: Body, direction?: 1 | -1): Measure | undefined {
  const toCamera = direction === undefined ? foreshortenedLift(body) : undefined;
  if (toCamera !== undefined) return { value: clamp01(toCamera / 0.6), seen: 1 };
  const lifts = body.legs.flatMap((l) => kneeLift(l, body) ?? []);
  if (lifts.length === 0) return undefined;
  return { value: clamp01(Math.max(...lifts) / 0.6), seen: kneesSeen(body.legs) };
}

/**
 * Toward (or away from) the camera a thigh driven forward points along the line of sight: its knee barely rises in
 * the picture, but the thigh looks short. Against the other thigh (the support leg, near vertical and seen at full
 * length) the shorter one's lift is acos(short / long) as a share of horizontal. Read against each other the two
 * thighs need no reference length. On the 71 full-length dev photos taken from the front, the knee-drive term's
 * Spearman with the photographer's form rating went from 0.08 (the knee's rise) to 0.26; the style's from 0.44 to
 * 0.45 on all 85 (held out by source on the re-saved copies 0.476 -> 0.481), nothing fitted. Undefined unless both
 * knees are seen: a thigh against a hidden one says nothing.
 */
function foreshortenedLift(body: Body): number | undefined {
  const thighs = body.legs.flatMap((l) => (l.knee ? [distance(l.hip, l.knee)] : []));
  if (thighs.length < 2) return undefined;
  const longest = Math.max(...thighs);
  if (longest <= 0) return undefined;
  return Math.acos(Math.min(1, Math.min(...thighs) / longest)) / (Math.PI / 2);
}

/**
 * Thigh separation: the angle between the two thighs (side view, 60° = 1) or, toward the camera where that angle
 * collapses, the difference in knee height (half a thigh = 1) or the angle the shorter thigh's foreshortening says it
 * leaves the other by (foreshortenedLift, as the knee drive reads it), whichever says more. Toward the camera the
 * thighs part along the line of sight, so the picture shows little of either of the first two: on the 70 full-length
 * dev photos not taken in profile the term's Spearman with the form rating was 0.03–0.12 on the originals and three
 * re-saved copies, 0.11–0.20 with the foreshortening; nothing fitted.
 */
export function strideAngle(body: Body, direction?: 1 | -1): Measure | undefined {
  const [a, b] = body.legs;
  if (!a?.knee || !b?.knee) return undefined;
  const angle = angleBetween(
    { x: a.knee.x - a.hip.x, y: a.knee.y - a.hip.y },
    { x: b.knee.x - b.hip.x, y: b.knee.y - b.hip.y },
  );
  const lift = Math.abs((kneeLift(a, body) ?? 0) - (kneeLift(b, body) ?? 0));
  const parted = direction === undefined ? (foreshortenedLift(body) ?? 0) * 90 : 0;
  return { value: clamp01(Math.max(angle / 60, lift / 0.5, parted / 60)), seen: 1 };
}

/** Feet apart, in leg lengths: a shuffle keeps them under 0.2, an open stride spreads them 0.7 or more. */
export function strideOpen(body: Body): Measure | undefined {
  const [a, b] = body.legs;
  if (!a?.ankle || !b?.ankle) return undefined;
  const apart = Math.hypot(a.ankle.x - b.ankle.x, a.ankle.y - b.ankle.y) / body.leg;
  return { value: clamp01(apart / 0.7), seen: anklesSeen(body.legs) };
}

/**
 * Trailing leg extended behind (toe-off) or heel kicked up. In profile: how far the rearmost ankle is behind the hip
 * (0.4 leg = 1). Toward the camera "behind" is invisible, so the trailing foot shows as the foot that has left its
 * stance position the most (0.6 leg = 1).
 */
export function trailingLeg(body: Body, direction: 1 | -1 | undefined): Measure | undefined {
  const legs = body.legs.filter((l) => l.ankle);
  if (legs.length === 0) return undefined;
  const seen = anklesSeen(body.legs);
  if (direction !== undefined) {
    const behind = Math.max(...legs.map((l) => ((l.hip.x - l.ankle!.x) * direction) / body.leg));
    // One ankle seen and it is not behind: the trailing foot is the hidden one, so nothing was measured.
    if (legs.length < 2 && behind <= 0) return undefined;
    return { value: clamp01(behind / 0.4), seen };
  }
  return { value: clamp01(Math.max(...legs.map((l) => footTravel(l, body) ?? 0)) / 0.6), seen };
}

/** Bent over: 0 up to 20° of trunk lean from vertical, 1 at 50° (bent double); a runner's lean is 5–15°. */
export function trunkLean(body: Body): Measure | undefined {
  if (!body.pelvis || !body.shoulders) return undefined;
  const lean = angleBetween(
    { x: body.shoulders.x - body.pelvis.x, y: body.shoulders.y - body.pelvis.y },
    { x: 0, y: -1 },
  );
  return { value: clamp01((lean - 20) / 30), seen: 1 };
}

/**
 * Overstride: a nearly straight leg (knee > 160°) whose foot lands far ahead of the hip (0.2 leg → 0, 0.4 → 1) and
 * low (near the ground line). Only visible in profile: toward the camera it reads 0 with full sight, by design.
 */
export function overstride(body: Body, direction: 1 | -1 | undefined): Measure | undefined {
  // A guessed ankle continues the thigh in a straight line: it would always read as a straight leg.
  const legs = body.legs.filter((l) => l.knee && l.ankle && l.ankleSeen);
  if (direction === undefined) return { value: 0, seen: 1 };
  if (legs.length === 0) return undefined;
  const worst = Math.max(
    ...legs.map((l) => {
      const straight = clamp01((jointAngle(l.hip, l.knee!, l.ankle!) - 150) / 15);
      const ahead = clamp01((((l.ankle!.x - l.hip.x) * direction) / body.leg - 0.2) / 0.2);
      const low = (ankleDrop(l, body) ?? 0) > 0.8 ? 1 : 0;
      return straight * ahead * low;
    }),
  );
  return { value: worst, seen: legs.length / 2 };
}

/** Arms carried bent near 90° at the elbow (1); hanging straight or clenched shut reads 0 (±70° away). */
export function armCarriage(s: Skeleton): Measure | undefined {
  const arms = (["left", "right"] as const).flatMap((side) => {
    const [sh, el, wr] = [s[`${side}_shoulder`], s[`${side}_elbow`], s[`${side}_wrist`]];
    return sh && el && wr ? [clamp01(1 - Math.abs(jointAngle(sh, el, wr) - 90) / 70)] : [];
  });
  if (arms.length === 0) return undefined;
  return { value: arms.reduce((a, b) => a + b, 0) / arms.length, seen: arms.length / 2 };
}

/** Both wrists above the top of the head (a finish-line celebration). The crown sits ~0.4 nose-to-shoulder above the eyes. */
export function handsAboveHead(s: Skeleton): boolean {
  const head = [s.nose, s.left_eye, s.right_eye, s.left_ear, s.right_ear].filter((j) => j !== undefined);
  const shoulder = s.left_shoulder ?? s.right_shoulder;
  if (!s.left_wrist || !s.right_wrist || head.length === 0 || !shoulder) return false;
  const eyes = Math.min(...head.map((j) => j.y));
  const crown = eyes - 0.4 * Math.max(0, shoulder.y - eyes);
  return s.left_wrist.y < crown && s.right_wrist.y < crown;
}
