/** Crops: proposals per aspect for the prominent runner (pure, on the main thread: a few milliseconds). */
import type { PhotoStep } from "./step.ts";

export const cropsStep: PhotoStep = {
  task: "crops",
  needed: (photo) => photo.crops === null && photo.analysis !== null && !("error" in photo.analysis),
  run(photo, ctx) {
    if (photo.analysis && !("error" in photo.analysis)) {
      ctx.store.photos.saveCrops(photo.id, ctx.services.crops.propose(photo.analysis));
    }
    return Promise.resolve("next" as const);
  },
};
