/** The job catalogue of the companion: every job type, each with its one handler. */
import { JobCatalogue } from "../catalogue.ts";
import { ingestPhoto } from "./ingest-photo.ts";
import { processPhoto } from "./process-photo.ts";
import { retrainJob } from "./retrain.ts";
import { xmpReadback } from "./retrain-readback.ts";
import { rescorePhoto } from "./retrain-rescore.ts";
import { relinkPeople } from "./relink-people.ts";
import { rescoreBurst } from "./rescore-burst.ts";
import { rescoreSeries } from "./rescore-series.ts";

export function companionJobs(): JobCatalogue {
  return new JobCatalogue([
    ingestPhoto,
    processPhoto,
    retrainJob,
    rescorePhoto,
    xmpReadback,
    rescoreBurst,
    rescoreSeries,
    relinkPeople,
  ]);
}
