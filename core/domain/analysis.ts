import { z } from "zod";

/**
 * The analysis record: one per photo, the base of the `analyze`/`score --jsonl` contract.
 * Coordinates are normalised 0–1 in the displayed frame (EXIF orientation applied).
 * Bump ANALYSIS_SCHEMA when a field changes meaning; adding optional fields keeps the version.
 */
export const ANALYSIS_SCHEMA = "stridelight.analysis/1";

export const KEYPOINT_NAMES = [
  "nose",
  "left_eye",
  "right_eye",
  "left_ear",
  "right_ear",
  "left_shoulder",
  "right_shoulder",
  "left_elbow",
  "right_elbow",
  "left_wrist",
  "right_wrist",
  "left_hip",
  "right_hip",
  "left_knee",
  "right_knee",
  "left_ankle",
  "right_ankle",
] as const;
export type KeypointName = (typeof KEYPOINT_NAMES)[number];

const unit = z.number().min(0).max(1);
/** [x0, y0, x1, y1], normalised, x0 <= x1, y0 <= y1. */
export const Box = z.tuple([unit, unit, unit, unit]);
export type Box = z.infer<typeof Box>;
/** [x, y, score]; x and y normalised in the displayed frame (may fall slightly outside 0–1 for cut limbs). */
export const Keypoint = z.tuple([z.number(), z.number(), unit]);
export type Keypoint = z.infer<typeof Keypoint>;
export const Keypoints = z.object(
  Object.fromEntries(KEYPOINT_NAMES.map((n) => [n, Keypoint])) as Record<KeypointName, typeof Keypoint>,
);
export type Keypoints = z.infer<typeof Keypoints>;

export const Runner = z.object({
  box: Box,
  /** Person detector confidence. */
  score: unit,
  /** Null when pose could not be estimated. */
  keypoints: Keypoints.nullable(),
  /** Mean keypoint confidence of the pose. */
  poseScore: unit,
  /** Bib number read on the runner's torso, or null when none could be read; absent when bibs were not read. */
  bib: z.string().nullable().optional(),
  bibConfidence: unit.optional(),
  /**
   * No bib, but the digits of one whose letter the photo hides: a number alone on a photo whose other bibs carry a
   * letter (`662` of a hidden `A00662` beside B10437 and B11035) is not taken as a bib, since it could be another
   * runner's number (core/domain/bib/race-format.ts). Scoring makes it the person's bib when their other photos read
   * it whole with its letter (core/domain/people/hidden-letter.ts). Absent otherwise.
   */
  bibDigits: z.string().optional(),
  /**
   * The runner's face descriptor (faceres, unit length, one signed byte per value, base64), where the face was big
   * enough; absent otherwise. Lets saved records be linked across a shoot again without the models.
   */
  faceEmbedding: z.string().optional(),
  /**
   * Who this runner is within the shoot (the photos scored together): the same id on every photo of the same
   * person, deterministic for the same photos; two runners of one photo share it only when they are one body found
   * twice (the same skeleton: core/domain/people/twins.ts). Set by scoring (core/domain/people), absent in analysis
   * records.
   */
  person: z.string().optional(),
  /**
   * Where the runner's bib comes from: "read" on this photo (the bib is in `bib`), or "carried" from another photo
   * of the same person (in `carriedBib`; `bib` stays null: nothing was read here). Absent when the runner has none.
   */
  bibSource: z.enum(["read", "carried"]).optional(),
  /**
   * Set by scoring when the read lacked only the letter of the person's bib (`662` under a thumb, `A00662` on their
   * other photos: core/domain/people/hidden-letter.ts): what was read, while `bib` holds the whole bib.
   */
  bibAsRead: z.string().optional(),
  /** A bib read on another photo of the same person, where none could be read on this one. */
  carriedBib: z.string().optional(),
  /** 0–1: how sure the link that carried the bib is (see DEFAULT_CARRY_OPTIONS for the keyword threshold). */
  carriedBibConfidence: unit.optional(),
  /** Pixel measures on the runner's box (sharpness against the background, clipping); absent without pixels. */
  pixels: z
    .object({
      /** Detail energy (Laplacian variance) inside the runner's box, on the working raster. */
      sharpness: z.number().nonnegative(),
      /** The same measure on the frame outside every person's box. */
      backgroundSharpness: z.number().nonnegative(),
      /** Directional blur: 0 = none, 1 = strongly smeared along one axis. */
      motionBlur: unit,
      /** Share of the runner's pixels at the top / bottom of the tonal range. */
      highlightsClipped: unit,
      shadowsClipped: unit,
      /**
       * Edge crispness 0–1 of the face and torso (1-px vs 3-px difference energy, independent of contrast and
       * size): where the photographer's focus landed. backgroundCrispness: the same outside every person's box.
       */
      crispness: unit.optional(),
      backgroundCrispness: unit.optional(),
      /**
       * Median, 95th- and 99th-percentile luma (0–255) of the runner's box: exposure judged on the runner (the 99th,
       * his bib and skin, is what the underexposed flag reads; absent on records analysed before it).
       */
      lumaMedian: z.number().min(0).max(255).optional(),
      lumaP95: z.number().min(0).max(255).optional(),
      lumaP99: z.number().min(0).max(255).optional(),
      /**
       * sRGB colour of the torso and of the legs: the kit, to follow one runner through a series. Median inside the
       * shoulder–hip quadrilateral and along the leg strips where the pose has those joints, else the mean over the
       * box's torso and legs rows. shoesColour: median below the sure ankles, absent without one.
       */
      torsoColour: z.tuple([z.number(), z.number(), z.number()]).optional(),
      legsColour: z.tuple([z.number(), z.number(), z.number()]).optional(),
      shoesColour: z.tuple([z.number(), z.number(), z.number()]).optional(),
    })
    .optional(),
});
export type Runner = z.infer<typeof Runner>;

