/**
 * The UXP manifest (v5), generated so the companion's origin and port are written in one place. UXP only lets
 * the plugin reach origins listed in requiredPermissions.network.domains, port included, so both spellings of
 * the loopback address are listed.
 */
export const PLUGIN_ID = "com.stridelight.photoshop";
export const PANEL_ID = "stridelightPanel";
export const DEFAULT_PORT = 7613;
/** The oldest Photoshop the panel runs in (see host in pluginManifest). */
export const MIN_PHOTOSHOP = "23.3.0";

export interface ManifestOptions {
  readonly version: string;
  readonly port: number;
}

/** The origins the panel may call: the companion on the loopback address, by IP and by name. */
export function companionOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export function pluginManifest(options: ManifestOptions) {
  return {
    manifestVersion: 5,
    id: PLUGIN_ID,
    name: "Stridelight",
    version: uxpVersion(options.version),
    main: "index.html",
    // One object, not an array: Creative Cloud refuses a .ccx whose host is an array (arrays are for development).
    // 23.3 is the first Photoshop with manifest v5; everything the panel calls exists there (executeAsModal,
    // suspendHistory, Document.crop, secureStorage) except the `imaging` module (24.4; 24.2-24.3 call it
    // imaging_beta): host.ts falls back to imaging_beta, and without either the panel draws the crops on a plain
    // frame of the photo's proportions.
    host: { app: "PS", minVersion: MIN_PHOTOSHOP },
    entrypoints: [
      {
        type: "panel",
        id: PANEL_ID,
        label: { default: "Stridelight" },
        minimumSize: { width: 240, height: 320 },
        maximumSize: { width: 2000, height: 2000 },
        preferredDockedSize: { width: 300, height: 620 },
        preferredFloatingSize: { width: 320, height: 660 },
      },
    ],
    requiredPermissions: {
      network: { domains: companionOrigins(options.port) },
      // The document's path comes from Photoshop's DOM: the plugin never reads files itself.
      localFileSystem: "plugin",
    },
  };
}

/** UXP wants x.y.z with numbers only. */
function uxpVersion(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`not a version UXP accepts: ${version}`);
  return `${m[1]}.${m[2]}.${m[3]}`;
}
