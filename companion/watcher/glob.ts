/**
 * The include/exclude patterns of watch-config.json: "*" within a folder name, "**" across folders, "?" one
 * character, "{a,b}" alternatives. Case-insensitive, because cards name files IMG_0001.JPG.
 */
const SPECIAL = /[.+^$()|[\]\\]/g;

export function globToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" && pattern[i + 1] === "*") {
      const slash = pattern[i + 2] === "/";
      out += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "{") out += "(?:";
    else if (c === "}") out += ")";
    else if (c === ",") out += "|";
    else out += c.replace(SPECIAL, "\\$&");
  }
  return new RegExp(`^${out}$`, "i");
}

/** A path relative to the watched folder, with "/" separators. A pattern without "/" matches the name anywhere. */
export function matchesAny(relative: string, patterns: readonly RegExp[], names: readonly RegExp[]): boolean {
  const name = relative.slice(relative.lastIndexOf("/") + 1);
  return patterns.some((p) => p.test(relative)) || names.some((p) => p.test(name));
}

export interface PatternSet {
  readonly paths: RegExp[];
  readonly names: RegExp[];
}

export function compilePatterns(patterns: readonly string[]): PatternSet {
  const paths = patterns.filter((p) => p.includes("/")).map(globToRegExp);
  const names = patterns.filter((p) => !p.includes("/")).map(globToRegExp);
  return { paths, names };
}
