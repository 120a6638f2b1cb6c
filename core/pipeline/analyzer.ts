/**
 * The analysis pipeline: decoded photo -> persons (centernet) -> pose per person crop (movenet) -> bibs per runner
 * (PaddleOCR, when on) -> faces per runner (blazeface, facemesh, iris, emotion) -> the analysis record. One Analyzer per worker thread: it owns its ExifTool process
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
import type { DecodedPhoto, ModelRunner, RgbImage } from "../domain/ports.ts";
import { type PersonCandidate, type PersonOptions, DEFAULT_PERSON_OPTIONS } from "../domain/persons.ts";
import { chooseProminent, rankByProminence } from "../domain/prominent.ts";
import type { Region } from "../domain/raster.ts";
import { headRegion, MIN_EYES_PX, ownFaceAt } from "../domain/faces.ts";
import { eyesVerdict, type EyesVerdict } from "../domain/eyes.ts";
import { measureRunnerPixels } from "../domain/pixels/runner-pixels.ts";
import { perceptualHash } from "../domain/pixels/phash.ts";
import { sceneLayout } from "../domain/pixels/runner-look.ts";
import { decodePhoto } from "../adapters/image-decoder.ts";
import { ExifToolAdapter } from "../adapters/exiftool.ts";
import { BIB_MODEL_IDS, BibReader } from "./bib-reader.ts";
import { largerImageOf, type LargerImage } from "./larger-image.ts";
import { openFaceDescriber } from "./open-face-describer.ts";
import type { FaceDescriber } from "./face-describer.ts";
import { readPlan } from "./bib-read-gate.ts";
import { DEFAULT_POSE_MIN_SHARE, posePersons, type PoseOf } from "./person-gate.ts";
import { listModels, openModel, type RuntimeOptions } from "../models/registry.ts";
import {
  DEFAULT_PERSON_DETECTOR,
  ExpressionModel,
  FaceDetector,
  FaceMesh,
  IrisModel,
  PersonDetector,
  PoseEstimator,
  type FoundFace,
} from "./models/index.ts";

export const MODEL_IDS = [
  PersonDetector.id,
  PoseEstimator.id,
  FaceDetector.id,
  FaceMesh.id,
  IrisModel.id,
  ExpressionModel.id,
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
  /**
   * Describe faces big enough (faceres) so one runner can be linked across a shoot (default: true with the
   * registry's models, false with a custom model source unless set).
   */
  readonly describeFaces?: boolean;
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
type Runners = Record<ModelId, ModelRunner>;

/** The analyzer's models, each owning its input layout, pre- and post-processing and thresholds. */
interface Models {
  readonly persons: PersonDetector;
  readonly pose: PoseEstimator;
  readonly faces: FaceDetector;
  readonly mesh: FaceMesh;
  readonly iris: IrisModel;
  readonly expression: ExpressionModel;
}

