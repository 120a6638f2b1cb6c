import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

/** The package's root folder (where package.json lives). */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** The team's evaluation photos, beside the repository; absent on a user's machine and in a fresh clone. */
export const DEV_DATA = resolve(PACKAGE_ROOT, "../shared/data/dev");
