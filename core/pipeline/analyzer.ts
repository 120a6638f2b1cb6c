/**
 * The analysis pipeline: decoded photo -> persons (centernet) -> pose per person crop (movenet) -> faces per runner
 * (blazeface, facemesh, iris, emotion) -> the analysis record. One Analyzer per worker thread: it owns its ExifTool process
 * and its model sessions (1 intra-op thread each) and reuses its input buffers between photos.
 */
import { performance } from "node:perf_hooks";
import { WORKING_SIZE } from "../domain/working-size.ts";
import {
  ANALYSIS_SCHEMA,
  type AnyRecord,
  type ErrorCode,
  type Face,
  type Runner,
} from "../domain/analysis.ts";
import type { DecodedPhoto, ModelRunner, RgbImage, TensorData } from "../domain/ports.ts";
import {
  decodePersons,
  DEFAULT_PERSON_OPTIONS,
  type PersonCandidate,
  type PersonOptions,
} from "../domain/persons.ts";
import { decodePose, POSE_INPUT, poseRegion, type Pose } from "../domain/pose.ts";
import { chooseProminent, rankByProminence } from "../domain/prominent.ts";
import { cropResize, toGray, wholeImage, type Region } from "../domain/raster.ts";
import {
  decodeBestFace,
  EMOTION_INPUT,
  expressionOf,
  FACE_DETECT_INPUT,
  FACE_MESH_INPUT,
  faceAnchors,
  headRegion,
  meshRegion,
  MIN_EYES_PX,
  MIN_HEAD_PX,
} from "../domain/faces.ts";
import {
  eyeCrop,
  eyeShape,
  eyesVerdict,
  IRIS_INPUT,
  IRIS_VALUES,
  sampleEye,
  type EyeReading,
  type EyeSide,
  type EyesVerdict,
} from "../domain/eyes.ts";
import { measureRunnerPixels } from "../domain/pixels/runner-pixels.ts";
import { perceptualHash } from "../domain/pixels/phash.ts";
import { sceneLayout } from "../domain/pixels/runner-look.ts";
import { decodePhoto } from "../adapters/image-decoder.ts";
import { ExifToolAdapter } from "../adapters/exiftool.ts";
import { BIB_MODEL_IDS, BibReader } from "./bib-reader.ts";
import { DEFAULT_POSE_MIN_SHARE, personsToPose } from "./person-gate.ts";
import { listModels, openModel, type RuntimeOptions } from "../models/registry.ts";

export const MODEL_IDS = [
  "centernet",
  "movenet-lightning",
  "blazeface",
  "facemesh",
  "iris",
  "emotion",
] as const;
export type ModelId = (typeof MODEL_IDS)[number];

/** Opens one model by id; the registry by default. */
export type ModelOpener = (id: ModelId) => Promise<ModelRunner>;

export interface AnalyzerOptions {
  readonly runtime?: RuntimeOptions;
  /** Long side of the working raster (shrink-on-load). */
  readonly maxSide?: number;
  /** At most this many persons get a pose and a face search (largest and most confident first). */
  readonly maxPosed?: number;
  /**
   * A person shorter than this share of the photo's tallest person gets no pose, face search or bib reading: deep
   * background, never the runner the photo is of nor a companion in its crop (see DEFAULT_POSE_MIN_SHARE).
   */
  readonly poseMinShare?: number;
  /** At most this many persons get pixel measures (sharpness, clipping): the candidates for the prominent runner. */
  readonly maxMeasured?: number;
  readonly persons?: PersonOptions;
  /** Where models come from (tests and benchmarks may pass another source); the registry by default. */
  readonly openModel?: ModelOpener;
  /** Read bib numbers on the posed runners (default true). */
  readonly bibs?: boolean;
}

/** The working size's default (core/domain/working-size.ts says why 1536). */
export const DEFAULT_MAX_SIDE = WORKING_SIZE.default;
export const DEFAULT_MAX_POSED = 6;
/**
 * Every posed person is measured: the main runner is the one in focus, not the largest, so the crisp runner behind a
 * large blurred one must have its measures too (each measure reads only its own box; the background once a photo).
 */
