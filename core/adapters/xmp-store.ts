/**
 * Reads and writes Stridelight's XMP through exiftool-vendored: embedded in JPEG/TIFF/DNG/HEIC/PSD, or a sidecar
 * merged in place (never replaced). Every write is atomic (exiftool writes FILE_exiftool_tmp and renames it over
 * FILE; a new sidecar is built under a temporary name and linked into place), and writes to one file are serialised.
 */
import { constants } from "node:fs";
import { access, link, readdir, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DefaultExiftoolArgs, type ExifTool, type WriteTags } from "exiftool-vendored";
import type { Result } from "../domain/ports.ts";
import { XmpError, type XmpErrorCode } from "../domain/xmp/errors.ts";
import { XmpIntent } from "../domain/xmp/intent.ts";
import { planXmpWrite, type XmpWritePlan } from "../domain/xmp/plan.ts";
import { DEFAULT_XMP_POLICY, XmpPolicy } from "../domain/xmp/policy.ts";
import { EMPTY_SNAPSHOT, type XmpSnapshot } from "../domain/xmp/snapshot.ts";
import { xmpTarget, type XmpTarget } from "../domain/xmp/target.ts";
import { RawXmpTags, snapshotFromTags, tagsForWrite } from "./xmp-tags.ts";

/** The exiftool config defining our XMP namespace (prefix "stridelight"). */
export const XMP_EXIFTOOL_CONFIG = fileURLToPath(new URL("./stridelight-xmp.config", import.meta.url));

/** exiftoolArgs for `new ExifTool({ exiftoolArgs })`: -config must come first on exiftool's command line. */
export function xmpExifToolArgs(): string[] {
  return ["-config", XMP_EXIFTOOL_CONFIG, ...DefaultExiftoolArgs];
}

const EXIFTOOL_TMP = "_exiftool_tmp";
const NEW_SIDECAR_TMP = ".stridelight-tmp.xmp";
const READ_ARGS = ["-G1", "-n", "-api", "structformat=jsonq", "-XMP:all"];
const writeOptions = () => ({ writeArgs: ["-overwrite_original"], useMWG: false });

export interface XmpRead {
  readonly target: XmpTarget;
  readonly snapshot: XmpSnapshot;
}

export interface XmpWriteOutcome {
  readonly target: XmpTarget;
  /** False when the plan changed nothing: the file was not touched. */
  readonly written: boolean;
  /** True when the write created the sidecar. */
  readonly created: boolean;
}

