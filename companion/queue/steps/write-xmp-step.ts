/**
 * Write XMP exactly once. The intent is committed to the store before the file is touched and marked done after.
 * A job resumed after a kill -9 finds an open intent: it asks the file whether the write already landed and only
 * writes when it did not; a finished write is never repeated.
 */
import { rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { sidecarsOf, xmpTargetProblem } from "../../watcher/confine.ts";
import { hashFile } from "../hash-file.ts";
import type { Photo } from "../../store/photos.ts";
import type { StepContext, PhotoStep } from "./step.ts";
import { xmpBehind, xmpPlanOf, xmpTargetOf, type XmpPlan } from "./xmp-plan.ts";

export const writeXmpStep: PhotoStep = {
  task: "write-xmp",
  needed: xmpBehind,
  async run(photo, ctx) {
    const { plan, outside } = await confinedPlan(photo, ctx);
    const { record, created } = ctx.store.writes.intend(photo.id, plan.target, plan.hash, {
      intent: plan.intent,
      policy: plan.policy,
    });
    if (outside) {
      ctx.store.writes.finish(record.id, "failed", { written: false, skipped: [], problem: outside });
      ctx.log.warn({ path: plan.target, problem: outside }, "xmp not written");
      return "next";
    }
    // An intent left open: a kill interrupted this very write, maybe leaving its temp file behind.
    if (!created) await removeInterruptedTemps(plan.target);
    if (!created && (await resumed(ctx, record.id, plan))) return "next";
    const outcome = await writeOrGiveUp(ctx, plan);
    if (outcome.written) await rememberOwnWrite(ctx, plan.target);
    ctx.store.writes.finish(
      record.id,
      outcome.problem ? "failed" : outcome.written ? "done" : "skipped",
      outcome,
    );
    ctx.log.info(
      { path: plan.target, written: outcome.written, skipped: outcome.skipped, problem: outcome.problem },
      "xmp written",
    );
    return "next";
  },
};

/** Checks of a target that moved while it was checked, before the move is taken for a problem. */
const TARGET_CHECKS = 3;

/**
 * The plan for the photo as the store holds it now, and the problem of its target if the target (or a sidecar beside
 * it) does not really lie inside the folders. Checked first, planned after with no wait before the write is queued
 * (one queue per photo): a job that saved newer scores meanwhile plans and writes after this one, never under it. The
 * job's own copy of the photo may be older than the store's (the file renamed or moved since): the place checked is
 * the place the plan writes, checked again if the photo moved during the check.
 */
async function confinedPlan(
  photo: Photo,
  ctx: StepContext,
): Promise<{ plan: XmpPlan; outside: string | null }> {
  const now = () => {
    const stored = ctx.store.photos.get(photo.id);
    return stored?.scores ? stored : photo;
  };
  for (let check = 1; ; check++) {
    const target = xmpTargetOf(now(), ctx);
    const outside = await xmpTargetProblem(target, ctx.roots());
    const plan = xmpPlanOf(now(), ctx);
    if (plan.target === target) return { plan, outside };
    if (check === TARGET_CHECKS)
      return { plan, outside: `${plan.target}: the photo kept moving while its place was checked` };
  }
}

/**
 * A write that failed in a way worth retrying (the disk full, the folder read-only, the file busy) is retried by
 * the job; on its last attempt the problem is recorded and the photo still counts as done: never stuck half-way.
 */
async function writeOrGiveUp(ctx: StepContext, plan: XmpPlan) {
  try {
    return await ctx.services.xmp.write(plan.target, plan.intent, plan.policy);
  } catch (error) {
    if (!ctx.lastAttempt) throw error;
    const problem = `gave up after retries: ${error instanceof Error ? error.message : String(error)}`;
    return { written: false, skipped: [], problem };
  }
}

/**
 * XMP written into the file itself changes its bytes: the new hash is recorded now, so the watcher's change event
 * is recognised as our own metadata write and not taken for new content to analyze.
 */
async function rememberOwnWrite(ctx: StepContext, target: string): Promise<void> {
  const hash = await hashFile(target).catch(() => null);
  if (hash) ctx.store.photos.updateFileHash(target, hash);
}

/** The temp files an interrupted write of this target leaves (the XMP writer's names; nothing else is touched). */
async function removeInterruptedTemps(target: string): Promise<void> {
  const temps = [
    `${target}_exiftool_tmp`,
    ...sidecarsOf(target).flatMap((s) => [
      join(dirname(s), `.${basename(s)}.stridelight-tmp.xmp`),
      `${s}_exiftool_tmp`,
    ]),
  ];
  await Promise.all(temps.map((t) => rm(t, { force: true })));
}

/** An intent left open by a crash: done already if the file holds it. */
async function resumed(ctx: StepContext, id: number, plan: XmpPlan): Promise<boolean> {
  if (!(await ctx.services.xmp.holds(plan.target, plan.intent, plan.policy))) return false;
  ctx.store.writes.finish(id, "done", { written: true, recovered: true });
  ctx.log.info({ path: plan.target }, "xmp write found complete after a restart");
  return true;
}
