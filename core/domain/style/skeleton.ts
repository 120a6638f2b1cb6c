import type { KeypointName, Keypoints } from "../analysis.ts";

/** A keypoint in pixels of the displayed frame (so angles are true angles), with its confidence. */
export interface Joint {
  readonly x: number;
  readonly y: number;
  readonly score: number;
}

export interface Frame {
  readonly width: number;
  readonly height: number;
}

/**
 * Below this MoveNet confidence a joint is treated as not seen: on runner crops real joints score 0.3–0.85, guessed
 * (occluded) ones mostly below 0.2.
 */
export const MIN_JOINT_SCORE = 0.2;
/** A joint this far outside the frame (normalised) is cut by the frame, not merely near the edge. */
const FRAME_MARGIN = 0.01;

export type Skeleton = Partial<Record<KeypointName, Joint>>;

/** The joints we trust, in pixels; cut-off and low-confidence joints are left out. */
export function toSkeleton(keypoints: Keypoints, frame: Frame): Skeleton {
  const out: Skeleton = {};
  for (const [name, [x, y, score]] of Object.entries(keypoints) as Array<
    [KeypointName, [number, number, number]]
  >) {
    const inside = x >= -FRAME_MARGIN && x <= 1 + FRAME_MARGIN && y >= -FRAME_MARGIN && y <= 1 + FRAME_MARGIN;
    if (inside && score >= MIN_JOINT_SCORE) out[name] = { x: x * frame.width, y: y * frame.height, score };
  }
  return out;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
export const midpoint = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/** Angle at b of the path a–b–c, in degrees (180 = straight). */
export function jointAngle(a: Point, b: Point, c: Point): number {
  const u = { x: a.x - b.x, y: a.y - b.y };
  const v = { x: c.x - b.x, y: c.y - b.y };
  const den = Math.hypot(u.x, u.y) * Math.hypot(v.x, v.y);
  if (den === 0) return 180;
  return (Math.acos(Math.max(-1, Math.min(1, (u.x * v.x + u.y * v.y) / den))) * 180) / Math.PI;
}

/** Angle between two directions, in degrees (0–180). */
export function angleBetween(u: Point, v: Point): number {
  return jointAngle({ x: u.x, y: u.y }, { x: 0, y: 0 }, { x: v.x, y: v.y });
}

export const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