const fail = <T>(code: XmpErrorCode, file: string, message: string): Result<T, XmpError> => ({
  ok: false,
  error: new XmpError(code, file, message),
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Leftovers of an interrupted write (ours or exiftool's) in one folder; returns what was removed. */
export async function sweepStaleTemps(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((n) => n.endsWith(EXIFTOOL_TMP) || n.endsWith(NEW_SIDECAR_TMP));
  await Promise.all(stale.map((n) => rm(join(dir, n), { force: true })));
  return stale.map((n) => join(dir, n));
}

/** Why a path cannot be written, in words, or null when it can. Root ignores modes: EPERM/EROFS still show. */
async function unwritable(path: string): Promise<string | null> {
  try {
    await access(path, constants.W_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    return ["EACCES", "EPERM", "EROFS"].includes(code) ? `${path} is read-only (${code})` : null;
  }
}

/**
 * One write at a time per photo. Shared by every XmpStore of a process (one per folder policy): two stores writing
 * the same photo at once would each remove the other's temp file as its own.
 */
export class PhotoWriteQueues {
  /** The tail of the write queue per photo. */
  readonly #queues = new Map<string, Promise<unknown>>();

  /** Runs `job` after every earlier job of the same photo, in call order. */
  run<T>(file: string, job: () => Promise<T>): Promise<T> {
    const path = resolve(file);
    const previous = this.#queues.get(path) ?? Promise.resolve();
    const run = previous.then(job, job);
    const tail = run.catch(() => undefined);
    this.#queues.set(path, tail);
    void tail.then(() => {
      if (this.#queues.get(path) === tail) this.#queues.delete(path);
    });
    return run;
  }
}

export class XmpStore {
  readonly policy: XmpPolicy;
  #namespace: Promise<boolean> | null = null;

  /**
   * `exiftool` must have been started with xmpExifToolArgs() (our namespace); the caller owns its end(). Stores of
   * one process share `queues`, so a photo is never written by two of them at once.
   */
  constructor(
    private readonly exiftool: ExifTool,
    policy: Partial<XmpPolicy> = DEFAULT_XMP_POLICY,
    private readonly queues: PhotoWriteQueues = new PhotoWriteQueues(),
  ) {
    this.policy = XmpPolicy.parse({ ...DEFAULT_XMP_POLICY, ...policy });
  }

  /** Where this photo's XMP lives under the store's policy. */
  async target(file: string): Promise<Result<XmpTarget, XmpError>> {
    const path = resolve(file);
    if (!(await exists(path))) return fail("not-found", path, "no such file");
    const siblings = await readdir(dirname(path)).catch(() => [] as string[]);
    return xmpTarget(path, siblings, this.policy);
  }

  /** The photo's XMP as it is now (sidecar, or embedded); an absent sidecar reads as empty. */
  async readXmp(file: string): Promise<Result<XmpRead, XmpError>> {
    const target = await this.target(file);
    if (!target.ok) return target;
    const snapshot = await this.#readSnapshot(target.value);
    return snapshot.ok ? { ok: true, value: { target: target.value, snapshot: snapshot.value } } : snapshot;
  }

  /** Apply a plan made from readXmp's snapshot. Prefer update(), which reads and plans inside the file's lock. */
  async writeXmp(file: string, plan: XmpWritePlan): Promise<Result<XmpWriteOutcome, XmpError>> {
    return this.#serialised(file, async () => {
      const target = await this.target(file);
      return target.ok ? this.#write(target.value, plan) : target;
    });
  }

  /** Read, plan under the ownership rule and write, all while holding the file's lock (calls run in call order). */
  async update(
    file: string,
    intent: XmpIntent,
  ): Promise<Result<{ plan: XmpWritePlan; outcome: XmpWriteOutcome }, XmpError>> {
    const valid = XmpIntent.safeParse(intent);
    if (!valid.success)
      return fail("invalid-intent", resolve(file), valid.error.issues.map((i) => i.message).join("; "));
    return this.#serialised(file, async () => {
      const target = await this.target(file);
      if (!target.ok) return target;
      const current = await this.#readSnapshot(target.value);
      if (!current.ok) return current;
      const plan = planXmpWrite(current.value, valid.data, this.policy);
      const outcome = await this.#write(target.value, plan);
      return outcome.ok ? { ok: true as const, value: { plan, outcome: outcome.value } } : outcome;
    });
  }

  /** Keyed by the photo: a photo has exactly one target (collisions are refused), so this serialises its writes. */
  #serialised<T>(file: string, job: () => Promise<T>): Promise<T> {
    return this.queues.run(file, job);
  }

  async #readSnapshot(target: XmpTarget): Promise<Result<XmpSnapshot, XmpError>> {
    if (target.kind === "sidecar" && !(await exists(target.path))) return { ok: true, value: EMPTY_SNAPSHOT };
    try {
      const raw = await this.exiftool.readRaw(target.path, { readArgs: READ_ARGS, useMWG: false });
      const parsed = RawXmpTags.safeParse(raw);
      if (!parsed.success)
        return fail("unreadable-xmp", target.path, parsed.error.issues[0]?.message ?? "bad XMP");
      return { ok: true, value: snapshotFromTags(parsed.data) };
    } catch (e) {
      return fail("unreadable-xmp", target.path, (e as Error).message);
    }
  }

  /**
   * exiftool writes the other tags and only warns about an undefined one: without our namespace a rating would land
   * with no record that we wrote it. So before the first write, prove the namespace on a scratch sidecar.
   */
  #namespaceConfigured(): Promise<boolean> {
    this.#namespace ??= (async () => {
      const probe = join(tmpdir(), `stridelight-ns-probe-${process.pid}-${Date.now()}.xmp`);
      try {
        const r = await this.exiftool.write(
          probe,
          { "XMP-stridelight:SchemaVersion": "probe" } as WriteTags,
          writeOptions(),
        );
        return r.created === 1 && (r.warnings ?? []).length === 0;
      } catch {
        return false;
      } finally {
        await rm(probe, { force: true });
      }
    })();
    return this.#namespace;
  }

  async #write(target: XmpTarget, plan: XmpWritePlan): Promise<Result<XmpWriteOutcome, XmpError>> {
    if (!plan.changed) return { ok: true, value: { target, written: false, created: false } };
    if (!(await this.#namespaceConfigured())) {
      return fail(
        "namespace-not-configured",
        target.path,
        "exiftool was started without xmpExifToolArgs() (no stridelight namespace)",
      );
    }
    const isNew = target.kind === "sidecar" && !(await exists(target.path));
    const blocked =
      (isNew ? null : await unwritable(target.path)) ?? (await unwritable(dirname(target.path)));
    if (blocked !== null) return fail("read-only", target.path, blocked);
    const tags = tagsForWrite(plan.tags) as WriteTags;
    const done = isNew
      ? await this.#createSidecar(target.path, tags)
      : await this.#writeInPlace(target.path, tags);
    return done.ok ? { ok: true, value: { target, written: true, created: isNew } } : done;
  }

  /** exiftool writes PATH_exiftool_tmp and renames it over PATH: readers see the old file or the new one. */
  async #writeInPlace(path: string, tags: WriteTags): Promise<Result<true, XmpError>> {
    const tmp = `${path}${EXIFTOOL_TMP}`;
    // Only a crash leaves it (writes to one path are serialised here); exiftool refuses to write while it exists.
    await rm(tmp, { force: true });
    try {
      const result = await this.exiftool.write(path, tags, writeOptions());
      return refusedTags<true>(path, result.warnings) ?? { ok: true, value: true };
    } catch (e) {
      await rm(tmp, { force: true });
      return failedWrite(path, e as Error);
    }
  }

  /** A new sidecar is written under a temporary name, then linked into place only if none appeared meanwhile. */
  async #createSidecar(path: string, tags: WriteTags): Promise<Result<true, XmpError>> {
    const tmp = join(dirname(path), `.${basename(path)}${NEW_SIDECAR_TMP}`);
    await rm(tmp, { force: true });
    try {
      const result = await this.exiftool.write(tmp, tags, writeOptions());
      const refused = refusedTags<true>(path, result.warnings);
      if (refused) return refused;
      await link(tmp, path);
      return { ok: true, value: true };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === "EEXIST")
        return fail("concurrent-change", path, "a sidecar appeared while we were writing ours");
      return failedWrite(path, err);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }
}

/** exiftool only warns when it could not write a tag we asked for: that is a failed write to us. */
function refusedTags<T>(path: string, warnings: readonly string[] | undefined): Result<T, XmpError> | null {
  const refused = (warnings ?? []).filter((w) =>
    /not defined|doesn't exist|isn't writable|not writable/i.test(w),
  );
  return refused.length === 0 ? null : fail("write-failed", path, refused.join("; "));
}

function failedWrite<T>(path: string, e: Error): Result<T, XmpError> {
  const message = e.message;
  if (
    /Error (creating|renaming|opening)|Permission denied|Read-only|Operation not permitted/i.test(message)
  ) {
    return fail("read-only", path, message);
  }
  return fail("write-failed", path, message);
}
