/**
 * The learning layer of a running companion: puts the active head versions to work in the scorer and the crop
 * service, retrains when enough new feedback has come in, and queues the follow-up work (re-scoring, XMP read-back).
 * One per running companion: the composition root makes it and hands it to the jobs (JobContext.learning).
 */
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { buildKeeperHead } from "../../core/models/keeper-head.ts";
import { KEEPER_HEAD_ID } from "../../core/models/keeper-head.ts";
import {
  CROP_ADJUSTER_ID,
  keeperWeightsOf,
  PRIOR_VERSION,
  STYLE_HEAD_ID,
} from "../../core/models/trained-heads.ts";
import type { PhotoServices } from "../queue/services.ts";
import type { Store } from "../store/store.ts";
import { loadActive, styleOptionsOf } from "./active-heads.ts";
import { HeadFiles } from "./head-files.ts";
import { isSwappable, LearnedCrops } from "./swappable.ts";
import { DEFAULT_LEARNING, type LearningSettings } from "./settings.ts";

export type Enqueue = (type: string, key: string, payload: unknown, priority?: number) => void;

export class LearningRuntime {
  readonly files: HeadFiles;
  readonly services: PhotoServices;
  private readonly crops: LearnedCrops;
  private timers: NodeJS.Timeout[] = [];
  settings: LearningSettings = DEFAULT_LEARNING;

  private constructor(
    readonly store: Store,
    dataDir: string,
    base: PhotoServices,
    private readonly log: Logger,
  ) {
    this.files = new HeadFiles(dataDir);
    this.crops = new LearnedCrops(base.crops);
    this.services = { ...base, crops: this.crops };
  }

  /** Wraps the services (the crop service learns) and puts the active versions to work. */
  static async attach(
    store: Store,
    dataDir: string,
    base: PhotoServices,
    log: Logger,
  ): Promise<LearningRuntime> {
    const runtime = new LearningRuntime(store, dataDir, base, log);
    await runtime.applyActive();
    return runtime;
  }

  /** Loads whatever the store says is active (after a promotion, an activation or a roll-back). */
  async applyActive(): Promise<void> {
    const active = loadActive(this.store, this.files);
    this.crops.use(active.versions[CROP_ADJUSTER_ID] === PRIOR_VERSION ? null : active.heads.crop);
    const scoring = this.services.scoring;
    if (!isSwappable(scoring)) return;
    scoring.useStyle(styleOptionsOf(active.heads.style), active.versions[STYLE_HEAD_ID]);
    const version = active.versions[KEEPER_HEAD_ID];
    const card = active.cards[KEEPER_HEAD_ID];
    if (!card) return scoring.useKeeperHead(buildKeeperHead(), PRIOR_VERSION);
    const bytes = this.files.readOnnx(KEEPER_HEAD_ID, version);
    const sha = createHash("sha256").update(bytes).digest("hex");
    if (sha !== card.sha256) {
      this.log.error({ version, sha }, "keeper head file does not match its card: keeping the head in use");
      return;
    }
    const built = buildKeeperHead(keeperWeightsOf(card.parameters), undefined, {
      kind: "fitted",
      notes: card.date,
    });
    await scoring.useKeeperHead({ bytes, card: { ...built.card, version } }, version);
  }

  /** Background triggers: retrain after every `retrainAfter` feedback events; read XMP back now and then. */
  start(settings: LearningSettings, enqueue: Enqueue): void {
    this.stop();
    this.settings = settings;
    const check = () => this.checkFeedback(enqueue);
    this.timers.push(setInterval(check, settings.checkEveryMs));
    if (settings.readBackEveryMs > 0) {
      const readBack = () =>
        enqueue("xmp-readback", `xmp-readback:${Math.floor(Date.now() / settings.readBackEveryMs)}`, {});
      this.timers.push(setInterval(readBack, settings.readBackEveryMs));
    }
    for (const t of this.timers) t.unref();
    check();
  }

  /** Queues a retrain once per `retrainAfter` events: the job key makes the k-th one unique across restarts. */
  checkFeedback(enqueue: Enqueue): void {
    if (!this.store.isOpen) return;
    const count = this.store.feedback.count();
    const step = Math.floor(count / this.settings.retrainAfter) * this.settings.retrainAfter;
    if (step === 0) return;
    enqueue("retrain", `retrain:${step}`, { feedback: step }, -10);
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }
}
