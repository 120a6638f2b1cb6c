/**
 * Which files in a watched folder are photos to take: photo extensions only, never our own sidecars or the temp
 * files of a copy in progress or of an XMP write, then the folder's include/exclude patterns.
 */
import { relative, sep } from "node:path";
import { isPhotoName } from "../files/photo-files.ts";
import type { FolderConfig } from "../config/schema.ts";
import { compilePatterns, matchesAny, type PatternSet } from "./glob.ts";

/** Copy tools, browsers, editors and exiftool leave these while they work. */
const TEMP_NAME =
  /(^\.|~$|\.(tmp|temp|part|partial|crdownload|download|swp)$|_exiftool_tmp$|\.stridelight-tmp\.xmp$)/i;

export function isTempOrSidecar(name: string): boolean {
  return TEMP_NAME.test(name) || /\.xmp$/i.test(name);
}

export class FileFilter {
  private readonly include: PatternSet;
  private readonly exclude: PatternSet;

  constructor(private readonly folder: FolderConfig) {
    this.include = compilePatterns(folder.include);
    this.exclude = compilePatterns(folder.exclude);
  }

  /** True when the file at `path` (inside the folder) should be analyzed. */
  accepts(path: string): boolean {
    const rel = relative(this.folder.path, path).split(sep).join("/");
    if (rel.startsWith("..") || rel === "") return false;
    const name = rel.slice(rel.lastIndexOf("/") + 1);
    if (isTempOrSidecar(name) || !isPhotoName(name)) return false;
    if (!this.folder.recursive && rel.includes("/")) return false;
    if (rel.split("/").some((part) => part.startsWith("."))) return false;
    const included =
      this.include.paths.length + this.include.names.length === 0 ||
      matchesAny(rel, this.include.paths, this.include.names);
    return included && !matchesAny(rel, this.exclude.paths, this.exclude.names);
  }
}