export const DEFAULT_MAX_MEASURED = DEFAULT_MAX_POSED;
export { DEFAULT_POSE_MIN_SHARE };
const DETECT_INPUT = 512;

type Models = Record<ModelId, ModelRunner>;

/** Reused input buffers: one allocation per Analyzer, not per photo. */
class Buffers {
  readonly detect = new Float32Array(DETECT_INPUT * DETECT_INPUT * 3);
  readonly pose = new Int32Array(POSE_INPUT * POSE_INPUT * 3);
  readonly face = new Float32Array(FACE_DETECT_INPUT * FACE_DETECT_INPUT * 3);
  readonly mesh = new Float32Array(FACE_MESH_INPUT * FACE_MESH_INPUT * 3);
  /** Both eyes, one batch of two for the iris model. */
  readonly eyes = new Float32Array(2 * IRIS_INPUT * IRIS_INPUT * 3);
  readonly emotionRgb = new Uint8Array(EMOTION_INPUT * EMOTION_INPUT * 3);
  readonly emotion = new Float32Array(EMOTION_INPUT * EMOTION_INPUT);
  readonly anchors = faceAnchors();
}

interface Stopwatch {
  lap(): number;
}

function stopwatch(): Stopwatch {
  let last = performance.now();
  return {
    lap() {
      const now = performance.now();
      const ms = now - last;
      last = now;
      return Math.round(ms * 10) / 10;
    },
  };
}

export class Analyzer {
  private readonly buffers = new Buffers();

  private constructor(
    private readonly models: Models,
    private readonly versions: Record<string, string>,
    private readonly exiftool: ExifToolAdapter,
    private readonly bibReader: BibReader | null,
    private readonly options: Required<
      Pick<AnalyzerOptions, "maxSide" | "maxPosed" | "maxMeasured" | "persons" | "poseMinShare">
    >,
  ) {}

  static async open(options: AnalyzerOptions = {}): Promise<Analyzer> {
    const runtime: RuntimeOptions = { intraOpThreads: 1, executionProvider: "cpu", ...options.runtime };
    const opener: ModelOpener = options.openModel ?? ((id) => openModel(id, runtime));
    const settings = {
      maxSide: options.maxSide ?? DEFAULT_MAX_SIDE,
      maxPosed: options.maxPosed ?? DEFAULT_MAX_POSED,
      maxMeasured: options.maxMeasured ?? DEFAULT_MAX_MEASURED,
      poseMinShare: options.poseMinShare ?? DEFAULT_POSE_MIN_SHARE,
      persons: options.persons ?? DEFAULT_PERSON_OPTIONS,
    };
    // Everything a worker needs starts side by side: ExifTool's Perl process, every session, the OCR dictionary.
    const exiftool = ExifToolAdapter.start();
    const opened = await Promise.allSettled([
      openAll(opener),
      modelVersions(options.openModel !== undefined, options.bibs !== false),
      options.bibs === false ? Promise.resolve(null) : BibReader.openDefault({ models: runtime }),
      exiftool.warm(),
    ] as const);
    const [models, versions, bibReader] = opened;
    if (models.status === "fulfilled" && versions.status === "fulfilled" && bibReader.status === "fulfilled")
      return new Analyzer(models.value, versions.value, exiftool, bibReader.value, settings);
    await Promise.allSettled([
      ...(models.status === "fulfilled" ? Object.values(models.value).map((m) => m.close()) : []),
      bibReader.status === "fulfilled" ? (bibReader.value?.close() ?? Promise.resolve()) : Promise.resolve(),
      exiftool.end(),
    ]);
    const reasons: unknown[] = [models, versions, bibReader].flatMap((r) =>
      r.status === "rejected" ? [r.reason as unknown] : [],
    );
    throw reasons[0];
  }

