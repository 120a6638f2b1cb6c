/**
 * Read watch-config.json: JSON, laid over the frozen defaults, validated with zod, paths made absolute.
 * A problem is returned as a value naming the file, the key and what is wrong.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { DEFAULT_CONFIG, DEFAULT_FOLDER } from "./defaults.ts";
import { describeIssues } from "./issues.ts";
import { mergeOver } from "./merge.ts";
import { WatchConfig } from "./schema.ts";

/** The config file a command uses: --config, else $STRIDELIGHT_CONFIG, else ./watch-config.json. */
export function configPath(flags: { config?: string | undefined }): string {
  return resolve(flags.config ?? process.env.STRIDELIGHT_CONFIG ?? "watch-config.json");
}

export interface LoadedConfig {
  /** The file it came from; null when the embedded defaults are used. */
  readonly file: string | null;
  readonly config: WatchConfig;
}

export interface ConfigError {
  readonly file: string;
  readonly problems: readonly string[];
}

export type ConfigResult = { ok: true; value: LoadedConfig } | { ok: false; error: ConfigError };

export function expandPath(path: string, base: string): string {
  if (path === "~") return homedir();
  if (path.startsWith("~/")) return join(homedir(), path.slice(2));
  return isAbsolute(path) ? resolve(path) : resolve(base, path);
}

/** Defaults plus a partial (already parsed JSON), validated; paths resolved against `base`. */
export function configFrom(
  partial: unknown,
  base: string,
): { ok: true; value: WatchConfig } | { ok: false; problems: string[] } {
  const withFolders = withFolderDefaults(partial);
  const parsed = WatchConfig.safeParse(mergeOver(DEFAULT_CONFIG, withFolders));
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error) };
  const config = parsed.data;
  config.dataDir = expandPath(config.dataDir, base);
  for (const folder of config.folders) folder.path = expandPath(folder.path, base);
  return { ok: true, value: config };
}

function withFolderDefaults(partial: unknown): unknown {
  if (typeof partial !== "object" || partial === null || !("folders" in partial)) return partial;
  const folders = partial.folders;
  if (!Array.isArray(folders)) return partial;
  return { ...partial, folders: folders.map((f: unknown) => mergeOver(DEFAULT_FOLDER, f)) };
}

/** Load a config file; `missingIsDefault` makes an absent file mean "the embedded defaults". */
export async function loadConfig(file: string, missingIsDefault = true): Promise<ConfigResult> {
  const path = resolve(file);
  const text = await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => e);
  if (text instanceof Error) {
    if (text.code === "ENOENT" && missingIsDefault) return defaultsFor(dirname(path));
    return {
      ok: false,
      error: { file: path, problems: [`cannot read the file (${text.code ?? text.message})`] },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: { file: path, problems: [`not valid JSON: ${(e as Error).message}`] } };
  }
  const result = configFrom(json, dirname(path));
  if (!result.ok) return { ok: false, error: { file: path, problems: result.problems } };
  return { ok: true, value: { file: path, config: result.value } };
}

function defaultsFor(base: string): ConfigResult {
  const result = configFrom({}, base);
  if (!result.ok) throw new Error(`the embedded defaults are invalid: ${result.problems.join("; ")}`);
  return { ok: true, value: { file: null, config: result.value } };
}
