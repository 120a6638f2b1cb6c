/**
 * What the learning layer needs from the pipeline's services to put a new head to work without a restart: a
 * scorer that can swap its keeper head and style weights, and a crop service that takes a learned offset.
 */
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import type { CropAdjustment } from "../../core/domain/crop/features.ts";
import { proposeCrops } from "../../core/domain/crop/propose.ts";
import type { StyleOptions } from "../../core/domain/style/running-style.ts";
import type { BuiltKeeperHead } from "../../core/models/keeper-head.ts";
import type { CropService, ScoringService } from "../queue/services.ts";

export interface SwappableScoring {
  /** New scores use this head; scores already running finish on the old one. */
  useKeeperHead(built: BuiltKeeperHead, version: string): Promise<void>;
  useStyle(options: StyleOptions, version: string): void;
}

export function isSwappable(s: ScoringService): s is ScoringService & SwappableScoring {
  const maybe = s as Partial<SwappableScoring>;
  return typeof maybe.useKeeperHead === "function" && typeof maybe.useStyle === "function";
}

/** The crop service with the active crop adjuster on top; with none active it is the service it wraps. */
export class LearnedCrops implements CropService {
  private adjustment: CropAdjustment | null = null;

  constructor(private readonly base: CropService) {}

  use(adjustment: CropAdjustment | null): void {
    this.adjustment = adjustment;
  }

  propose(record: AnalysisRecord) {
    return this.adjustment
      ? proposeCrops(record, { adjustment: this.adjustment })
      : this.base.propose(record);
  }
}
