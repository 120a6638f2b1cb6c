/** One step of a photo's pipeline. A step says whether it still has work, so a resumed job skips what is done. */
import type { FolderConfig } from "../../config/schema.ts";
import type { Photo } from "../../store/photos.ts";
import type { JobContext } from "../catalogue.ts";

export const TASKS = ["analyze", "score", "crops", "write-xmp"] as const;
export type Task = (typeof TASKS)[number];

export const TASK_DESCRIPTIONS: Readonly<Record<Task, string>> = Object.freeze({
  analyze: "find the runners, their pose, faces and eyes, sharpness and capture time",
  score: "running style, keeper score, flags, bibs, burst rank and stars under the folder's policy",
  crops: "crop proposals per aspect, in the displayed frame and in Camera Raw's frame",
  "write-xmp": "write rating, label, keywords and crop into the XMP as the folder's policy allows",
});

export interface StepContext extends JobContext {
  /** The folder's settings when the job began; steps read the settings in force through `folderNow`. */
  readonly folder: FolderConfig;
  /** The photographer is waiting for this photo. */
  readonly urgent: boolean;
  /** This job's last attempt: a problem that was worth retrying is now recorded instead of thrown. */
  readonly lastAttempt?: boolean;
}

/**
 * The folder's settings in force now. A job may outlive a config edit (the photographer changes the star policy while
 * a burst is re-scored): what it saves and writes after the edit follows the edited settings, or it would land over a
 * newer job's under the old ones.
 */
export function folderNow(ctx: StepContext): FolderConfig {
  return ctx.folderConfig(ctx.folder.path);
}

export interface PhotoStep {
  readonly task: Task;
  needed(photo: Photo, ctx: StepContext): boolean;
  /** "stop" ends the pipeline for this photo (it could not be analyzed). */
  run(photo: Photo, ctx: StepContext): Promise<"next" | "stop">;
}