export const EXPRESSIONS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"] as const;
export const Face = z.object({
  box: Box,
  score: unit,
  /** Index into runners of the runner this face belongs to, or null. */
  runner: z.number().int().nonnegative().nullable(),
  /** Probability that the eyes are open (0–1), null when the eyes could not be judged. */
  eyesOpen: unit.nullable(),
  eyes: z.object({ left: unit, right: unit }).nullable(),
  expression: z.object({ label: z.enum(EXPRESSIONS), score: unit }).nullable(),
});
export type Face = z.infer<typeof Face>;

export const Capture = z.object({
  /** ISO 8601 with milliseconds when the camera records sub-seconds; null when unknown. */
  time: z.string().nullable(),
  /** Capture time as epoch milliseconds (for burst grouping); null when unknown. */
  epochMs: z.number().nullable(),
  camera: z.string().nullable(),
  lens: z.string().nullable(),
  focalLength: z.number().nullable(),
  exposureTime: z.number().nullable(),
});
export type Capture = z.infer<typeof Capture>;

export const Source = z.object({
  format: z.string(),
  raw: z.boolean(),
  /** For camera RAW: which embedded preview was analyzed. */
  preview: z.string().nullable(),
  /** EXIF orientation as applied (1–8), null when absent or invalid. */
  orientation: z.number().int().min(1).max(8).nullable(),
  bytes: z.number().int().nonnegative(),
  /** sha256 of the file's bytes: the photo's identity across renames and moves. */
  sha256: z.string(),
});
export type Source = z.infer<typeof Source>;

export const Timings = z.object({
  decode: z.number(),
  detect: z.number(),
  pose: z.number(),
  face: z.number(),
  /** Bib reading (not part of `total`'s analysis budget, reported apart). */
  bibs: z.number().optional(),
  /** Of `bibs`, the second looks at uncertain torsos (the larger decode included). */
  bibRereads: z.number().optional(),
  total: z.number(),
});
export type Timings = z.infer<typeof Timings>;

export const ErrorCode = z.enum([
  "not-found",
  "unreadable",
  "empty-file",
  "not-an-image",
  "unsupported-format",
  "truncated",
  "corrupt",
  "too-large",
  "no-preview",
  "analysis-failed",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;
export const PhotoErrorInfo = z.object({ code: ErrorCode, message: z.string() });
export type PhotoErrorInfo = z.infer<typeof PhotoErrorInfo>;

export const AnalysisRecord = z.object({
  schema: z.literal(ANALYSIS_SCHEMA),
  file: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  source: Source,
  capture: Capture,
  runners: z.array(Runner),
  prominent: z.number().int().nonnegative().nullable(),
  faces: z.array(Face),
  /** 64-bit perceptual hash of the frame (16 hex digits), for bursts and duplicates. */
  phash: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
  /**
   * The scene behind the persons: mean sRGB colour of a 4x4 grid over the pixels outside every person's box (-1
   * where persons cover a cell), row by row. Frames of one series share it; frames of another place do not.
   */
  scene: z.array(z.number().min(-1).max(255)).length(48).optional(),
  /** Model ids and card versions that produced this record. */
  models: z.record(z.string(), z.string()),
  timings: Timings,
  warnings: z.array(z.string()),
});
export type AnalysisRecord = z.infer<typeof AnalysisRecord>;

export const FailedRecord = z.object({
  schema: z.literal(ANALYSIS_SCHEMA),
  file: z.string(),
  error: PhotoErrorInfo,
});
export type FailedRecord = z.infer<typeof FailedRecord>;

export const AnyRecord = z.union([AnalysisRecord, FailedRecord]);
export type AnyRecord = z.infer<typeof AnyRecord>;
