/**
 * Crop figures against the photographer's labels, defined exactly as shared/tools/dev-eval.py defines them
 * (crop_figures and naive()): runner fully inside (0.02 tolerance, only photos where a 4:5 frame can hold the
 * labelled runner), median IoU of the best 4:5 proposal, share of photos at IoU >= 0.8 — for our proposals and for
 * the naive baseline (largest person, 4:5 frame centred on it) from the same detections.
 */
import { basename } from "node:path";
import { z } from "zod";
import {
  type CropBox,
  type CropProposal,
  type CropRecord,
  proposeCrops,
} from "../../core/domain/crop/index.ts";
import type { Box } from "../../core/domain/analysis.ts";
import { iou } from "../../core/domain/persons.ts";
import { argmax, isPhotographersRunner } from "./scores.ts";

const NBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export const CropLabels = z.object({
  photos: z.array(
    z
      .object({
        file: z.string(),
        main_runner_box: NBox.nullable(),
        best_crop_4x5: NBox.nullable().optional(),
      })
      .loose(),
  ),
});
export type CropLabels = z.infer<typeof CropLabels>;

export type EvalRecord = CropRecord & { file: string };

export interface Figures {
  /** Share of photos (where a 4:5 frame can hold the labelled runner) whose crop holds it, 0.02 tolerance. */
  runnerInside: number;
  iouMedian: number;
  iouAtLeast08: number;
  /** Photos counted, and of them those where a 4:5 frame can hold the runner. */
  photos: number;
  canHold: number;
}

export interface CropFigures {
  ours: Figures;
  naive: Figures;
  /** Ours on the photos where the analysis's prominent runner is the photographer's (box IoU >= 0.5). */
  oursRightRunner: Figures;
  /** Per photo, for inspection: file, IoU ours, IoU naive, inside ours. */
  rows: { file: string; iou: number; naiveIou: number; inside: boolean | null }[];
}

const area = (b: readonly number[]) => (b[2]! - b[0]!) * (b[3]! - b[1]!);

/** dev-eval.py naive(): the largest person, a 4:5 frame 1.2x its size centred on it. */
export function naiveCrop(rec: CropRecord): CropBox | null {
  const rs = rec.runners;
  if (rs.length === 0) return null;
  const b = argmax(rs, (r) => area(r.box))!.box;
  const { width: W, height: H } = rec;
  const bw = (b[2] - b[0]) * W;
  const bh = (b[3] - b[1]) * H;
  let ch = Math.min(H, Math.max(bh * 1.2, (bw * 1.2) / 0.8));
  let cw = 0.8 * ch;
  if (cw > W) [cw, ch] = [W, W / 0.8];
  const x = Math.min(Math.max(0, ((b[0] + b[2]) / 2) * W - cw / 2), W - cw);
  const y = Math.min(Math.max(0, ((b[1] + b[3]) / 2) * H - ch / 2), H - ch);
  return [x / W, y / H, (x + cw) / W, (y + ch) / H];
}

/** dev-eval.py best_crop(): the highest-scoring 4:5 proposal. */
export function bestCrop(crops: readonly CropProposal[]): CropBox | null {
  const cs = crops.filter((c) => c.aspect === "4:5");
  return cs.length === 0 ? null : cs.reduce((b, c) => (c.score > b.score ? c : b)).box;
}

/** null when a 4:5 frame cannot hold the labelled runner (not counted), else whether the crop holds it. */
function holds(c: CropBox, gt: Box, W: number, H: number): boolean | null {
  const [cw, ch] = W / H >= 0.8 ? [0.8 * H, H] : [W, W / 0.8];
  if (!((gt[2] - gt[0]) * W <= cw * 1.02 && (gt[3] - gt[1]) * H <= ch * 1.02)) return null;
  return c[0] <= gt[0] + 0.02 && c[1] <= gt[1] + 0.02 && c[2] >= gt[2] - 0.02 && c[3] >= gt[3] - 0.02;
}

/** The median (0 for none), as dev-eval.py's statistics.median reads the crop IoUs. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function figures(rows: { c: CropBox | null; gt: Box; pc: Box; W: number; H: number }[]): Figures {
  let inside = 0;
  let n = 0;
  const ious = rows.map(({ c, gt, pc, W, H }) => {
    if (c === null) return 0;
    const h = holds(c, gt, W, H);
    if (h !== null) [n, inside] = [n + 1, inside + (h ? 1 : 0)];
    return iou(c, pc);
  });
  return {
    runnerInside: inside / Math.max(1, n),
    iouMedian: median(ious),
    iouAtLeast08: ious.filter((i) => i >= 0.8).length / Math.max(1, ious.length),
    photos: rows.length,
    canHold: n,
  };
}

/** Figures over the labelled running photos that have a record; propose defaults to proposeCrops. */
export function evaluateCrops(
  records: readonly EvalRecord[],
  labels: CropLabels,
  propose: (r: CropRecord) => readonly CropProposal[] = (r) => proposeCrops(r, { aspects: ["4:5"] }),
): CropFigures {
  const byName = new Map(records.map((r) => [basename(r.file), r]));
  const used = labels.photos.filter((p) => p.main_runner_box && p.best_crop_4x5 && byName.has(p.file));
  const ours = [];
  const naive = [];
  const right = [];
  const rows: CropFigures["rows"] = [];
  for (const p of used) {
    const rec = byName.get(p.file)!;
    const [gt, pc, W, H] = [p.main_runner_box!, p.best_crop_4x5!, rec.width, rec.height];
    const c = bestCrop(propose(rec));
    const nc = naiveCrop(rec);
    ours.push({ c, gt, pc, W, H });
    const prom = rec.prominent === null ? undefined : rec.runners[rec.prominent];
    if (prom && isPhotographersRunner(prom.box, gt)) right.push({ c, gt, pc, W, H });
    naive.push({ c: nc, gt, pc, W, H });
    rows.push({
      file: p.file,
      iou: c ? iou(c, pc) : 0,
      naiveIou: nc ? iou(nc, pc) : 0,
      inside: c ? holds(c, gt, W, H) : null,
    });
  }
  return { ours: figures(ours), naive: figures(naive), oursRightRunner: figures(right), rows };
}

export function formatFigures(f: CropFigures): string {
  const line = (x: Figures) =>
    `runner inside ${x.runnerInside.toFixed(2)} (of ${x.canHold}), IoU median ${x.iouMedian.toFixed(3)}, IoU >= 0.8 on ${x.iouAtLeast08.toFixed(2)}`;
  return [
    `4:5 crop over ${f.ours.photos} photos: ${line(f.ours)}`,
    `  naive centred on largest: ${line(f.naive)}`,
    `  ours where prominent = photographer's runner (${f.oursRightRunner.photos} photos): ${line(f.oursRightRunner)}`,
  ].join("\n");
}