  /** Model id -> card version of the models this analyzer runs. */
  get modelVersions(): Record<string, string> {
    return { ...this.versions };
  }

  /** The execution provider the detector runs on (cpu, cuda, coreml, dml). */
  get provider(): string {
    const detector = this.models.centernet as Partial<{ executionProvider: string }>;
    return detector.executionProvider ?? "cpu";
  }

  /** Analyses one photo. Never throws for a bad photo: returns a FailedRecord naming the problem. */
  async analyze(file: string): Promise<AnyRecord> {
    const watch = stopwatch();
    const decoded = await decodePhoto(file, { maxSide: this.options.maxSide, exiftool: this.exiftool });
    if (!decoded.ok) return failed(file, decoded.error.code, decoded.error.message);
    const decode = watch.lap();
    try {
      return await this.analyzeDecoded(decoded.value, decode, watch);
    } catch (error) {
      return failed(file, "analysis-failed", error instanceof Error ? error.message : String(error));
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(Object.values(this.models).map((m) => m.close()));
    await this.bibReader?.close();
    await this.exiftool.end();
  }

  private async analyzeDecoded(photo: DecodedPhoto, decode: number, watch: Stopwatch): Promise<AnyRecord> {
    const image = photo.image;
    const persons = await this.detect(image);
    const detect = watch.lap();
    const runners = this.withPixels(image, await this.poseAll(image, persons));
    const pose = watch.lap();
    const faces = await this.facesAll(image, runners);
    const face = watch.lap();
    const phash = perceptualHash(image);
    const scene = sceneLayout(
      image,
      runners.map((r) => r.box),
    );
    const rest = watch.lap();
    const withBibs = await this.readBibs(image, runners);
    const bibs = watch.lap();
    const total = Math.round((decode + detect + pose + face + rest) * 10) / 10;
    const timings = { decode, detect, pose, face, ...(this.bibReader ? { bibs } : {}), total };
    return {
      schema: ANALYSIS_SCHEMA,
      file: photo.file,
      width: photo.width,
      height: photo.height,
      source: photo.source,
      capture: photo.capture,
      runners: withBibs,
      prominent: chooseProminent(runners),
      faces,
      phash,
      scene,
      models: this.versions,
      timings,
      warnings: [...photo.warnings],
    };
  }

  /** Bibs on the runners with a pose: the others are too small or too uncertain to be worth the OCR. */
  private async readBibs(image: RgbImage, runners: Runner[]): Promise<Runner[]> {
    if (!this.bibReader) return runners;
    const posed = runners.filter((r) => r.keypoints !== null);
    const readings = await this.bibReader.readBibs(image, posed);
    const byRunner = new Map(posed.map((r, i) => [r, readings[i] ?? null]));
    return runners.map((r) => {
      if (!byRunner.has(r)) return r;
      const reading = byRunner.get(r);
      return reading ? { ...r, bib: reading.bib, bibConfidence: reading.confidence } : { ...r, bib: null };
    });
  }

  /** CenterNet on the whole frame stretched to its square input (as it was trained). */
  private async detect(image: RgbImage): Promise<PersonCandidate[]> {
    const b = this.buffers;
    cropResize(image, wholeImage(image), DETECT_INPUT, DETECT_INPUT, b.detect);
    const out = await runOne(this.models.centernet, tensor(b.detect, DETECT_INPUT, 3));
    const detections = out.find((t) => t.dims.at(-1) === 6 && t.dims.length === 3);
    if (!detections) throw new Error("centernet gave no detections output");
    return decodePersons(detections.data as Float32Array, DETECT_INPUT, this.options.persons);
  }

  /** Pose on each person's own crop, for the most prominent-looking few; the others keep keypoints null. */
  private async poseAll(image: RgbImage, persons: PersonCandidate[]): Promise<Runner[]> {
    const posed = new Set(personsToPose(persons, this.options.poseMinShare, this.options.maxPosed));
    const runners: Runner[] = [];
    for (const p of persons) {
      const pose = posed.has(p) ? await this.pose(image, p) : null;
      runners.push({
        box: p.box,
        score: p.score,
        keypoints: pose?.keypoints ?? null,
        poseScore: pose?.poseScore ?? 0,
      });
    }
    return runners;
  }

  /**
   * Pixel measures for the persons that can be the prominent runner (ranked without sharpness, up to maxMeasured):
   * each reads its own box, the background once a photo; persons the pose gate skipped are too small to matter.
   */
  private withPixels(image: RgbImage, runners: Runner[]): Runner[] {
    const measured = new Set(rankByProminence(runners).slice(0, this.options.maxMeasured));
    return runners.map((r, i) => {
      if (!measured.has(i)) return r;
      const others = runners.filter((o) => o !== r).map((o) => o.box);
      return { ...r, pixels: measureRunnerPixels(image, r.box, others, r.keypoints) };
    });
  }

  private async pose(image: RgbImage, person: PersonCandidate): Promise<Pose> {
    const b = this.buffers;
    const region = poseRegion(person.box, image);
    cropResize(image, region, POSE_INPUT, POSE_INPUT, b.pose);
    const feed: TensorData = { type: "int32", data: b.pose, dims: [1, POSE_INPUT, POSE_INPUT, 3] };
    const out = await runOne(this.models["movenet-lightning"], feed);
    return decodePose(out[0]!.data as Float32Array, region, image);
  }

  private async facesAll(image: RgbImage, runners: Runner[]): Promise<Face[]> {
    const faces: Face[] = [];
    for (let i = 0; i < runners.length; i++) {
      const r = runners[i]!;
      if (!r.keypoints) continue;
      const region = headRegion(r.box, r.keypoints, image);
      const face = region ? await this.face(image, region, i) : null;
      if (face) faces.push(face);
    }
    return faces;
  }

  private async face(image: RgbImage, region: Region, runner: number): Promise<Face | null> {
    const found = await this.findFace(image, region);
    if (!found) return null;
    const box = normalisedBox(found.region, image);
    const judged = found.region.width >= MIN_EYES_PX ? await this.judgeFace(image, found.region) : null;
    return {
      box,
      score: found.score,
      runner,
      eyesOpen: judged?.eyes.eyesOpen ?? null,
      eyes: judged?.eyes.eyes ?? null,
      expression: judged?.expression ?? null,
    };
  }

  /** BlazeFace on the head region; the face box comes back in working pixels. */
  private async findFace(image: RgbImage, region: Region): Promise<{ region: Region; score: number } | null> {
    const b = this.buffers;
    cropResize(image, region, FACE_DETECT_INPUT, FACE_DETECT_INPUT, b.face, { scale: 1 / 127.5, offset: -1 });
    const feed = tensor(b.face, FACE_DETECT_INPUT, 3);
    const { logits, regressors } = blazefaceOutputs(await runOne(this.models.blazeface, feed));
    const hit = decodeBestFace(logits, regressors, b.anchors);
    if (!hit) return null;
    const k = region.width / FACE_DETECT_INPUT;
    const face = {
      x: region.x + hit.x0 * k,
      y: region.y + hit.y0 * k,
      width: (hit.x1 - hit.x0) * k,
      height: (hit.y1 - hit.y0) * k,
    };
    return face.width >= MIN_HEAD_PX * 0.6 ? { region: face, score: hit.score } : null;
  }

  /** FaceMesh eye corners, the iris model on each eye, and the emotion model on the enlarged face crop. */
  private async judgeFace(
    image: RgbImage,
    face: Region,
  ): Promise<{ eyes: EyesVerdict; expression: Face["expression"] }> {
    const b = this.buffers;
    const region = meshRegion(face);
    cropResize(image, region, FACE_MESH_INPUT, FACE_MESH_INPUT, b.mesh, { scale: 1 / 255 });
    const out = await runOne(this.models.facemesh, tensor(b.mesh, FACE_MESH_INPUT, 3));
    const mesh = out.find((t) => t.data.length === 468 * 3);
    const flag = out.find((t) => t.data.length === 1);
    const meshOk = mesh && flag && (flag.data[0] as number) >= 0.5;
    const eyes = meshOk
      ? await this.judgeEyes(image, mesh.data as Float32Array, region)
      : { eyesOpen: null, eyes: null };
    cropResize(image, region, EMOTION_INPUT, EMOTION_INPUT, b.emotionRgb);
    const gray = toGray(b.emotionRgb, 2 / 255, -1, b.emotion);
    const emo = await runOne(this.models.emotion, {
      type: "float32",
      data: gray,
      dims: [1, EMOTION_INPUT, EMOTION_INPUT, 1],
    });
    return { eyes, expression: expressionOf(emo[0]!.data as Float32Array) };
  }

  /** The iris model on both eyes in one batch, each cut upright from FaceMesh's eye corners. */
  private async judgeEyes(image: RgbImage, mesh: Float32Array, meshArea: Region): Promise<EyesVerdict> {
    const b = this.buffers;
    const sides: EyeSide[] = ["left", "right"];
    const size = IRIS_INPUT * IRIS_INPUT * 3;
    const crops = sides.map((side, k) => {
      const crop = eyeCrop(mesh, side, meshArea, FACE_MESH_INPUT);
      sampleEye(image, crop, b.eyes.subarray(k * size, (k + 1) * size));
      return crop;
    });
    const feed: TensorData = { type: "float32", data: b.eyes, dims: [2, IRIS_INPUT, IRIS_INPUT, 3] };
    const out = (await runOne(this.models.iris, feed))[0]!.data as Float32Array;
    const [left, right] = crops.map((crop, k): EyeReading => ({
      shape: eyeShape(out, k * IRIS_VALUES),
      widthPx: crop.widthPx,
    }));
    return eyesVerdict(left!, right!);
  }
}

/** Opens every model at once; if one fails, closes those that opened and rethrows. */
async function openAll(opener: ModelOpener): Promise<Models> {
  const settled = await Promise.allSettled(MODEL_IDS.map((id) => opener(id)));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await Promise.allSettled(
      settled.map((r) => (r.status === "fulfilled" ? r.value.close() : Promise.resolve())),
    );
    throw failed.reason;
  }
  const runners = settled.map((r) => (r as PromiseFulfilledResult<ModelRunner>).value);
  return Object.fromEntries(MODEL_IDS.map((id, i) => [id, runners[i]!])) as Models;
}

