/**
 * The scoring service: core's scoreShoot with the keeper head (the prior head, or the version the store made
 * active: the learning layer swaps it in with useKeeperHead) and the running-style weights (useStyle).
 */
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import type { Policy } from "../../core/domain/star-policy.ts";
import { DEFAULT_SCORING_OPTIONS } from "../../core/domain/scoring.ts";
import { DEFAULT_PEOPLE_OPTIONS } from "../../core/domain/people/index.ts";
import { scoreAndLink } from "../../core/pipeline/score-shoot.ts";
import type { StyleOptions } from "../../core/domain/style/running-style.ts";
import {
  buildKeeperHead,
  KEEPER_HEAD_ID,
  openKeeperHead,
  type BuiltKeeperHead,
  type OpenKeeperHead,
} from "../../core/models/keeper-head.ts";
import type { ScoringService } from "../queue/services.ts";

const STYLE_HEAD_ID = "style-head";

/** A loaded head and the scores running on it: it is closed only once the last of them is done. */
interface Loaded {
  readonly head: OpenKeeperHead;
  readonly version: string;
  running: number;
  retired: boolean;
}

export class KeeperScoring implements ScoringService {
  private style: StyleOptions = DEFAULT_SCORING_OPTIONS.style;
  private styleVersion = "1";

  private constructor(private current: Loaded) {}

  static async open(): Promise<KeeperScoring> {
    const built = buildKeeperHead();
    return new KeeperScoring({
      head: await openKeeperHead(built),
      version: built.card.version,
      running: 0,
      retired: false,
    });
  }

  get models(): Record<string, string> {
    return { [KEEPER_HEAD_ID]: this.current.version, [STYLE_HEAD_ID]: this.styleVersion };
  }

  /** New scores use this head; scores already running finish on the old one, which is closed after them. */
  async useKeeperHead(built: BuiltKeeperHead, version: string): Promise<void> {
    const next: Loaded = { head: await openKeeperHead(built), version, running: 0, retired: false };
    const old = this.current;
    this.current = next;
    old.retired = true;
    if (old.running === 0) await old.head.close();
  }

  useStyle(options: StyleOptions, version: string): void {
    this.style = options;
    this.styleVersion = version;
  }

  async scoreShoot(
    records: readonly AnalysisRecord[],
    policy: Policy,
    alsoLinked: readonly AnalysisRecord[] = [],
  ) {
    const loaded = this.current;
    loaded.running++;
    try {
      // The CLI's composition; one runner across the frames scored together and the frames around them.
      return await scoreAndLink(
        records,
        { ...DEFAULT_SCORING_OPTIONS, style: this.style, policy },
        loaded.head.head,
        DEFAULT_PEOPLE_OPTIONS,
        alsoLinked,
      );
    } finally {
      loaded.running--;
      if (loaded.retired && loaded.running === 0) await loaded.head.close();
    }
  }

  close(): Promise<void> {
    return this.current.head.close();
  }
}
