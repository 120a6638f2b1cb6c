/** The crop service: core's proposeCrops with its defaults. */
import type { AnalysisRecord } from "../../core/domain/analysis.ts";
import { proposeCrops } from "../../core/domain/crop/propose.ts";
import type { CropService } from "../queue/services.ts";

export const coreCrops: CropService = {
  propose: (record: AnalysisRecord) => proposeCrops(record),
};
