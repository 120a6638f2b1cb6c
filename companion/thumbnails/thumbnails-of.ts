/**
 * One thumbnail service per running companion, made on the first thumbnail asked for (a companion only driven by
 * the Lightroom plugin never starts its exiftool process). The cache lives in the companion's data folder.
 */
import type { CompanionApi } from "../http/companion-api.ts";
import { ThumbnailCache } from "./thumbnail-cache.ts";
import { ThumbnailService } from "./thumbnail-service.ts";

const services = new WeakMap<CompanionApi, ThumbnailService>();

export function thumbnailsOf(api: CompanionApi): ThumbnailService {
  let service = services.get(api);
  if (!service) {
    service = new ThumbnailService(new ThumbnailCache(api.config().dataDir));
    services.set(api, service);
  }
  return service;
}

/** Ends the service's exiftool process; the daemon's stop() should call it (exiftool also ends on process exit). */
export async function closeThumbnails(api: CompanionApi): Promise<void> {
  const service = services.get(api);
  services.delete(api);
  await service?.close();
}