async function modelVersions(custom: boolean, bibs: boolean): Promise<Record<string, string>> {
  const cards = custom ? [] : await listModels().catch(() => []);
  const byId = new Map(cards.map((c) => [c.id, c.version]));
  const ids: string[] = [...MODEL_IDS, ...(bibs ? BIB_MODEL_IDS : [])];
  return Object.fromEntries(ids.map((id) => [id, byId.get(id) ?? (custom ? "custom" : "unknown")]));
}

function tensor(data: Float32Array, side: number, channels: number): TensorData {
  return { type: "float32", data, dims: [1, side, side, channels] };
}

/** Runs a single-input model; outputs in the model's declared order. */
async function runOne(model: ModelRunner, feed: TensorData): Promise<TensorData[]> {
  const out = await model.run({ [model.inputNames[0]!]: feed });
  return model.outputNames.map((n) => out[n]!).filter((t) => t !== undefined);
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

function normalisedBox(r: Region, image: RgbImage): Face["box"] {
  const c = (v: number) => Math.min(1, Math.max(0, v));
  return [
    c(r.x / image.width),
    c(r.y / image.height),
    c((r.x + r.width) / image.width),
    c((r.y + r.height) / image.height),
  ];
}

function failed(file: string, code: ErrorCode, message: string): AnyRecord {
  return { schema: ANALYSIS_SCHEMA, file, error: { code, message } };
}