function compose(runners: Runners, persons: PersonOptions): Models {
  return {
    persons: new PersonDetector(runners.centernet, { ...DEFAULT_PERSON_DETECTOR, persons }),
    pose: new PoseEstimator(runners["movenet-lightning"]),
    faces: new FaceDetector(runners.blazeface),
    mesh: new FaceMesh(runners.facemesh),
    iris: new IrisModel(runners.iris),
    expression: new ExpressionModel(runners.emotion),
  };
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
  private readonly models: Models;

  private constructor(
    private readonly runners: Runners,
    private readonly versions: Record<string, string>,
    private readonly exiftool: ExifToolAdapter,
    private readonly bibReader: BibReader | null,
    private readonly describer: FaceDescriber | null,
    private readonly options: Required<
      Pick<AnalyzerOptions, "maxSide" | "maxPosed" | "maxMeasured" | "persons" | "poseMinShare">
    >,
  ) {
    this.models = compose(runners, options.persons);
  }

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
    const describe = options.describeFaces ?? options.openModel === undefined;
    const opened = await Promise.allSettled([
      openAll(opener),
      modelVersions(options.openModel !== undefined, options.bibs !== false),
      options.bibs === false ? Promise.resolve(null) : BibReader.openDefault({ models: runtime }),
      exiftool.warm(),
      describe ? openFaceDescriber(runtime, options.openModel) : Promise.resolve(null),
    ] as const);
    const [models, versions, bibReader, , describer] = opened;
    const faceDescriber = describer.status === "fulfilled" ? describer.value : null;
    if (
      models.status === "fulfilled" &&
      versions.status === "fulfilled" &&
      bibReader.status === "fulfilled"
    ) {
      const modelIds = faceDescriber ? { ...versions.value, ...faceDescriber.versions } : versions.value;
      return new Analyzer(
        models.value,
        modelIds,
        exiftool,
        bibReader.value,
        faceDescriber?.describer ?? null,
        settings,
      );
    }
    await Promise.allSettled([
      ...(models.status === "fulfilled" ? Object.values(models.value).map((m) => m.close()) : []),
      bibReader.status === "fulfilled" ? (bibReader.value?.close() ?? Promise.resolve()) : Promise.resolve(),
      faceDescriber?.describer.close(),
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
    const detector = this.runners.centernet as Partial<{ executionProvider: string }>;
    return detector.executionProvider ?? "cpu";
  }

  /** Analyzes one photo. Never throws for a bad photo: returns a FailedRecord naming the problem. */
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
    await Promise.allSettled(Object.values(this.runners).map((m) => m.close()));
    await this.bibReader?.close();
    await this.describer?.close();
    await this.exiftool.end();
  }

  private async analyzeDecoded(photo: DecodedPhoto, decode: number, watch: Stopwatch): Promise<AnyRecord> {
    const image = photo.image;
    const persons = await this.models.persons.detect(image);
    const detect = watch.lap();
    const runners = this.withPixels(image, await this.poseAll(image, persons));
    const pose = watch.lap();
    // Bibs before faces: the eyes reuse the larger decode a bib's second look made, when it has the pixels they need.
    const larger = largerImageOf(photo, this.exiftool);
    const { runners: withBibs, rereadMs } = await this.readBibs(photo, runners, larger);
    const bibs = watch.lap();
    const { faces, embeddings } = await this.facesAll(image, runners, larger);
    const face = watch.lap();
    const phash = perceptualHash(image);
    const scene = sceneLayout(
      image,
      runners.map((r) => r.box),
    );
    const rest = watch.lap();
    const total = Math.round((decode + detect + pose + face + rest) * 10) / 10;
    const bibRereads = Math.round(rereadMs * 10) / 10;
    const timings = { decode, detect, pose, face, ...(this.bibReader ? { bibs, bibRereads } : {}), total };
    return {
      schema: ANALYSIS_SCHEMA,
      file: photo.file,
      width: photo.width,
      height: photo.height,
      source: photo.source,
      capture: photo.capture,
      runners: withEmbeddings(withBibs, embeddings),
      prominent: chooseProminent(runners),
      faces,
      phash,
      scene,
      models: this.versions,
      timings,
      warnings: [...photo.warnings],
    };
  }

  /**
   * Bibs on the runners with a pose and on the box torso of those whose pose went to a twin: uncertain torsos get a
   * second look in a larger decode of the photo when it has more pixels than the working raster. Then, one look each,
   * the box torsos of a pack's persons the pose gate left out, down to the read gate: smaller persons are deep
   * background (bib-read-gate.ts readPlan).
   */
  private async readBibs(
    photo: DecodedPhoto,
    runners: Runner[],
    larger: LargerImage,
  ): Promise<{ runners: Runner[]; rereadMs: number }> {
    if (!this.bibReader) return { runners, rereadMs: 0 };
    const plan = readPlan(runners, this.options.poseMinShare, this.options.maxPosed);
    const read = await this.bibReader.readBibsCosted(photo.image, plan.asRead, larger, plan.everyLook);
    const byRunner = new Map(plan.persons.map((r, i) => [r, i]));
    const withBibs = runners.map((r) => {
      const i = byRunner.get(r);
      if (i === undefined) return r;
      const reading = read.bibs[i];
      if (reading) return { ...r, bib: reading.bib, bibConfidence: reading.confidence };
      const digits = read.bibDigits[i];
      return digits ? { ...r, bib: null, bibDigits: digits } : { ...r, bib: null };
    });
    return { runners: withBibs, rereadMs: read.rereadMs };
  }

  /** Poses for the gated persons, one body's skeleton on one box only (person-gate.ts posePersons). */
  private async poseAll(image: RgbImage, persons: PersonCandidate[]): Promise<Runner[]> {
    const { poseMinShare: minShare, maxPosed: max } = this.options;
    const poseOf: PoseOf = (box, cropPad) => this.models.pose.estimate(image, box, cropPad);
    return posePersons(persons, poseOf, image.height / image.width, { minShare, max });
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

  /**
   * A face search on each posed runner's head (BlazeFace's graph takes one image at a time), then the faces big
   * enough to judge go through FaceMesh, the iris model and the expression model in one run each for the photo;
   * each face big enough to recognise gets its embedding (faceres), by runner index.
   */
  private async facesAll(
    image: RgbImage,
    runners: Runner[],
    larger: LargerImage,
  ): Promise<{ faces: Face[]; embeddings: Map<number, string> }> {
    const found: Array<FoundFace & { runner: number }> = [];
    const embeddings = new Map<number, string>();
    for (let i = 0; i < runners.length; i++) {
      const r = runners[i]!;
      const head = r.keypoints ? headRegion(r.box, r.keypoints, image) : null;
      const own = r.keypoints ? ownFaceAt(r.keypoints, image) : null;
      const face = head ? await this.models.faces.find(image, head, own) : null;
      if (!face) continue;
      found.push({ ...face, runner: i });
      if (this.describer?.canDescribe(face.region))
        embeddings.set(i, await this.describer.describe(image, face.region));
    }
    const judged = found.filter((f) => f.region.width >= MIN_EYES_PX);
    const verdicts = new Map((await this.judgeFaces(image, judged, larger)).map((v, k) => [judged[k]!, v]));
    const faces = found.map((f): Face => {
      const judgement = verdicts.get(f);
      return {
        box: normalisedBox(f.region, image),
        score: f.score,
        runner: f.runner,
        eyesOpen: judgement?.eyes.eyesOpen ?? null,
        eyes: judgement?.eyes.eyes ?? null,
        expression: judgement?.expression ?? null,
      };
    });
    return { faces, embeddings };
  }

  /** FaceMesh eye corners, the iris model on both eyes, and the expression on the enlarged face crop, per face. */
  private async judgeFaces(
    image: RgbImage,
    faces: readonly FoundFace[],
    larger: LargerImage,
  ): Promise<Array<{ eyes: EyesVerdict; expression: Face["expression"] }>> {
    const regions = faces.map((face) => this.models.mesh.region(face.region));
    const landmarks = await this.models.mesh.landmarks(image, regions);
    const meshedAt = landmarks.flatMap((l, k) => (l ? [k] : []));
    const meshed = meshedAt.map((k) => landmarks[k]!);
    const detectorEyes = meshedAt.map((k) => faces[k]!.eyes);
    const eyes = new Map(
      (await this.models.iris.eyes(image, meshed, larger, detectorEyes)).map((pair, k) => [
        meshed[k]!,
        eyesVerdict(...pair),
      ]),
    );
    const expressions = await this.models.expression.read(image, regions);
    return regions.map((_, k) => {
      const mesh = landmarks[k];
      return {
        eyes: (mesh && eyes.get(mesh)) ?? { eyesOpen: null, eyes: null },
        expression: expressions[k] ?? null,
      };
    });
  }
}

function withEmbeddings(runners: Runner[], embeddings: ReadonlyMap<number, string>): Runner[] {
  return runners.map((r, i) => (embeddings.has(i) ? { ...r, faceEmbedding: embeddings.get(i)! } : r));
}

/** Opens every model at once; if one fails, closes those that opened and rethrows. */
async function openAll(opener: ModelOpener): Promise<Runners> {
  const settled = await Promise.allSettled(MODEL_IDS.map((id) => opener(id)));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await Promise.allSettled(
      settled.map((r) => (r.status === "fulfilled" ? r.value.close() : Promise.resolve())),
    );
    throw failed.reason;
  }
  const runners = settled.map((r) => (r as PromiseFulfilledResult<ModelRunner>).value);
  return Object.fromEntries(MODEL_IDS.map((id, i) => [id, runners[i]!])) as Runners;
}

async function modelVersions(custom: boolean, bibs: boolean): Promise<Record<string, string>> {
  const cards = custom ? [] : await listModels().catch(() => []);
  const byId = new Map(cards.map((c) => [c.id, c.version]));
  const ids: string[] = [...MODEL_IDS, ...(bibs ? BIB_MODEL_IDS : [])];
  return Object.fromEntries(ids.map((id) => [id, byId.get(id) ?? (custom ? "custom" : "unknown")]));
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
