/**
 * Uploads stream to disk: never held in memory, hashed as they arrive, refused beyond a size limit (the partial
 * file removed), a few at a time (the rest answered 503 to try again), and removed once their photo is analyzed.
 */
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Request } from "express";
import { sidecarsOf } from "../watcher/confine.ts";
import { HttpError } from "./http-error.ts";

export const UPLOAD_LIMITS = Object.freeze({
  /** The largest photo accepted (a big RAW is ~150 MB). */
  maxBytes: 300 * 1024 * 1024,
  /** Uploads received at once; each holds only a stream buffer, the cap bounds disk and sockets. */
  concurrent: 2,
  /** How long an upload stays waiting for its analysis before it is removed anyway. */
  keepMs: 30 * 60_000,
});

export class UploadGate {
  private active = 0;

  constructor(private readonly limit = UPLOAD_LIMITS.concurrent) {}

  /** Run `receive` when a slot is free; 503 (try again) when every slot is taken. */
  async admit<T>(receive: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit)
      throw new HttpError(503, `${this.limit} uploads are already being received: try again shortly`);
    this.active += 1;
    try {
      return await receive();
    } finally {
      this.active -= 1;
    }
  }
}

/** Streams the request body into `dir`; returns the stored file (named by content hash) or throws 400/413. */
export async function receiveUpload(
  req: Request,
  dir: string,
  name: string,
  maxBytes = UPLOAD_LIMITS.maxBytes,
): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (declared > maxBytes) {
    req.resume();
    throw new HttpError(413, `the upload is larger than ${maxBytes} bytes`);
  }
  const partial = join(dir, `.upload-${randomUUID()}.part`);
  const hash = createHash("sha256");
  let size = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(partial, { flags: "wx", mode: 0o600 });
      const fail = (error: Error) => {
        req.pause(); // read no more: the answer goes out and the connection is closed behind it
        out.destroy();
        reject(error);
      };
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return fail(new HttpError(413, `the upload is larger than ${maxBytes} bytes`));
        hash.update(chunk);
        if (!out.write(chunk)) {
          req.pause();
          out.once("drain", () => req.resume());
        }
      });
      req.on("end", () => out.end());
      req.on("aborted", () => fail(new Error("the client went away")));
      req.on("error", fail);
      out.on("error", fail);
      out.on("close", () => (out.writableFinished ? resolve() : undefined));
    });
  } catch (error) {
    await rm(partial, { force: true });
    req.res?.setHeader("Connection", "close");
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, `the upload was interrupted (${(error as Error).message})`);
  }
  if (size === 0) {
    await rm(partial, { force: true });
    throw new HttpError(400, "send the photo's bytes as the request body");
  }
  const stored = join(dir, `${hash.digest("hex").slice(0, 16)}${extname(name).toLowerCase()}`);
  await rename(partial, stored);
  return stored;
}

/** An upload's file and any sidecar written beside it. */
export async function removeUpload(path: string): Promise<void> {
  await Promise.all([path, ...sidecarsOf(path)].map((p) => rm(p, { force: true })));
}
