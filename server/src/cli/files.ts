/**
 * Reading manifests for the CLI: expanding directories to their *.yaml / *.yml files and decoding bytes
 * as UTF-8 text, with clear errors for unreadable, binary and non-UTF-8 files.
 */
import * as path from 'path';
import { excludedByConfig, findProjectConfig, pathFilter, PROJECT_CONFIG_NAMES } from '../workspace/project-config';
import type { ExcludedBy, ProjectConfig } from '../workspace/project-config';
import type { CliIo } from './io';

/** A file argument read as text, or the reason it could not be. `name` is how messages show it. */
export type ReadResult = { readonly name: string; readonly text: string } | { readonly name: string; readonly error: string };

const YAML_FILE = /\.ya?ml$/i;

/**
 * Expands arguments: a directory becomes its *.yaml and *.yml files, recursively, sorted (without entering
 * {@link SKIPPED_DIRECTORIES}); `-` stays (standard input); other paths stay as given (so a missing file reports
 * its own error later). No configuration files or excludes: {@link collectFiles} for those.
 */
export function expandPaths(args: readonly string[], io: CliIo): string[] {
  return collectFiles(args, io, { exclude: [], useConfig: false }).files.map((f) => f.name);
}

/** Directories `podls check` never descends into: version control data and installed packages. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', 'node_modules']);

/** One file to check, with the `.podls.yaml` that applies to it (the nearest one above it). */
export interface CollectedFile {
  /** As given or as found below a directory argument; `-` is standard input. */
  readonly name: string;
  readonly config: ProjectConfig | undefined;
}

/** The files to check and what was left out. */
export interface CollectedFiles {
  readonly files: readonly CollectedFile[];
  /** Directories not entered, by name (`.git`, `node_modules`), with how many of each. */
  readonly skippedDirectories: ReadonlyMap<string, number>;
  /** Files and directories left out by an exclude glob (or a `.podls.yaml` include list), by what excluded them. */
  readonly excluded: ReadonlyMap<ExcludedBy, number>;
  /** Every `.podls.yaml` met (applying to a file or a directory looked at), in the order met. */
  readonly configs: readonly ProjectConfig[];
}

/** Options of {@link collectFiles}. */
export interface CollectOptions {
  /** `--exclude` globs, relative to `cwd`. */
  readonly exclude: readonly string[];
  /** The directory relative paths and command-line globs are resolved against (default: the process's). */
  readonly cwd?: string;
  /** Look for `.podls.yaml` files (read through `io.readFile`) and apply their excludes. */
  readonly useConfig: boolean;
}

/**
 * Expands arguments like {@link expandPaths} and decides what to check: directories named in
 * {@link SKIPPED_DIRECTORIES} are not entered; a file or directory matching a `--exclude` glob or an exclude glob of
 * the nearest `.podls.yaml` (or outside its include globs) is left out, also when named explicitly. Standard
 * input (`-`) uses the configuration of `cwd`.
 */
export function collectFiles(args: readonly string[], io: CliIo, options: CollectOptions): CollectedFiles {
  const cwd = options.cwd ?? path.resolve();
  const cli = pathFilter(cwd, options.exclude, true);
  const cache = new Map<string, ProjectConfig | undefined>();
  const readText = (file: string): string | undefined => {
    try {
      return Buffer.from(io.readFile(file)).toString('utf8');
    } catch {
      return undefined;
    }
  };
  const configs: ProjectConfig[] = [];
  const configOf = (dir: string): ProjectConfig | undefined => {
    const config = options.useConfig ? findProjectConfig(path.resolve(cwd, dir), readText, cache) : undefined;
    if (config !== undefined && !configs.includes(config)) configs.push(config);
    return config;
  };
  const files: CollectedFile[] = [];
  const skippedDirectories = new Map<string, number>();
  const excluded = new Map<ExcludedBy, number>();
  const exclude = (by: ExcludedBy): void => {
    excluded.set(by, (excluded.get(by) ?? 0) + 1);
  };
  /** Why `p` (a file, or a directory when `dir`) is left out, or undefined. */
  const exclusion = (p: string, config: ProjectConfig | undefined, dir: boolean): ExcludedBy | undefined => {
    const abs = path.resolve(cwd, p);
    if (cli.matches(abs)) return 'command line';
    if (config === undefined) return undefined;
    if (dir) return config.excludeFilter.matches(abs) ? 'config' : undefined;
    return excludedByConfig(config, abs) ? 'config' : undefined;
  };
  const add = (name: string, config: ProjectConfig | undefined): void => {
    const by = name === '-' ? undefined : exclusion(name, config, false);
    if (by !== undefined) {
      exclude(by);
      return;
    }
    files.push({ name, config });
  };
  const visit = (dir: string): void => {
    let entries: ReturnType<CliIo['readDir']>;
    try {
      entries = io.readDir(dir);
    } catch {
      add(dir, configOf(path.dirname(dir)));
      return;
    }
    const config = configOf(dir);
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory) {
        if (SKIPPED_DIRECTORIES.has(entry.name)) skippedDirectories.set(entry.name, (skippedDirectories.get(entry.name) ?? 0) + 1);
        else {
          const by = exclusion(full, configOf(full), true);
          if (by !== undefined) exclude(by);
          else visit(full);
        }
      } else if (entry.isFile && YAML_FILE.test(entry.name) && !PROJECT_CONFIG_NAMES.includes(entry.name)) add(full, config);
    }
  };
  for (const arg of args) {
    if (arg !== '-' && io.isDirectory(arg)) visit(arg);
    else add(arg, configOf(arg === '-' ? cwd : path.dirname(arg)));
  }
  return { files, skippedDirectories, excluded, configs };
}

/**
 * Decodes file bytes as UTF-8 text (a BOM is dropped). Returns an error for binary content (a NUL byte in
 * the first 8 KiB) or invalid UTF-8.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { error: string } {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { error: 'binary file (contains NUL bytes), not YAML' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    return { error: 'not valid UTF-8 text' };
  }
}

/** Reads one argument (`-` is standard input). Never throws. */
export async function readInput(arg: string, io: CliIo): Promise<ReadResult> {
  if (arg === '-') {
    try {
      return { name: '<stdin>', text: await io.readStdin() };
    } catch (e) {
      return { name: '<stdin>', error: e instanceof Error ? e.message : String(e) };
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(arg);
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
    const reason =
      code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
    return { name: arg, error: reason };
  }
  const decoded = decodeText(bytes);
  return 'text' in decoded ? { name: arg, text: decoded.text } : { name: arg, error: decoded.error };
}

/** The text of `file` read through `io`, or undefined when it is missing or not UTF-8 text. Never throws. */
export function readText(file: string, io: CliIo): string | undefined {
  try {
    const decoded = decodeText(io.readFile(file));
    return 'text' in decoded ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}
