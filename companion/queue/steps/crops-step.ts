/** Crops: proposals per aspect for the prominent runner (pure, on the main thread: a few milliseconds). */
import type { PhotoStep } from "./step.ts";

export const cropsStep: PhotoStep = {
  task: "crops",
  needed: (photo) => photo.crops === null && photo.analysis !== null && !("error" in photo.analysis),
  async run(photo, ctx) {
    if (!photo.analysis || "error" in photo.analysis) return "next";
    ctx.store.photos.saveCrops(photo.id, ctx.services.crops.propose(photo.analysis));
    return "next";
  },
};
