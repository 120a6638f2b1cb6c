/** BlazeFace (back-camera model) as the face finder on a runner's head region. */
import type { ModelRunner, RgbImage, TensorData } from "../../domain/ports.ts";
import { decodeBestFace, FACE_DETECT_INPUT, faceAnchors, MIN_HEAD_PX } from "../../domain/faces.ts";
import { cropResize, type Region } from "../../domain/raster.ts";
import type { Point } from "../../domain/style/skeleton.ts";
import { nhwc, runOne } from "./tensors.ts";

export interface FaceDetectorSettings {
  /** Side of the square input (the converted graph's). */
  readonly inputSide: number;
  /** Lowest sigmoid score of the best anchor for a face to count. */
  readonly minScore: number;
  /** A face narrower than this (working pixels) is too small to be a face at all: a texture, a hand, a sign. */
  readonly minFacePx: number;
}

/** minScore 0.6 as MediaPipe's; minFacePx is 0.6 of the smallest head searched (MIN_HEAD_PX). */
export const DEFAULT_FACE_DETECTOR: FaceDetectorSettings = Object.freeze({
  inputSide: FACE_DETECT_INPUT,
  minScore: 0.6,
  minFacePx: MIN_HEAD_PX * 0.6,
});

export interface FoundFace {
  /** The face box in working pixels. */
  readonly region: Region;
  readonly score: number;
  /** The detector's eye points in working pixels: where FaceMesh's eyes should be (eyes.ts MAX_EYE_OFFSET). */
  readonly eyes: readonly [Point, Point];
}

export class FaceDetector {
  static readonly id = "blazeface";
  private readonly input: Float32Array;
  private readonly anchors: Float32Array;

  constructor(
    readonly runner: ModelRunner,
    private readonly settings: FaceDetectorSettings = DEFAULT_FACE_DETECTOR,
  ) {
    this.input = new Float32Array(settings.inputSide * settings.inputSide * 3);
    this.anchors = faceAnchors(settings.inputSide);
  }

  /**
   * The best face in the (square) head region, or null; with `at` (working pixels: the runner's nose) the best one
   * there (decodeBestFace). Pixels in [-1, 1], as the model was trained.
   */
  async find(image: RgbImage, region: Region, at?: Point | null): Promise<FoundFace | null> {
    const side = this.settings.inputSide;
    cropResize(image, region, side, side, this.input, { scale: 1 / 127.5, offset: -1 });
    const { logits, regressors } = blazefaceOutputs(await runOne(this.runner, nhwc(this.input, side, 3)));
    // The input is the head region scaled by 1/k: points go between the two by this one mapping.
    const k = region.width / side;
    const toWorking = (p: Point): Point => ({ x: region.x + p.x * k, y: region.y + p.y * k });
    const inInput = at ? { x: (at.x - region.x) / k, y: (at.y - region.y) / k } : undefined;
    const hit = decodeBestFace(logits, regressors, this.anchors, this.settings.minScore, inInput);
    if (!hit) return null;
    const [from, to] = [toWorking({ x: hit.x0, y: hit.y0 }), toWorking({ x: hit.x1, y: hit.y1 })];
    const face = { x: from.x, y: from.y, width: to.x - from.x, height: to.y - from.y };
    const eyes = [toWorking(hit.eyes[0]), toWorking(hit.eyes[1])] as const;
    return face.width >= this.settings.minFacePx ? { region: face, score: hit.score, eyes } : null;
  }
}

/** BlazeFace's four outputs (scores and regressors for the 16x16 and 8x8 grids) in anchor order. */
function blazefaceOutputs(out: TensorData[]): { logits: Float32Array; regressors: Float32Array } {
  const bySize = [...out].sort((a, b) => a.data.length - b.data.length);
  const [s384, s512, r384, r512] = bySize.map((t) => t.data as Float32Array);
  if (!s384 || !s512 || !r384 || !r512) throw new Error("blazeface gave an unexpected set of outputs");
  const logits = new Float32Array(s512.length + s384.length);
  logits.set(s512);
  logits.set(s384, s512.length);
  const regressors = new Float32Array(r512.length + r384.length);
  regressors.set(r512);
  regressors.set(r384, r512.length);
  return { logits, regressors };
}
