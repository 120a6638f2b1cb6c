/** Which files belong together: RAW+JPEG of one shot share a pair key (folder and name without extension). */
import { basename, dirname, extname, join } from "node:path";
import { RAW_EXTENSIONS } from "../../core/domain/formats.ts";

export function isRawFile(path: string): boolean {
  return RAW_EXTENSIONS.includes(extname(path).toLowerCase());
}

export function pairKeyOf(path: string): string {
  return join(dirname(path), basename(path, extname(path))).toLowerCase();
}
