/**
 * Photos live on a shared disk that every machine mounts at its own path (/Volumes/Race on the photographer's
 * Mac, /mnt/race on a worker). Jobs carry a shared name ("race:2024/IMG_1.CR3"); each machine maps its own
 * prefix to that name. A path under no prefix travels unchanged (machines that mount the disk at the same path).
 */
import { z } from "zod";

/** Local folder -> shared name, e.g. { "/Volumes/Race": "race" }. */
export const PathMapConfig = z.record(
  z.string().min(1, "a local folder cannot be empty"),
  z.string().regex(/^[A-Za-z0-9._-]+$/, "a shared name is letters, digits, '.', '_' or '-'"),
);
export type PathMapConfig = z.infer<typeof PathMapConfig>;

interface Rule {
  readonly local: string;
  readonly shared: string;
}

export class PathMap {
  private readonly rules: Rule[];

  constructor(config: PathMapConfig = {}) {
    this.rules = Object.entries(config)
      .map(([local, shared]) => ({ local: withoutTrailingSlash(local), shared }))
      .sort((a, b) => b.local.length - a.local.length); // the most specific folder wins
  }

  /** Parses "--path-map /mnt/race=race" flags. */
  static fromFlags(flags: readonly string[]): PathMap {
    const entries = flags.map((flag) => {
      const at = flag.lastIndexOf("=");
      if (at <= 0) throw new Error(`--path-map ${flag}: give it as /local/folder=shared-name`);
      return [flag.slice(0, at), flag.slice(at + 1)] as const;
    });
    return new PathMap(PathMapConfig.parse(Object.fromEntries(entries)));
  }

  /** This machine's path -> the name every machine understands. */
  toShared(path: string): string {
    const rule = this.rules.find((r) => path === r.local || path.startsWith(`${r.local}/`));
    return rule ? `${rule.shared}:${path.slice(rule.local.length + 1)}` : path;
  }

  /** A job's shared name -> this machine's path; null when the name's share is not mounted here. */
  toLocal(shared: string): string | null {
    const colon = shared.indexOf(":");
    if (shared.startsWith("/") || colon < 1 || /^[A-Za-z]:[\\/]/.test(shared)) return shared;
    const name = shared.slice(0, colon);
    const rule = this.rules.find((r) => r.shared === name);
    return rule ? `${rule.local}/${shared.slice(colon + 1)}` : null;
  }
}

function withoutTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}
