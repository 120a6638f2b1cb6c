/**
 * Finds the crop of one aspect ratio: start from the prior's ideal crop, then try nearby sizes and positions (always
 * inside the photo: we never pad) and keep the one with the lowest cost = rule penalties + distance from the ideal.
 */
import type { Subject } from "./compose.ts";
import { sizeOf } from "./compose.ts";
import { scaleInFrame, type CropTargets } from "./features.ts";
import type { PxBox } from "./geometry.ts";
import type { CropPrior } from "./prior.ts";
import { type RuleCheck, checkRules, penalty } from "./rules.ts";

export interface SearchResult {
  crop: PxBox;
  check: RuleCheck;
  penalty: number;
}

/** How far from the ideal a candidate may drift before it costs as much as one cut joint (hand-set). */
const SIGMA_POSITION = 0.08;
const SIGMA_SCALE = 0.08;
const SCALES = [0.92, 0.96, 1, 1.04, 1.08, 1.14, 1.22, 1.32, 1.45, 1.6];
const SHIFTS = [-0.3, -0.2, -0.14, -0.1, -0.06, -0.03, 0, 0.03, 0.06, 0.1, 0.14, 0.2, 0.3];

/** A crop of this ratio and height centred at (cx, cy), shrunk to fit and slid back inside the photo. */
export function placeCrop(cx: number, cy: number, ch: number, ratio: number, W: number, H: number): PxBox {
  let h = Math.min(ch, H);
  if (h * ratio > W) h = W / ratio;
  const w = h * ratio;
  const x0 = Math.min(Math.max(0, cx - w / 2), W - w);
  const y0 = Math.min(Math.max(0, cy - h / 2), H - h);
  return [x0, y0, x0 + w, y0 + h];
}

/**
 * The prior's crop: targets applied to the subject, widened so the runner's width fits with side margins. When
 * the photo cannot give that much room, the frame hangs from the head (head room kept) and centres on the torso:
 * a partial framing keeps head and torso and lets the legs or arms go.
 */
export function idealCrop(
  s: Subject,
  ratio: number,
  t: CropTargets,
  prior: CropPrior,
  W: number,
  H: number,
): PxBox {
  const { w, h } = sizeOf(s.box);
  const framed = Math.max(scaleInFrame(t.logScale, s.box, H) * h, (w + 2 * prior.sideMargin * h) / ratio);
  const headToEdge = H - s.headTop + prior.headRoom * h;
  const toEdge = feetNearBottomEdge(s, prior, H);
  const ch = toEdge ? Math.max(framed, headToEdge) : framed;
  const fit = placeCrop(0, 0, ch, ratio, W, H);
  const [fw, fh] = [fit[2] - fit[0], fit[3] - fit[1]];
  const tooWide = w > fw;
  const cx = tooWide ? (s.core[0] + s.core[2]) / 2 : (s.box[0] + s.box[2]) / 2 + t.shiftX * ch * ratio;
  const cy = toEdge && headToEdge <= fh ? H - fh / 2 : verticalCentre(s, t, prior, ch, fh);
  return placeCrop(cx, cy, ch, ratio, W, H);
}

/**
 * Feet neither model saw end somewhere below our estimate; when the photo's bottom edge is within a shoe's reach of
 * it, the crop reaches down to the edge (as photographers do whenever the feet nearly touch it) rather than risk
 * cutting the toes, growing as much as the head's room needs.
 */
function feetNearBottomEdge(s: Subject, prior: CropPrior, H: number): boolean {
  return s.feetUnseen && H - s.box[3] <= prior.edgeReach * sizeOf(s.box).h;
}

/**
 * Where the crop's centre goes vertically. A runner that fits with head room is placed by the prior. One that fits
 * only without it keeps the feet and gives up the room above the head (what photographers do: a tight top costs
 * less than cut feet). One whose body does not fit at all hangs from the head and lets the legs go.
 */
function verticalCentre(s: Subject, t: CropTargets, prior: CropPrior, ch: number, fh: number): number {
  const h = sizeOf(s.box).h;
  const room = prior.headRoom * h;
  if (h + room <= fh) return (s.box[1] + s.box[3]) / 2 + t.shiftY * ch;
  if (s.box[3] - s.headTop <= fh) return s.box[3] - fh / 2;
  return s.headTop - room + fh / 2;
}

function drift(c: PxBox, ideal: PxBox): number {
  const iw = ideal[2] - ideal[0];
  const ih = ideal[3] - ideal[1];
  const dx = ((c[0] + c[2]) / 2 - (ideal[0] + ideal[2]) / 2) / iw;
  const dy = ((c[1] + c[3]) / 2 - (ideal[1] + ideal[3]) / 2) / ih;
  const ds = Math.log((c[3] - c[1]) / ih);
  return (dx * dx + dy * dy) / SIGMA_POSITION ** 2 / 2 + (ds * ds) / SIGMA_SCALE ** 2 / 2;
}

function candidates(ideal: PxBox, ratio: number, W: number, H: number): PxBox[] {
  const cx = (ideal[0] + ideal[2]) / 2;
  const cy = (ideal[1] + ideal[3]) / 2;
  const out: PxBox[] = [];
  for (const f of SCALES) {
    const ch = (ideal[3] - ideal[1]) * f;
    for (const sx of SHIFTS)
      for (const sy of SHIFTS) out.push(placeCrop(cx + sx * ch * ratio, cy + sy * ch, ch, ratio, W, H));
  }
  return out;
}

/**
 * Crops whose edges sit on the runner's own limits (head top with head room, feet, torso ends, sides): where a
 * rule binds, the best crop usually touches one of these lines, which a coarse grid would step over.
 */
function snapped(s: Subject, ideal: PxBox, ratio: number, prior: CropPrior, W: number, H: number): PxBox[] {
  const h = sizeOf(s.box).h;
  const ch = ideal[3] - ideal[1];
  const cw = ch * ratio;
  const cx = (ideal[0] + ideal[2]) / 2;
  const cy = (ideal[1] + ideal[3]) / 2;
  const tops = [s.headTop - prior.headRoom * h, s.box[1], s.core[1]].map((t) => t + ch / 2);
  const bottoms = [s.box[3], s.core[3] + prior.limbMargin * h].map((b) => b - ch / 2);
  const lefts = [s.box[0] - prior.sideMargin * h, s.core[0]].map((l) => l + cw / 2);
  const rights = [s.box[2] + prior.sideMargin * h, s.core[2]].map((r) => r - cw / 2);
  const ys = [cy, ...tops, ...bottoms];
  const xs = [cx, ...lefts, ...rights];
  return xs.flatMap((x) => ys.map((y) => placeCrop(x, y, ch, ratio, W, H)));
}

export function searchCrop(
  s: Subject,
  ideal: PxBox,
  ratio: number,
  prior: CropPrior,
  W: number,
  H: number,
): SearchResult {
  let best: SearchResult & { cost: number } = {
    crop: ideal,
    check: checkRules(s, ideal, prior, W, H),
    penalty: 0,
    cost: Infinity,
  };
  for (const c of [ideal, ...snapped(s, ideal, ratio, prior, W, H), ...candidates(ideal, ratio, W, H)]) {
    const check = checkRules(s, c, prior, W, H);
    const p = penalty(check);
    const cost = p + 0.6 * drift(c, ideal);
    if (cost < best.cost) best = { crop: c, check, penalty: p, cost };
  }
  return { crop: best.crop, check: best.check, penalty: best.penalty };
}
