/**
 * The composition prior: how a race photographer frames the prominent runner, as a handful of interpretable numbers.
 * Lengths are fractions of the runner's height (detector box grown by its keypoints), positions fractions of the crop.
 *
 * FITTED by companion/eval/fit-crops.ts: coordinate descent on a coarse grid (scale 1.04–1.23, verticalShift ±0.03,
 * leadRoom 0–0.25), maximising the mean IoU of the best 4:5 proposal with the photographer's best_crop_4x5 over the
 * labelled running photos of shared/data/dev, on the real `stridelight score` records (onnxruntime centernet +
 * MoveNet), with scaleBySize held at its hand-set value:
 *   scale 1.16           — the photographer leaves ~7 % of the crop above and below a runner filling 70 % of the
 *     frame; leave-one-source-out folds choose 1.14–1.16;
 *   verticalShift 0      — the runner is centred vertically (the photo's edge moves it where it must);
 *   leadRoom 0.12        — times how side-on the runner is (Subject.sideOn): a runner crossing the frame gets lead
 *     room, one coming at the camera is centred even when its head turns (folds: 0.04–0.12).
 * scaleBySize −0.2 is SET BY HAND from a composition model, not fitted: the photographer leaves about the same room
 * in frame units whatever the runner's size (crop = runner + m, so scale = 1 + m / size), whose log-slope at the
 * reference size is −(scale − 1) / (size · scale) ≈ −0.18. Fitted per source it swung from −0.6 to −0.2 (one source's
 * photos do not pin it down) and the held-out crops lost most there: leave-one-source-out IoU median 0.897 fitted,
 * 0.912 held at −0.2 (0.904–0.912 for any value from −0.1 to −0.4; `npm run eval`, README "Crops").
 * SET BY HAND (conventions, not fitted: too few dev photos exercise them to fit them honestly):
 *   everything else; each comment says why. footMargin is a measurement (ankle keypoint to the photographer's
 *   runner-box bottom), not a fit of the crop figures.
 */
/** Runner height / frame height at which `scale` applies as is: about the dev photos' median. */
export const SIZE_REFERENCE = 0.7;

export interface CropPrior {
  /** Crop height / subject height for a runner filling SIZE_REFERENCE of the frame height (fitted). */
  scale: number;
  /**
   * How the margin shrinks as the runner fills more of the frame: log(scale) changes by this much per unit of
   * (runner height / frame height − SIZE_REFERENCE) (set by hand, see above; negative = a far runner gets
   * relatively more room).
   */
  scaleBySize: number;
  /** Crop centre below (+) or above (−) the subject centre, as a fraction of the crop height (fitted). */
  verticalShift: number;
  /** Crop centre ahead of the subject centre in the running direction, fraction of crop width (fitted). */
  leadRoom: number;
  /** Least free space each side of the subject, fraction of the subject height (hand: keeps elbows off the edge). */
  sideMargin: number;
  /** Least space above the head, fraction of the subject height (hand: the tightest head room photographers keep). */
  headRoom: number;
  /** Keypoints below this confidence are ignored (hand: MoveNet on a person crop gives 0.5–0.85 to visible joints). */
  minKeypointScore: number;
  /** Body beyond a keypoint (hands past wrists, elbows, knees), fraction of runner height (hand, anatomy). */
  limbMargin: number;
  /**
   * Shoe below the ankle keypoint, fraction of runner height (measured: on the dev photos the photographer's runner
   * box ends 0.05–0.12, median 0.09, below the lowest confident ankle; a pointed toe at toe-off reaches furthest).
   */
  footMargin: number;
  /**
   * Hip-to-sole over nose-to-hip, for legs the pose did not see at all (hand, anatomy: hip joint ~0.52 and nose ~0.92
   * of standing height give 1.3; a running stride folds the legs a little).
   */
  legToTorso: number;
  /** Keypoints may widen the detector's box by at most this (fraction of runner height; hand: a hand's length). */
  maxKeypointReach: number;
  /** Head top above the highest face keypoint, fraction of runner height (hand, anatomy: ~half a head). */
  headMargin: number;
  /**
   * Feet neither model saw (the detector's box ends at the ankles) this close to the photo's bottom edge, fraction of
   * runner height: the crop takes the edge (hand: on the dev photos the photographer's runner box ends up to 0.15
   * below such an ankle, a shoe's length; photographers mostly take the edge when the feet nearly touch it: 51 of the
   * 63 dev crops whose runner ends within 0.03 of the bottom). Dev figures are flat for 0.15–0.3.
   */
  edgeReach: number;
  /** Nose ahead of the ear by this fraction of runner height = head in profile (hand: ~1/3 of a head width). */
  profileOffset: number;
  /** A crop edge closer than this to a joint (fraction of runner height) cuts at the joint (hand: ~a joint's size). */
  jointBand: number;
  /** Companion rule: horizontal gap, least height ratio, feet-line difference (fractions of runner height; hand). */
  groupGap: number;
  groupMinHeight: number;
  groupFeetLine: number;
}

export const CROP_PRIOR: CropPrior = {
  scale: 1.16,
  scaleBySize: -0.2,
  verticalShift: 0,
  leadRoom: 0.12,
  sideMargin: 0.06,
  headRoom: 0.03,
  minKeypointScore: 0.35,
  limbMargin: 0.03,
  footMargin: 0.09,
  legToTorso: 1.2,
  maxKeypointReach: 0.08,
  headMargin: 0.06,
  edgeReach: 0.2,
  profileOffset: 0.02,
  jointBand: 0.025,
  groupGap: 0.05,
  groupMinHeight: 0.85,
  groupFeetLine: 0.1,
};
