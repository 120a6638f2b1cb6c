/**
 * The one door to exiftool-vendored: a long-lived exiftool process (Perl start-up costs ~0.4 s, so never one
 * per photo) that reads the tags we cull by and pulls embedded previews out of camera RAW files.
 */
import { ExifTool } from "exiftool-vendored";
import type { XmpPolicy } from "../domain/xmp/policy.ts";
import { XmpStore, xmpExifToolArgs } from "./xmp-store.ts";
import { z } from "zod";
import {
  PREVIEW_TAGS,
  photoTagsFromExiftool,
  type EmbeddedPreview,
  type PhotoTags,
} from "../domain/capture.ts";
import { PhotoError, type Result } from "../domain/ports.ts";

export const ExifToolStartOptions = z.object({
  /** exiftool processes; one per pipeline worker is enough (reads are ~10–80 ms). */
  maxProcs: z.number().int().min(1).max(8).default(1),
  /** A task slower than this is killed and retried by exiftool-vendored. */
  taskTimeoutMillis: z.number().int().positive().default(30_000),
});
export type ExifToolStartOptions = z.input<typeof ExifToolStartOptions>;

/** Tags behind Capture, orientation and the already-rotated check. */
const PHOTO_TAGS = [
  "Orientation",
  "ExifImageWidth",
  "ExifImageHeight",
  "Make",
  "Model",
  "LensModel",
  "Lens",
  "LensID",
  "FocalLength",
  "ExposureTime",
  "DateTimeOriginal",
  "CreateDate",
  "SubSecTimeOriginal",
  "SubSecTimeDigitized",
  "OffsetTimeOriginal",
  "OffsetTimeDigitized",
];

export interface ReadTagsOptions {
  /**
   * Camera RAW keeps previews and lens data in MakerNotes, which -fast2 skips: RAW reads use -fast and also
   * list the embedded previews. Other photos keep what we need in EXIF/XMP, so -fast2 is safe for them.
   */
  readonly raw?: boolean;
}

export interface ExtractedPreview {
  readonly data: Buffer;
  /** Group-qualified tag the preview came from, e.g. "SubIFD2:JpgFromRaw". */
  readonly tag: string;
}

const Base64Field = z.string().startsWith("base64:");

export class ExifToolAdapter {
  private constructor(private readonly exiftool: ExifTool) {}

  /** The process starts lazily on the first read; call end() when done or Node will not exit. */
  static start(opts?: ExifToolStartOptions): ExifToolAdapter {
    const { maxProcs, taskTimeoutMillis } = ExifToolStartOptions.parse(opts ?? {});
    // One process pool serves reading and XMP writing; our namespace's config must be loaded at its start.
    const exiftoolArgs = xmpExifToolArgs();
    return new ExifToolAdapter(
      new ExifTool({ maxProcs, taskTimeoutMillis, minDelayBetweenSpawnMillis: 0, exiftoolArgs }),
    );
  }

  /**
   * Starts the Perl process now instead of on the first read (~0.4 s): a worker that warms it while its models
   * load has its first photo's tags ready sooner. A failure here is left to the first read to report.
   */
  async warm(): Promise<void> {
    await this.exiftool.version().catch(() => undefined);
  }

  /** Reads and writes XMP through this adapter's process pool, under the given policy. */
  xmp(policy?: Partial<XmpPolicy>): XmpStore {
    return new XmpStore(this.exiftool, policy);
  }

  async readTags(file: string, options: ReadTagsOptions = {}): Promise<Result<PhotoTags>> {
    const wanted = options.raw ? [...PHOTO_TAGS, ...PREVIEW_TAGS] : PHOTO_TAGS;
    const args = [options.raw ? "-fast" : "-fast2", "-n", "-a", "-G1", ...wanted.map((t) => `-${t}`)];
    try {
      const json = await this.exiftool.readRaw(file, { readArgs: args });
      return { ok: true, value: photoTagsFromExiftool(json) };
    } catch (caught) {
      return fail("unreadable", file, `exiftool could not read the metadata (${reason(caught)})`);
    }
  }

  /** Embedded previews of a RAW, largest first. */
  async listPreviews(file: string): Promise<Result<readonly EmbeddedPreview[]>> {
    const tags = await this.readTags(file, { raw: true });
    return tags.ok ? { ok: true, value: tags.value.previews } : tags;
  }

  /** The bytes of one embedded preview, by its group-qualified tag (from listPreviews). */
  async extractPreview(file: string, tag: string): Promise<Result<Buffer>> {
    try {
      const json = await this.exiftool.readRaw(file, { readArgs: ["-b", "-a", "-G1", `-${tag}`] });
      const field = Base64Field.safeParse((json as Record<string, unknown>)[tag]);
      if (!field.success) return fail("no-preview", file, `the embedded preview ${tag} could not be read`);
      return { ok: true, value: Buffer.from(field.data.slice("base64:".length), "base64") };
    } catch (caught) {
      return fail("no-preview", file, `exiftool could not extract ${tag} (${reason(caught)})`);
    }
  }

  /** The largest embedded preview of a camera RAW (PreviewImage, JpgFromRaw, OtherImage…). */
  async extractLargestPreview(
    file: string,
    known?: readonly EmbeddedPreview[],
  ): Promise<Result<ExtractedPreview>> {
    const listed = known ? { ok: true as const, value: known } : await this.listPreviews(file);
    if (!listed.ok) return listed;
    const largest = listed.value[0];
    if (!largest) return fail("no-preview", file, "this RAW file has no embedded preview image to analyze");
    const data = await this.extractPreview(file, largest.tag);
    return data.ok ? { ok: true, value: { data: data.value, tag: largest.tag } } : data;
  }

  async end(): Promise<void> {
    await this.exiftool.end();
  }
}

function fail<T>(code: PhotoError["code"], file: string, message: string): Result<T> {
  return { ok: false, error: new PhotoError(code, file, message) };
}

function reason(caught: unknown): string {
  const text = caught instanceof Error ? caught.message : String(caught);
  return text.split("\n")[0]?.slice(0, 200) ?? "unknown error";
}
