/**
 * One body found twice on one photo. In a pack the pose model, run on a person box, can land on the neighbour
 * whose body fills that crop: the record then has two runners with the same skeleton (and the same face, and the
 * bib read on that skeleton's torso), one of them under a box that is not theirs. For the photographer they are
 * one runner, so the link treats the two sightings as one person (unless they read two bibs that cannot be one:
 * then the second box's own torso was read, and it is someone else; or a face was searched in the box's own head,
 * not the skeleton's, and does not agree).
 * The analyzer now settles it at the source (poseKeepers, used by core/pipeline/person-gate.ts): the skeleton stays
 * on the box that holds it, so new records have no twins; the link's rule stays for records analyzed before.
 */
import { KEYPOINT_NAMES, type Box, type Keypoints } from "../analysis.ts";
import { iou } from "../persons.ts";

export interface TwinOptions {
  /** Keypoints this sure on both skeletons are compared. */
  readonly keypointSure: number;
  /** At least this many keypoints compared. */
  readonly minKeypoints: number;
  /** Twins when the median keypoint distance is at most this share of the taller skeleton's height. */
  readonly maxDistance: number;
  /** Skeletons shorter than this (normalised height) are not compared: too small to tell apart. */
  readonly minHeight: number;
  /** Both twins described a face: the two descriptors agree at least this much (one face, described twice). */
  readonly minFaceCosine: number;
}

/**
 * On the dev set, pairs of runners of one photo fall in two clusters by median keypoint distance over the taller
 * skeleton's height: 0.008–0.041 (the same skeleton twice: both poses of one body differ by a keypoint's jitter;
 * their faces' descriptors agree to cosine 0.9–1.0) and from 0.15 up (two runners side by side are at least a
 * shoulder width apart); four pairs fall between, at 0.054–0.097. maxDistance 0.05 keeps to the first cluster.
 * minKeypoints 5: a head and shoulders at least. keypointSure 0.3 as the runner look's regions.
 * minFaceCosine 0.8: one face described from two crops of it gives 0.89–1.00 on the dev twins; two people rarely
 * exceed 0.8 (people/similarity.ts).
 */
export const DEFAULT_TWIN_OPTIONS: TwinOptions = Object.freeze({
  keypointSure: 0.3,
  minKeypoints: 5,
  maxDistance: 0.05,
  minHeight: 0.02,
  minFaceCosine: 0.8,
});

/**
 * Whether two skeletons of one photo are the same body; `aspect` is the photo's height over its width (keypoints
 * are normalised per axis, distances are measured in width units).
 */
export function sameSkeleton(
  a: Keypoints,
  b: Keypoints,
  aspect: number,
  o: TwinOptions = DEFAULT_TWIN_OPTIONS,
): boolean {
  const both = KEYPOINT_NAMES.filter((n) => a[n][2] >= o.keypointSure && b[n][2] >= o.keypointSure);
  if (both.length < o.minKeypoints) return false;
  const height = Math.max(skeletonHeight(a, o), skeletonHeight(b, o)) * aspect;
  if (height < o.minHeight * aspect) return false;
  const distances = both
    .map((n) => Math.hypot(a[n][0] - b[n][0], (a[n][1] - b[n][1]) * aspect))
    .sort((x, y) => x - y);
  return distances[Math.floor(distances.length / 2)]! <= o.maxDistance * height;
}

/**
 * Whether the face searched for this skeleton was searched on its head: the face search looks where at least two
 * head keypoints are sure (core/domain/faces.ts headRegion), else in the top of the person's box, which for a twin
 * is someone else's head.
 */
export function headFromPose(k: Keypoints, o: TwinOptions = DEFAULT_TWIN_OPTIONS): boolean {
  return HEAD.filter((n) => k[n][2] >= o.keypointSure).length >= 2;
}

/**
 * How well a person box holds a skeleton, 0..1: the share of the skeleton's sure keypoints inside the box times the
 * overlap (intersection over union) of the box with the skeleton's extent. The box the body stands in scores high;
 * a neighbour's box the pose model strayed from (a sliver at the body's edge, or a box around someone behind) holds
 * few of its keypoints or is of another size.
 */
export function skeletonFit(box: Box, k: Keypoints, o: TwinOptions = DEFAULT_TWIN_OPTIONS): number {
  const sure = KEYPOINT_NAMES.filter((n) => k[n][2] >= o.keypointSure).map((n) => k[n]);
  if (sure.length === 0) return 0;
  const [x0, y0, x1, y1] = box;
  const inside = sure.filter(([x, y]) => x >= x0 && x <= x1 && y >= y0 && y <= y1).length / sure.length;
  const xs = sure.map((p) => p[0]);
  const ys = sure.map((p) => p[1]);
  const extent: Box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  return inside * iou(box, extent);
}

/**
 * Which persons of one photo keep their pose (same order as `persons`): when several skeletons are one body
 * (`sameSkeleton`), only the box that holds it best (`skeletonFit`) keeps it; the others lose it, so the face search,
 * the face description and the bib reading run once on that body, for the runner who is it.
 */
export function poseKeepers(
  persons: ReadonlyArray<{ readonly box: Box; readonly keypoints: Keypoints | null }>,
  aspect: number,
  o: TwinOptions = DEFAULT_TWIN_OPTIONS,
): boolean[] {
  const fit = persons.map((p) => (p.keypoints ? skeletonFit(p.box, p.keypoints, o) : 0));
  const order = persons.map((_, i) => i).sort((a, b) => fit[b]! - fit[a]!);
  const keep = persons.map((p) => p.keypoints !== null);
  const kept: Keypoints[] = [];
  for (const i of order) {
    const k = persons[i]!.keypoints;
    if (!k) continue;
    if (kept.some((other) => sameSkeleton(k, other, aspect, o))) keep[i] = false;
    else kept.push(k);
  }
  return keep;
}

const HEAD = ["nose", "left_eye", "right_eye", "left_ear", "right_ear"] as const;

function skeletonHeight(k: Keypoints, o: TwinOptions): number {
  const ys = KEYPOINT_NAMES.filter((n) => k[n][2] >= o.keypointSure).map((n) => k[n][1]);
  return ys.length === 0 ? 0 : Math.max(...ys) - Math.min(...ys);
}
