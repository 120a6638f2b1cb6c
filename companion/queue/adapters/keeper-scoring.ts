/** The scoring service: core's scoreShoot with the keeper head (the prior head, or a card the store made active). */
import type { AnalysisRecord } from "../../../core/domain/analysis.ts";
import type { Policy } from "../../../core/domain/policy.ts";
import { DEFAULT_SCORING_OPTIONS, scoreShoot } from "../../../core/domain/scoring.ts";
import {
  buildKeeperHead,
  KEEPER_HEAD_ID,
  openKeeperHead,
  type OpenKeeperHead,
} from "../../../core/models/keeper-head.ts";
import type { ScoringService } from "../services.ts";

export class KeeperScoring implements ScoringService {
  private constructor(
    private readonly head: OpenKeeperHead,
    private readonly version: string,
  ) {}

  static async open(): Promise<KeeperScoring> {
    const built = buildKeeperHead();
    return new KeeperScoring(await openKeeperHead(built), built.card.version);
  }

  get models(): Record<string, string> {
    return { [KEEPER_HEAD_ID]: this.version };
  }

  scoreShoot(records: readonly AnalysisRecord[], policy: Policy) {
    return scoreShoot(records, { ...DEFAULT_SCORING_OPTIONS, policy }, this.head.head);
  }

  close(): Promise<void> {
    return this.head.close();
  }
}
