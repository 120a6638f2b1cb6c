/**
 * The embedded defaults: the companion runs with no config file at all. A user's watch-config.json is merged
 * over these key by key (defaults for each folder come from DEFAULT_FOLDER).
 */
import { ALONE_THRESHOLDS } from "../../core/domain/star-policy.ts";
import { WORKING_SIZE } from "../../core/domain/working-size.ts";
import type { FolderConfig, WatchConfig } from "./schema.ts";

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Everything a folder entry leaves out. Ratings and keywords on; labels and crops are opt-in. */
export const DEFAULT_FOLDER: Readonly<Omit<FolderConfig, "path">> = deepFreeze({
  recursive: true,
  include: [],
  exclude: [],
  write: { ratings: true, labels: false, keywords: true, crop: false },
  // Absolute stars: a photo's stars must not depend on which photos of the card happen to have arrived before it.
  policy: { stars: { mode: "absolute", thresholds: [...ALONE_THRESHOLDS] } },
  // Embedded XMP for JPEG/TIFF/DNG/HEIC/PSD (image data untouched, atomic replace): Lightroom reads only the XMP inside
  // those files, so sidecars would leave a JPEG shooter with no stars at all. RAW always gets a basename sidecar.
  sidecar: { style: "basename", neverModifyOriginals: false },
});

/** With no config file: one import folder, ./import beside where the companion was started. */
export const DEFAULT_CONFIG: Readonly<WatchConfig> = deepFreeze({
  version: 1,
  dataDir: ".stridelight",
  workers: "auto",
  maxSide: WORKING_SIZE.default,
  // A card reader writes without pause; a NAS over Wi-Fi can stall a couple of seconds between blocks.
  settleMs: 3000,
  http: { port: 7613, allowedOrigins: [], listen: "127.0.0.1", allowedHosts: [] },
  folders: [{ path: "import", ...structuredClone(DEFAULT_FOLDER) }],
});
